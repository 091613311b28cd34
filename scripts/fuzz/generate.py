#!/usr/bin/env python3
"""Structured fuzzing of dnnscript: valid programs with extreme values.

Byte mutations rarely get past the parser with meaningful numbers; these programs are
grammatical and call the engine with huge, zero and negative sizes, nan and inf, empty
lists and datasets, deep nesting and recursion. Each program runs in a fresh process of the
given binary (cwd: a temp dir, plots off); an exit by a signal (trap 132, abort 134,
segfault 139 — negative return codes here) or a hang is a finding, saved with its output
under the findings directory. Exit codes 0, 1, 65, 70 and 130 are answers.

A hang is a program that does not stop on Ctrl-C: one still running after --timeout
seconds gets SIGINT, as a user would send, and must end within --grace seconds. Work at the
size limit may rightly take longer than the timeout (randn of 2^28 entries, then copies of
it: about 30 s), so the time alone is not a finding.

    scripts/fuzz/generate.py BINARY [--seconds 60] [--seed N] [--timeout 20] [--grace 10] [--findings DIR]
"""
import argparse, os, random, shutil, signal, subprocess, sys, tempfile, time

INTS = [0, 1, -1, 2, 3, 7, 255, 256, 1000, 100000, 16777216, 268435456, 2**31, 2**62,
        9223372036854775807, -9223372036854775807]
FLOATS = ["nan", "inf", "-inf", "1e308", "-1e308", "5e-324", "0.0", "-0.0", "0.5", "1e-300", "2.5"]
SIZES = [0, 0, 1, 1, 2, 3, -1, 100000, 16777216, 268435456, 9223372036854775807]
ACTIVATIONS = ["relu", "sigmoid", "tanh", "linear", "softmax", "leaky_relu"]
INITS = ["zeros", "random", "he", "xavier", "glorot"]


class Gen:
    def __init__(self, rng):
        self.r = rng

    def pick(self, xs):
        return self.r.choice(xs)

    def number(self):
        return str(self.pick(INTS)) if self.r.random() < 0.5 else self.pick(FLOATS)

    def size(self):
        return str(self.pick(SIZES))

    def small(self):
        return str(self.r.choice([0, 1, 2, 3, 5]))

    def row(self, n):
        return "[" + ", ".join(self.number() for _ in range(n)) + "]"

    def matrix(self, depth=0):
        r = self.r.random()
        if depth > 2 or r < 0.35:
            return self.pick([
                f"zeros({self.size()}, {self.size()})", f"ones({self.small()}, {self.size()})",
                f"full({self.size()}, {self.small()}, {self.number()})", f"eye({self.size()})",
                f"rand({self.small()}, {self.small()})", f"randn({self.size()}, {self.small()})",
                f"matrix({self.row(self.r.randint(0, 4))})",
                f"matrix([{self.row(2)}, {self.row(2)}])", "zeros(0, 3)", "zeros(3, 0)", "matrix([])",
            ])
        a, b = self.matrix(depth + 1), self.matrix(depth + 1)
        return self.pick([
            f"({a} {self.pick(['+', '-', '*', '/', '@', '//', '%', '^'])} {b})",
            f"({a} {self.pick(['+', '*', '/', '^', '-'])} {self.number()})",
            f"sum({a}, axis: {self.pick(['0', '1', '2', '-1'])})", f"mean({a}, axis: {self.pick(['0', '1'])})",
            f"argmax({a}, axis: {self.pick(['0', '1'])})", f"transpose({a})", f"{a}.T",
            f"reshape({a}, {self.size()}, {self.size()})", f"flatten({a})",
            f"hstack([{a}, {b}])", f"vstack([{a}, {b}])", f"hstack([{a}] * {self.size()})",
            f"maximum({a}, {b})", f"minimum({a}, {self.number()})", f"dot({a}, {b})",
            f"{a}[{self.size()}]", f"{a}[{self.size()}:{self.size()}]", f"{a}[:, {self.size()}]",
            f"{a}[{self.number()}, {self.size()}]", f"abs({a})", f"exp({a})", f"log({a})", f"sqrt({a})",
        ])

    def scalar(self):
        m = self.matrix(1)
        return self.pick([
            f"sum({m})", f"mean({m})", f"max({m})", f"min({m})", f"norm({m})", f"len({m})",
            f"shape({m})", f"all({m})", f"any({m})", f"isnan({self.number()})",
            f"round({self.number()}, digits: {self.size()})", f"int({self.number()})",
            f"({self.number()} {self.pick(['+', '-', '*', '/', '//', '%', '^', '**'])} {self.number()})",
            f"(({self.size()})..({self.size()}))[{self.size()}]", f"len({self.size()}..{self.size()})",
            f"range({self.size()}, {self.size()}, {self.pick(['1', '-1', '0', '9223372036854775807'])})",
            f"\"{self.pick(['a', 'ab', 'é', chr(0x301)])}\" * {self.size()}",
            f"[{self.number()}] * {self.size()}", f"str({self.number()})", f"repr({m})",
        ])

    def dataset(self):
        gen = self.pick(["circles", "moons", "blobs", "xor", "spiral", "gaussian_quantiles"])
        return self.pick([
            f"{gen}({self.pick(['0', '1', '2', '7', '-1', '5000001', '20'])})",
            f"dataset({self.matrix(2)}, {self.matrix(2)})",
            f"dataset(matrix([{self.row(3)}, {self.row(3)}]), matrix([{self.row(3)}]))",
            "dataset(zeros(2, 0), zeros(1, 0))", "dataset(zeros(0, 4), zeros(1, 4))",
            f"blobs(20, centers: {self.size()}, features: {self.size()})",
        ])

    def network(self):
        layers = []
        for _ in range(self.r.randint(1, 3)):
            layers.append(f"dense {self.pick(['1', '2', '3', '10', '0', '-1', '100000', '100001'])} "
                          f"{self.pick(ACTIVATIONS)}")
            if self.r.random() < 0.3:
                layers.append(f"dropout {self.pick(['0.5', '0', '1', '1.5', 'nan', '-1'])}")
        return "network net {\n  " + "\n  ".join(layers) + "\n}"

    def program(self):
        lines = [f"seed {self.pick(['0', '1', '4294967295'])}"]
        kind = self.r.random()
        if kind < 0.35:
            for _ in range(self.r.randint(1, 4)):
                lines.append(f"print {self.pick([self.matrix(), self.scalar()])}")
        elif kind < 0.8:
            lines.append(f"dataset d = {self.dataset()}")
            lines.append(self.network())
            lines.append(f"let m = model(net, init: {self.pick(INITS)})")
            lines.append(f"let run = train m on d {{ iterations: {self.pick(['0', '1', '3', '20'])}, "
                         f"lr: {self.number()}, batch_size: {self.pick(['1', '3', '0', '100000'])} }}")
            lines += self.r.sample([
                "print predict(m, d.X)", "print accuracy(m, d)", "print confusion(m, d)",
                "print layer_stats(m, d)", "print cost(m, d)", "gradcheck m on d { examples: 2 }",
                f"print split(d, ratios: [{self.number()}, {self.number()}], stratify: true)",
                "print normalize(d)", "plot boundary m on d", "plot run", "plot d",
                f"print augment(d, mirror: true, copies: {self.size()})", "save m to \"m.json\"",
                "let m2 = load \"m.json\"\nprint predict(m2, d.X)",
            ], 3)
        else:
            depth = self.pick([100, 255, 256, 257, 1000, 100000])
            lines.append(self.pick([
                "print " + "(" * depth + "1" + ")" * depth,
                "print " + "[" * depth + "]" * depth,
                "print " + "-" * depth + "1",
                "print 1" + " + 1" * depth,
                "fn f(n) = f(n + 1)\nprint f(0)",
                "fn g(n) { if n == 0 { return 0 }\n return g(n - 1) + 1 }\nprint g(" + self.size() + ")",
                "let s = " + self.scalar() + "\nprint s",
                "if " + "true and " * depth + "true { print 1 }",
                "let " + "a" * self.pick([65, 1000, 80000]) + " = 1\nprint " + "a" * 64 + "b",
            ]))
        return "\n".join(lines) + "\n"


def run(binary, work, timeout, grace):
    """Runs p.dnn; returns (verdict or None, output)."""
    process = subprocess.Popen([binary, "run", "--no-plots", "--quiet", "p.dnn"], cwd=work,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGINT)
        try:
            output, _ = process.communicate(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
            return f"still running {grace:g}s after Ctrl-C (sent after {timeout:g}s)", output
    code = process.returncode
    if code < 0 or code in (132, 134, 139):
        return (f"signal {-code}" if code < 0 else f"exit {code}"), output
    return None, output


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--timeout", type=float, default=20)
    ap.add_argument("--grace", type=float, default=10)
    ap.add_argument("--findings", default="fuzz-findings")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    rng = random.Random(seed)
    gen = Gen(rng)
    binary = os.path.abspath(args.binary)
    work = tempfile.mkdtemp(prefix="dnnfuzz-gen-")
    end = time.monotonic() + args.seconds
    runs, findings = 0, []
    try:
        while time.monotonic() < end:
            program = gen.program()
            path = os.path.join(work, "p.dnn")
            with open(path, "w") as f:
                f.write(program)
            verdict, output = run(binary, work, args.timeout, args.grace)
            runs += 1
            if verdict:
                os.makedirs(args.findings, exist_ok=True)
                name = os.path.join(args.findings, f"finding-{seed}-{runs}.dnn")
                with open(name, "w") as f:
                    f.write(program)
                with open(name + ".out", "wb") as f:
                    f.write(output[-20000:])
                findings.append((name, verdict))
                print(f"FINDING ({verdict}): {name}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"generate.py: seed {seed}, {runs} programs, {len(findings)} findings")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
