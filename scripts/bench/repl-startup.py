#!/usr/bin/env python3
"""Start-up time of the dnnscript REPL: from exec to the first '>>> ' prompt, read through a
pseudo-terminal, then Ctrl-D. Prints each run and the median.

    swift build -c release
    python3 scripts/bench/repl-startup.py [BINARY] [RUNS]     # defaults: .build/release/dnnscript, 21
"""
import os
import pty
import select
import statistics
import sys
import tempfile
import time

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build/release/dnnscript")
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 21
history = os.path.join(tempfile.mkdtemp(prefix="repl-bench-"), "history")
env = dict(os.environ, TERM="xterm-256color", DNNSCRIPT_HISTORY=history)


def once():
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(binary, [binary], env)
    seen = b""
    deadline = start + 10
    elapsed = None
    while time.perf_counter() < deadline and elapsed is None:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                seen += os.read(fd, 4096)
            except OSError:
                break
            if b">>> " in seen:
                elapsed = time.perf_counter() - start
    os.write(fd, b"\x04")
    for _ in range(100):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.01)
    else:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    os.close(fd)
    if elapsed is None:
        sys.exit("no prompt within 10 s; the terminal showed: %r" % seen)
    return elapsed


once()  # warm the page cache
times = [once() for _ in range(runs)]
for t in times:
    print("%.1f ms" % (t * 1000))
print("median start-up to the first prompt: %.1f ms over %d runs (min %.1f, max %.1f)"
      % (statistics.median(times) * 1000, runs, min(times) * 1000, max(times) * 1000))
