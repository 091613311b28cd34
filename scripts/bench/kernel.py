#!/usr/bin/env python3
"""Benchmark: the dnnscript Jupyter kernel side by side with ipykernel (issue 11, "Speed").

    python3 scripts/bench/kernel.py [--starts N] [--executes N] [--rounds N] [--iterations N]

Run from the repository root after `make build` (or set DNNSCRIPT). Measures, with
jupyter_client, for both kernels where it applies:

  start       KernelManager.start_kernel() to the kernel_info_reply, median of N starts
              (target for dnnscript: < 0.3 s)
  round trip  a `1 + 1` cell, execute_request sent to execute_reply and idle received,
              median of N after 10 warm-up cells (target: faster than ipykernel)
  train       assignment 1's He run (docs/course-reference.md §2: seed 1 circles(300), [2, 10, 5, 1],
              seed 3, he, lr 0.01, cost every 1000) with more iterations, in a kernel cell
              (with its progress display) vs the same script run by `dnnscript --no-plots
              FILE` (output to /dev/null), interleaved rounds, medians of wall time (the
              target) and of CPU time (kernel process vs child process: steadier under load)
              (target: the cell within 5% of the file)
  prints      a cell printing 5000 lines (`for i in 0..5000 { print i }`) vs the same
              script as a file, and ipykernel's `for i in range(5000): print(i)`: how the
              kernel batches its stdout stream (median of the rounds; no target in the issue)
  idle CPU    utime + stime of the kernel process (/proc/PID/stat) over 5 s with no client
              traffic, after one cell ran (target: ~0, no busy polling)

Prints a table. Always exits 0: this is a measurement, not a test.
"""
from __future__ import annotations

import argparse
import os
import queue
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client import KernelManager

REPO = Path.cwd()
DNNSCRIPT = Path(os.environ.get("DNNSCRIPT") or REPO / ".build/release/dnnscript").resolve()
KERNEL_NAME = "dnnscript-bench"
TICKS = os.sysconf("SC_CLK_TCK")

TRAIN_SETUP = """seed 1
dataset train = circles(300, noise: 0.05)
network net { input 2; dense 10 relu; dense 5 relu; dense 1 sigmoid }
"""
TRAIN_RUN = """seed 3
let m = model(net, init: he)
let run = train m on train {{ lr: 0.01, iterations: {iterations}, print_every: 1000 }}
"""


def wait_reply(kc, msg_id: str, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            msg = kc.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            break
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg
    raise TimeoutError(f"no reply to {msg_id} within {timeout} s")


def wait_idle(kc, msg_id: str, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            break
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            return
    raise TimeoutError(f"no idle for {msg_id} within {timeout} s")


def run_cell(kc, code: str, timeout: float = 600) -> dict:
    msg_id = kc.execute(code)
    reply = wait_reply(kc, msg_id, timeout)
    wait_idle(kc, msg_id, timeout)
    return reply


class Running:
    """A started kernel with a client, stopped on exit."""

    def __init__(self, name: str, cwd: str):
        self.km = KernelManager(kernel_name=name)
        self.km.start_kernel(cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)

    @property
    def pid(self) -> int:
        return self.km.provisioner.process.pid

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        try:
            self.kc.stop_channels()
        finally:
            self.km.shutdown_kernel(now=True)


def start_time(name: str, cwd: str) -> float:
    began = time.perf_counter()
    km = KernelManager(kernel_name=name)
    km.start_kernel(cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kc = km.client()
    kc.start_channels(hb=False)
    try:
        msg_id = kc.kernel_info()
        wait_reply(kc, msg_id, 60)
        return time.perf_counter() - began
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def round_trips(name: str, cwd: str, code: str, n: int) -> list[float]:
    with Running(name, cwd) as k:
        for _ in range(10):
            run_cell(k.kc, code)
        times = []
        for _ in range(n):
            began = time.perf_counter()
            run_cell(k.kc, code)
            times.append(time.perf_counter() - began)
        return times


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime (fields 14, 15)


def idle_cpu(name: str, cwd: str, code: str, seconds: float = 5.0) -> float:
    with Running(name, cwd) as k:
        run_cell(k.kc, code)
        k.kc.stop_channels()  # no client traffic (heartbeats) during the window
        time.sleep(1.0)
        before = cpu_seconds(k.pid)
        time.sleep(seconds)
        return cpu_seconds(k.pid) - before


def train_rounds(cwd: str, iterations: int, rounds: int):
    """Wall and CPU seconds of the train in a cell and in a file, one pair per round."""
    script = Path(cwd) / "he_run.dnn"
    script.write_text(TRAIN_SETUP + TRAIN_RUN.format(iterations=iterations))
    cell = TRAIN_RUN.format(iterations=iterations)
    in_cell, in_file, cpu_cell, cpu_file = [], [], [], []
    with Running(KERNEL_NAME, cwd) as k:
        reply = run_cell(k.kc, TRAIN_SETUP)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"setup cell failed: {reply['content']}")
        for _ in range(rounds):
            began, cpu = time.perf_counter(), cpu_seconds(k.pid)
            reply = run_cell(k.kc, cell)
            in_cell.append(time.perf_counter() - began)
            cpu_cell.append(cpu_seconds(k.pid) - cpu)
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"train cell failed: {reply['content']}")
            began, usage = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([str(DNNSCRIPT), "--no-plots", str(script)], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
            in_file.append(time.perf_counter() - began)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu_file.append(after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime)
    return in_cell, in_file, cpu_cell, cpu_file


def print_rounds(cwd: str, rounds: int, lines: int = 5000):
    """Seconds for a cell printing `lines` lines: dnnscript cell, dnnscript file, ipykernel cell;
    and the stream messages each kernel sent for it."""
    script = Path(cwd) / "prints.dnn"
    code = f"for i in 0..{lines} {{ print i }}"
    script.write_text(code + "\n")
    cell, file, ipy, messages = [], [], [], {}
    with Running(KERNEL_NAME, cwd) as k, Running("python3", cwd) as p:
        for _ in range(rounds):
            for kernel, source, times, name in ((k, code, cell, "dnnscript"),
                                                (p, f"for i in range({lines}): print(i)", ipy, "ipykernel")):
                began = time.perf_counter()
                msg_id = kernel.kc.execute(source)
                wait_reply(kernel.kc, msg_id)
                streams = 0
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    msg = kernel.kc.get_iopub_msg(timeout=60)
                    if msg["parent_header"].get("msg_id") != msg_id:
                        continue
                    streams += msg["msg_type"] == "stream"
                    if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                        break
                times.append(time.perf_counter() - began)
                messages[name] = streams
            began = time.perf_counter()
            subprocess.run([str(DNNSCRIPT), str(script)], check=True, stdout=subprocess.DEVNULL, timeout=600)
            file.append(time.perf_counter() - began)
    return cell, file, ipy, messages


def ms(x: float) -> str:
    return f"{x * 1000:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--starts", type=int, default=10)
    parser.add_argument("--executes", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=150000,
                        help="iterations of the He run (the course's is 15000; 10× gives a measurable time)")
    args = parser.parse_args()

    if not DNNSCRIPT.is_file():
        print(f"kernel.py: no dnnscript binary at {DNNSCRIPT} (make build, or set DNNSCRIPT)")
        return 0
    work = tempfile.mkdtemp(prefix="dnnscript-kernel-bench-")
    saved = {k: os.environ.get(k) for k in ("JUPYTER_PATH", "JUPYTER_RUNTIME_DIR")}
    rows: list[tuple[str, str, str, str]] = []
    try:
        prefix = Path(work) / "prefix"
        done = subprocess.run([str(DNNSCRIPT), "kernel", "install", "--prefix", str(prefix), "--name", KERNEL_NAME],
                              capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            print(f"kernel.py: `dnnscript kernel install` failed: {done.stderr.strip()}")
            return 0
        os.environ["JUPYTER_PATH"] = str(prefix / "share" / "jupyter")
        os.environ["JUPYTER_RUNTIME_DIR"] = str(Path(work) / "runtime")
        cwd = str(Path(work))
        load = os.getloadavg()[0]
        print(f"dnnscript: {DNNSCRIPT}; ipykernel: kernelspec python3 ({sys.executable}); "
              f"{os.cpu_count()} cores, load {load:.2f}\n", flush=True)

        def measure(label, target, fn):
            try:
                dnn, ipy, verdict = fn()
            except Exception as e:  # a bench reports, it does not stop
                dnn, ipy, verdict = f"failed: {type(e).__name__}: {e}"[:60], "", "?"
            rows.append((label, dnn, ipy, f"{target} — {verdict}" if verdict else target))
            print(f"  measured {label}: {dnn} | {ipy} | {verdict}", flush=True)

        def starts():
            d = [start_time(KERNEL_NAME, cwd) for _ in range(args.starts)]
            p = [start_time("python3", cwd) for _ in range(args.starts)]
            md, mp = statistics.median(d), statistics.median(p)
            return (f"{md * 1000:.0f} ms (min {min(d) * 1000:.0f}, max {max(d) * 1000:.0f})",
                    f"{mp * 1000:.0f} ms", "met" if md < 0.3 else "MISSED")

        def trips():
            d = round_trips(KERNEL_NAME, cwd, "1 + 1", args.executes)
            p = round_trips("python3", cwd, "1 + 1", args.executes)
            md, mp = statistics.median(d), statistics.median(p)
            q = lambda xs: statistics.quantiles(xs, n=10)[-1]
            return (f"{ms(md)} (p90 {ms(q(d))})", f"{ms(mp)} (p90 {ms(q(p))})", "met" if md < mp else "MISSED")

        def train():
            cell, file, cpu_cell, cpu_file = train_rounds(cwd, args.iterations, args.rounds)
            mc, mf = statistics.median(cell), statistics.median(file)
            cc, cf = statistics.median(cpu_cell), statistics.median(cpu_file)
            ratio, cpu_ratio = mc / mf, cc / cf
            return (f"wall: cell {mc:.3f} s, file {mf:.3f} s (×{ratio:.3f}); "
                    f"CPU: cell {cc:.3f} s, file {cf:.3f} s (×{cpu_ratio:.3f})", "—",
                    "met" if ratio <= 1.05 else "MISSED")

        def prints():
            cell, file, ipy, messages = print_rounds(cwd, args.rounds)
            mc, mf, mi = statistics.median(cell), statistics.median(file), statistics.median(ipy)
            return (f"cell {ms(mc)} ({messages['dnnscript']} stream msgs), file {ms(mf)}",
                    f"{ms(mi)} ({messages['ipykernel']} stream msgs)", "")

        def idle():
            d = idle_cpu(KERNEL_NAME, cwd, "1 + 1")
            p = idle_cpu("python3", cwd, "1 + 1")
            return f"{d * 1000:.0f} ms CPU in 5 s", f"{p * 1000:.0f} ms CPU in 5 s", "met" if d <= 0.02 else "MISSED"

        measure("start → kernel_info_reply (median)", "< 0.3 s", starts)
        measure(f"`1 + 1` round trip (median of {args.executes})", "faster than ipykernel", trips)
        measure(f"He run, {args.iterations} iterations (median of {args.rounds})", "cell within 5% of file", train)
        measure(f"5000 printed lines (median of {args.rounds})", "none in the issue (information)", prints)
        measure("idle kernel", "~0 CPU", idle)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(work, ignore_errors=True)

    header = ("measure", "dnnscript", "ipykernel", "target")
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(4)]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"
    print()
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(0)
