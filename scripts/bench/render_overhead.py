# Interleaved timing: each round runs the script once and renders it once per format, so
# machine load hits all of them alike. Median of 5 rounds.
import resource, subprocess, time, statistics, sys, os, tempfile
root = os.getcwd()
b = os.path.join(root, ".build/release/dnnscript")
s = os.path.join(root, sys.argv[1]); extra = sys.argv[2:]
d = tempfile.mkdtemp()
cmds = {"run": [b, s] + extra}
for fmt in ["html", "ipynb", "md"]:
    cmds[fmt] = [b, "render", s, "--to", fmt, "-o", os.path.join(d, "out." + fmt)] + (["--"] + extra if extra else [])
times = {k: [] for k in cmds}
cpu = {k: [] for k in cmds}
for _ in range(5):
    for k, cmd in cmds.items():
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN); t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=d)
        times[k].append(time.perf_counter() - t0); r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[k].append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
base = statistics.median(times["run"]); cbase = statistics.median(cpu["run"])
for k, xs in times.items():
    m = statistics.median(xs)
    c = statistics.median(cpu[k])
    print(f"{k:6s} wall median {m:.3f}s ratio {m / base:.3f} | cpu median {c:.3f}s ratio {c / cbase:.3f}  (wall {', '.join(f'{x:.2f}' for x in xs)})")
