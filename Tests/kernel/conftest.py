"""Fixtures for the Jupyter kernel tests (issue 11).

The kernel binary comes from $DNNSCRIPT, else .build/release/dnnscript in the repository.
Once per session its kernelspecs are installed into a temporary prefix (never the user's
Jupyter directories) and JUPYTER_PATH points there:

  dnnscript              the default name, the one `dnnscript render --to ipynb` writes
  dnnscript-test-signal  interrupt_mode signal  (SIGINT)
  dnnscript-test-message interrupt_mode message (interrupt_request on control)

`start_kernel(...)` starts a kernel with jupyter_client in its own temporary working
directory, with its stdout and stderr captured to files; teardown shuts it down, makes
sure the process is gone and checks that the connection key never appeared in what the
kernel printed.
"""
from __future__ import annotations

import json
import os
import queue
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from jupyter_client import KernelManager

REPO = Path(__file__).resolve().parents[2]

DEFAULT_KERNEL = "dnnscript"
KERNELS = {"signal": "dnnscript-test-signal", "message": "dnnscript-test-message"}

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")


def strip_ansi(text: str) -> str:
    return ANSI.sub("", text)


def binary() -> Path:
    """The dnnscript binary under test (absolute)."""
    path = Path(os.environ.get("DNNSCRIPT") or REPO / ".build/release/dnnscript")
    if not path.is_absolute():
        path = REPO / path
    return path.resolve()


@pytest.fixture(scope="session")
def dnnscript() -> Path:
    path = binary()
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.fail(f"no dnnscript binary at {path} (build with `make build` or set DNNSCRIPT)")
    probe = subprocess.run([str(path), "kernel", "--help"], capture_output=True, text=True, timeout=30)
    if probe.returncode != 0:
        pytest.fail(f"`{path} kernel --help` exited {probe.returncode}: {probe.stderr.strip()[:300]}")
    return path


def install(dnnscript: Path, prefix: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(dnnscript), "kernel", "install", "--prefix", str(prefix), *args],
                          capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="session", autouse=True)
def kernelspecs(dnnscript, tmp_path_factory):
    """Installs the three kernelspecs into a temporary prefix and points Jupyter at it."""
    prefix = tmp_path_factory.mktemp("jupyter-prefix")
    for args in ([], ["--name", KERNELS["signal"], "--interrupt-mode", "signal"],
                 ["--name", KERNELS["message"], "--interrupt-mode", "message"]):
        done = install(dnnscript, prefix, *args)
        if done.returncode != 0:
            pytest.fail(f"`dnnscript kernel install --prefix {prefix} {' '.join(args)}` exited "
                        f"{done.returncode}: {done.stderr.strip()[:300]}")
    saved = {k: os.environ.get(k) for k in ("JUPYTER_PATH", "JUPYTER_RUNTIME_DIR", "JUPYTER_PLATFORM_DIRS",
                                            "DNNSCRIPT_HISTORY", "XDG_STATE_HOME")}
    runtime = tmp_path_factory.mktemp("jupyter-runtime")
    state = tmp_path_factory.mktemp("state")
    os.environ["JUPYTER_PATH"] = str(prefix / "share" / "jupyter")
    os.environ["JUPYTER_RUNTIME_DIR"] = str(runtime)
    os.environ["JUPYTER_PLATFORM_DIRS"] = "1"
    # Kernels inherit the environment: any history they keep goes here, not to ~/.local/state.
    os.environ["DNNSCRIPT_HISTORY"] = str(state / "history")
    os.environ["XDG_STATE_HOME"] = str(state)
    yield prefix
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


class Result:
    """The shell reply to one execute_request and the iopub messages that name it as parent."""

    def __init__(self, msg_id: str, reply: dict | None, iopub: list[dict]):
        self.msg_id = msg_id
        self.reply = reply
        self.iopub = iopub

    @property
    def status(self) -> str | None:
        return self.reply["content"]["status"] if self.reply else None

    @property
    def count(self):
        return self.reply["content"].get("execution_count") if self.reply else None

    def of_type(self, *types: str) -> list[dict]:
        return [m for m in self.iopub if m["msg_type"] in types]

    def stream(self, name: str) -> str:
        return "".join(m["content"]["text"] for m in self.iopub
                       if m["msg_type"] == "stream" and m["content"]["name"] == name)

    @property
    def stdout(self) -> str:
        return self.stream("stdout")

    @property
    def stderr(self) -> str:
        return self.stream("stderr")

    @property
    def results(self) -> list[str]:
        return [m["content"]["data"].get("text/plain") for m in self.of_type("execute_result")]

    @property
    def errors(self) -> list[dict]:
        return [m["content"] for m in self.of_type("error")]

    @property
    def traceback(self) -> str:
        return "\n".join(strip_ansi(line) for e in self.errors for line in e["traceback"])

    def describe(self) -> str:
        """A short account of what came back, for assertion messages."""
        lines = [f"reply: {self.reply['content'] if self.reply else None}"]
        for m in self.iopub:
            content = dict(m["content"])
            if "data" in content and "image/svg+xml" in content["data"]:
                content["data"] = {**content["data"], "image/svg+xml": "<svg… (%d chars)>" % len(content["data"]["image/svg+xml"])}
            lines.append(f"iopub {m['msg_type']}: {json.dumps(content, default=str)[:400]}")
        return "\n".join(lines)


class Kernel:
    """A running kernel: its manager, a blocking client and helpers that keep replies and
    iopub messages by parent id, so several requests can be in flight at once."""

    def __init__(self, km: KernelManager, cwd: Path, log_dir: Path, files=()):
        self.km = km
        self.files = files
        self.cwd = cwd
        self.stdout_path = log_dir / "kernel.stdout"
        self.stderr_path = log_dir / "kernel.stderr"
        self.kc = km.client()
        self.kc.start_channels()
        self._iopub: dict[str, list[dict]] = {}
        self._replies: dict[str, dict] = {}

    @property
    def info(self) -> dict:
        return self.km.get_connection_info()

    @property
    def key(self) -> bytes:
        return self.km.session.key

    @property
    def process(self):
        return self.km.provisioner.process

    def log(self) -> str:
        text = ""
        for path in (self.stdout_path, self.stderr_path):
            if path.exists():
                text += path.read_text(errors="replace")
        return text

    def stderr_text(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""

    # -- message plumbing -------------------------------------------------------------
    def _parent(self, msg: dict) -> str:
        return (msg.get("parent_header") or {}).get("msg_id", "")

    def pump_iopub(self, timeout: float) -> dict | None:
        try:
            msg = self.kc.get_iopub_msg(timeout=timeout)
        except queue.Empty:
            return None
        msg["_received"] = time.monotonic()
        self._iopub.setdefault(self._parent(msg), []).append(msg)
        return msg

    def pump_shell(self, timeout: float) -> dict | None:
        try:
            msg = self.kc.get_shell_msg(timeout=timeout)
        except queue.Empty:
            return None
        msg["_received"] = time.monotonic()
        self._replies[self._parent(msg)] = msg
        return msg

    def wait_reply(self, msg_id: str, timeout: float) -> dict | None:
        deadline = time.monotonic() + timeout
        while msg_id not in self._replies:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self.pump_shell(min(left, 0.05))
            self.pump_iopub(0)
        return self._replies[msg_id]

    def wait_idle(self, msg_id: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while True:
            if any(m["msg_type"] == "status" and m["content"]["execution_state"] == "idle"
                   for m in self._iopub.get(msg_id, [])):
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self.pump_iopub(min(left, 0.05))

    def iopub_for(self, msg_id: str) -> list[dict]:
        return list(self._iopub.get(msg_id, []))

    def send(self, code: str, **kwargs) -> str:
        return self.kc.execute(code, **kwargs)

    def collect(self, msg_id: str, timeout: float = 60) -> Result:
        reply = self.wait_reply(msg_id, timeout)
        if reply is not None:
            self.wait_idle(msg_id, 5)
        return Result(msg_id, reply, self.iopub_for(msg_id))

    def execute(self, code: str, timeout: float = 60, **kwargs) -> Result:
        result = self.collect(self.send(code, **kwargs), timeout)
        assert result.reply is not None, f"no execute_reply within {timeout} s for {code!r}"
        return result

    def ok(self, code: str, timeout: float = 60, **kwargs) -> Result:
        """Executes `code` and asserts the reply is ok."""
        result = self.execute(code, timeout, **kwargs)
        assert result.status == "ok", f"{code!r} failed:\n{result.describe()}"
        return result

    def value(self, code: str) -> str:
        """The text/plain echo of an expression."""
        result = self.ok(code)
        assert len(result.results) == 1, f"{code!r}: expected one execute_result:\n{result.describe()}"
        return result.results[0]

    def request(self, method: str, *args, timeout: float = 15, **kwargs) -> dict:
        """Sends a shell request (kc.complete, kc.inspect, …) and returns its reply."""
        msg_id = getattr(self.kc, method)(*args, **kwargs)
        reply = self.wait_reply(msg_id, timeout)
        assert reply is not None, f"no reply to {method}{args} within {timeout} s"
        return reply

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self):
        try:
            self.kc.stop_channels()
        finally:
            try:
                if self.km.has_kernel:
                    self.km.shutdown_kernel(now=True)
            except Exception:
                pass
            proc = getattr(self.km.provisioner, "process", None) if self.km.provisioner else None
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait(5)
            for f in self.files:
                f.close()


class Starter:
    """Starts kernels under `base` and stops them all on close()."""

    def __init__(self, base: Path):
        self.base = base
        self.started: list[Kernel] = []

    def start(self, name: str = KERNELS["signal"], manager: dict | None = None, **kwargs) -> Kernel:
        """Starts kernel `name`; `manager` holds KernelManager settings (transport, ip)."""
        n = len(self.started)
        cwd = self.base / f"cwd{n}"
        logs = self.base / f"logs{n}"
        cwd.mkdir(parents=True)
        logs.mkdir(parents=True)
        km = KernelManager(kernel_name=name, **(manager or {}))
        # The files stay open for the kernel's life: restart_kernel launches again with them.
        out = open(logs / "kernel.stdout", "wb")
        err = open(logs / "kernel.stderr", "wb")
        try:
            km.start_kernel(cwd=str(cwd), stdout=out, stderr=err, **kwargs)
        except BaseException:
            out.close()
            err.close()
            raise
        kernel = Kernel(km, cwd, logs, files=(out, err))
        self.started.append(kernel)
        try:
            kernel.kc.wait_for_ready(timeout=30)
        except RuntimeError as e:
            pytest.fail(f"kernel {name} did not become ready: {e}\nstderr: {kernel.stderr_text()[-2000:]}")
        return kernel

    def close(self):
        """Stops every kernel; asserts none printed its connection key."""
        problems = []
        for kernel in self.started:
            key = kernel.key
            kernel.stop()
            if key and key.decode() in kernel.log():
                problems.append(f"the kernel printed its connection key ({kernel.stderr_path})")
        self.started = []
        assert not problems, "; ".join(problems)


@pytest.fixture
def start_kernel(tmp_path):
    """Factory: start_kernel(name=...) -> Kernel (ready); all are stopped at teardown."""
    starter = Starter(tmp_path)
    yield starter.start
    starter.close()


@pytest.fixture
def kernel(start_kernel) -> Kernel:
    return start_kernel()


def wait_for(predicate, timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


@pytest.fixture
def workdir():
    path = Path(tempfile.mkdtemp(prefix="dnnscript-kt-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)
