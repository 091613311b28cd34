"""The Jupyter project's conformance suite, jupyter_kernel_test, with dnnscript samples.

Every test of jupyter_kernel_test.KernelTests has a sample here except the two the language
has no analogue for (test_pager, test_clear_output; see Tests/kernel/README.md). The
kernelspec is installed by conftest.py's session fixture into a temporary prefix.
"""
from __future__ import annotations

import shutil
import tempfile
import unittest
from pathlib import Path
from urllib.parse import unquote, urlparse

import jupyter_kernel_test as jkt
from jupyter_client.manager import start_new_kernel

from conftest import KERNELS

# A model with two dense layers, so `m.W` completes to exactly m.W1 and m.W2.
SETUP = """
seed 1
dataset d = circles(40, noise: 0.05)
network net { input 2; dense 3 relu; dense 1 sigmoid }
let m = model(net, init: he)
let my_counter = 1
let my_count_limit = 2
"""


class DnnscriptKernelTests(jkt.KernelTests):
    kernel_name = KERNELS["signal"]

    # kernel_info_reply: language_info.name and file_extension (issue 11, "kernel_info_request").
    language_name = "dnnscript"
    file_extension = ".dnn"

    # stdout stream: `print` (docs/language.md, Statements).
    code_hello_world = 'print "hello, world"'

    # stderr stream: a warning. With weights 100 times randn the sigmoid saturates and the
    # first cost is inf; training warns on stderr and goes on (docs/language.md, Training:
    # "a warning on stderr names the cause"). The cell's status stays ok.
    code_stderr = """seed 1
dataset warn_d = circles(50, noise: 0.05)
network warn_n { input 2; dense 3 relu; dense 1 sigmoid }
let warn_m = model(warn_n, init: random(scale: 100))
let warn_r = train warn_m on warn_d { iterations: 2 }"""

    # Completion (the REPL's completer): members after '.', names, statement words, and
    # options inside a command's `{ … }` (docs/repl.md, Completion).
    completion_samples = [
        {"text": "m.W", "matches": {"m.W1", "m.W2"}},
        {"text": "my_cou", "matches": {"my_counter", "my_count_limit"}},
        {"text": "xavi", "matches": {"xavier"}},
        {"text": "gradch", "matches": {"gradcheck"}},
        {"text": "train m on d { iterat", "matches": {"iterations:"}},
        {"text": "let r = train m on d { lr: 0.1, print_ev", "matches": {"print_every:"}},
    ]

    # is_complete (issue 11): open brackets and blocks are incomplete; an error before the
    # end of the input is invalid.
    complete_code_samples = [
        "1 + 1",
        'print "hi", 2',
        "for i in 0..3 { print i }",
        "network n2 {\n  dense 10 relu\n  dense 1 sigmoid\n}",
        "let xs = [1,\n  2]",
    ]
    incomplete_code_samples = [
        "for i in 0..3 {",
        "network n3 {\n  dense 10 relu",
        "let xs = [1, 2,",
        "print max(1,",
        "fn f(x) {\n  return x",
    ]
    invalid_code_samples = [
        "let = (",          # the issue's own example
        "fn (x) {",         # a function without a name, then an open block
        "print 1 2 + (",    # two operands without a comma, then an open bracket
    ]

    # error: a runtime error, nothing else printed (the suite wants exactly one output).
    code_generate_error = "zeros(2, 3) @ zeros(2, 3)"

    # execute_result: expressions echo their value as the REPL does; numbers print like
    # Python's (docs/language.md, Values and Operators).
    code_execute_result = [
        {"code": "1 + 1", "result": "2"},
        {"code": "7 / 2", "result": "3.5"},
        {"code": "2 ^ 10", "result": "1024"},
        {"code": "-7 // 2", "result": "-4"},
        {"code": "1 == 1.0", "result": "true"},
    ]

    # display_data: every plot is an SVG (issue 11, "Plots are display_data with image/svg+xml").
    code_display_data = [
        {"code": "plot [1, 4, 9, 16]", "mime": "image/svg+xml"},
        {"code": "plot d", "mime": "image/svg+xml"},
        {"code": "plot boundary m on d", "mime": "image/svg+xml"},
    ]

    # history_request: tail, range, search (issue 11). The pattern is a glob that matches
    # only "2 ^ 10" of the samples above.
    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "2 ^ 1*"

    # inspect_request: a builtin's reference entry.
    code_inspect_sample = "accuracy"

    @classmethod
    def setUpClass(cls) -> None:
        # As KernelTests.setUpClass, but in a temporary working directory with stderr kept.
        cls.workdir = Path(tempfile.mkdtemp(prefix="dnnscript-conformance-"))
        (cls.workdir / "cwd").mkdir()
        cls.stderr = open(cls.workdir / "kernel.stderr", "wb")
        cls.km, cls.kc = start_new_kernel(kernel_name=cls.kernel_name, cwd=str(cls.workdir / "cwd"),
                                          stderr=cls.stderr)
        msg_id = cls.kc.execute(SETUP)
        for _ in range(20):  # skip stray replies (kernel_info from wait_for_ready), bounded
            reply = cls.kc.get_shell_msg(timeout=60)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        assert reply["content"]["status"] == "ok", f"setup cell failed: {reply['content']}"

    @classmethod
    def tearDownClass(cls) -> None:
        key = cls.km.session.key
        try:
            super().tearDownClass()
        finally:
            cls.stderr.close()
            log = (cls.workdir / "kernel.stderr").read_bytes()
            plots = (cls.workdir / "cwd" / "plots").exists()
            shutil.rmtree(cls.workdir, ignore_errors=True)
        assert key not in log, "the kernel printed its connection key"
        assert not plots, "the display_data samples wrote a plots/ folder"

    def test_kernel_info_fields(self) -> None:
        """The kernel_info fields issue 11 lists beyond what the suite checks."""
        self.flush_channels()
        msg_id = self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=jkt.TIMEOUT)
        jkt.validate_message(reply, "kernel_info_reply", msg_id)
        content = reply["content"]
        self.assertEqual(content["status"], "ok")
        self.assertEqual(content["protocol_version"], "5.3")
        info = content["language_info"]
        self.assertEqual(info["name"], "dnnscript")
        self.assertEqual(info["mimetype"], "text/x-dnnscript")
        self.assertEqual(info["file_extension"], ".dnn")
        self.assertTrue(info.get("version"), "language_info.version")
        self.assertTrue(info.get("pygments_lexer"), "language_info.pygments_lexer")
        self.assertTrue(info.get("codemirror_mode"), "language_info.codemirror_mode")
        links = content.get("help_links")
        self.assertTrue(links, "help_links")
        for link in links:
            self.assertTrue(link.get("text") and link.get("url"), link)
            url = urlparse(link["url"])
            self.assertIn(url.scheme, ("http", "https", "file"), link)
            if url.scheme == "file":
                self.assertTrue(Path(unquote(url.path)).is_file(), f"help link to a missing file: {link}")

    def test_comm_info(self) -> None:
        """comm_info_request: a valid reply with no comms (the kernel opens none)."""
        self.flush_channels()
        msg_id = self.kc.comm_info()
        reply = self.kc.get_shell_msg(timeout=jkt.TIMEOUT)
        jkt.validate_message(reply, "comm_info_reply", msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(reply["content"]["comms"], {})


if __name__ == "__main__":
    unittest.main()
