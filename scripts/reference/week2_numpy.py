#!/usr/bin/env python3
"""Reference runs of Week 2's training (optimizers, epochs, shuffle seeds, learning-rate
decay) for the engine's agreement tests, written independently of the engine in numpy.

Regenerate (from the package root):
    python3 scripts/reference/week2_numpy.py > Tests/DNNCoreTests/Fixtures/Week2Fixtures.swift

The formulas are the course's (docs/course-reference.md, Week 2), on networks and data
the course never uses: 3 inputs, layers 4 tanh / 3 relu / 1 sigmoid (labels 0/1) or
3 softmax (labels 0/1/2), odd set and batch sizes, L2 and inverted dropout on the hidden
layers. Per epoch (from 0): with a shuffle seed S, np.random.seed(S + e + 1); with mini-
batches or a seed, a permutation of the m examples is cut into batches (the last one
smaller); each forward pass draws its dropout masks rand(n, batch) < keep_prob, layer by
layer; the optimizer steps with t counting from 1; the epoch's cost is
Σ(batch cost × batch size) / m; after epoch e the rate becomes decay(lr0, e).
Each case keeps every step's cost, every epoch's cost and rate, and the final parameters
W1, b1, W2, … row by row.
"""
import numpy as np

M = 101
DATA_SEED = 21
INIT_SEED = 5


def data(classes):
    np.random.seed(DATA_SEED)
    X = np.random.randn(3, M)
    if classes == 2:
        y = (X[0] * X[1] + 0.5 * X[2] > 0).astype(float)
    else:
        y = (X[0] > 0).astype(float) + (X[1] > 0.5).astype(float)
    return X, y.reshape(1, M)


def init(sizes):
    """Xavier: randn(n[l], n[l-1]) / sqrt(n[l-1]) after seed INIT_SEED; biases zero."""
    np.random.seed(INIT_SEED)
    params = []
    for l in range(1, len(sizes)):
        params.append(np.random.randn(sizes[l], sizes[l - 1]) / np.sqrt(sizes[l - 1]))
        params.append(np.zeros((sizes[l], 1)))
    return params


def forward(params, acts, keeps, X):
    caches, A = [], X
    for l, act in enumerate(acts):
        W, b = params[2 * l], params[2 * l + 1]
        Z = W @ A + b
        if act == "tanh":
            A = np.tanh(Z)
        elif act == "relu":
            A = np.maximum(0, Z)
        elif act == "sigmoid":
            A = 1 / (1 + np.exp(-Z))
        else:
            E = np.exp(Z - Z.max(axis=0, keepdims=True))
            A = E / E.sum(axis=0, keepdims=True)
        D = None
        if keeps[l] < 1:
            D = (np.random.rand(*A.shape) < keeps[l]).astype(float)
            A = A * D / keeps[l]
        caches.append((A, D))
    return caches


def cost_terms(A, Y, act):
    if act == "sigmoid":
        return -np.log(A) * Y + -np.log(1 - A) * (1 - Y)
    return -Y * np.log(A)


def step_gradients(params, acts, keeps, X, Y, lam):
    m = X.shape[1]
    caches = forward(params, acts, keeps, X)
    L = len(acts)
    total = np.sum(cost_terms(caches[-1][0], Y, acts[-1]))
    penalty = (1 / m) * (lam / 2) * sum(np.sum(np.square(params[2 * l])) for l in range(L)) if lam else 0.0
    grads = [None] * (2 * L)
    dZ = (caches[-1][0] - Y) / m
    for l in range(L - 1, -1, -1):
        A_prev = X if l == 0 else caches[l - 1][0]
        grads[2 * l] = dZ @ A_prev.T + ((lam / m) * params[2 * l] if lam else 0)
        grads[2 * l + 1] = np.sum(dZ, axis=1, keepdims=True)
        if l == 0:
            break
        dA = params[2 * l].T @ dZ
        A, D = caches[l - 1]
        if D is not None:
            dA = dA * D / keeps[l - 1]
        dZ = dA * (1 - A * A) if acts[l - 1] == "tanh" else dA * (A > 0)
    return total / m + penalty, total + m * penalty, grads


class Optimizer:
    def __init__(self, kind, params, **h):
        self.kind, self.h, self.t = kind, h, 0
        self.v = [np.zeros_like(p) for p in params]
        self.s = [np.zeros_like(p) for p in params]

    def update(self, params, grads, lr):
        self.t += 1
        h = self.h
        for k, (p, g) in enumerate(zip(params, grads)):
            if self.kind == "gd":
                params[k] = p - lr * g
            elif self.kind == "momentum":
                self.v[k] = h["beta"] * self.v[k] + (1 - h["beta"]) * g
                params[k] = p - lr * self.v[k]
            elif self.kind == "rmsprop":
                self.s[k] = h["beta"] * self.s[k] + (1 - h["beta"]) * np.power(g, 2)
                params[k] = p - lr * g / (np.sqrt(self.s[k]) + h["epsilon"])
            else:
                self.v[k] = h["beta1"] * self.v[k] + (1 - h["beta1"]) * g
                self.s[k] = h["beta2"] * self.s[k] + (1 - h["beta2"]) * np.power(g, 2)
                v_hat = self.v[k] / (1 - h["beta1"] ** self.t)
                s_hat = self.s[k] / (1 - h["beta2"] ** self.t)
                params[k] = p - lr * v_hat / (np.sqrt(s_hat) + h["epsilon"])


DECAYS = {
    None: None,
    "inverse": lambda lr0, e, d: lr0 / (1 + d["decay_rate"] * e),
    "schedule": lambda lr0, e, d: lr0 / (1 + d["decay_rate"] * np.floor(e / d["interval"])),
    "exponential": lambda lr0, e, d: d["rate"] ** e * lr0,
    "sqrt": lambda lr0, e, d: lr0 / np.sqrt(e + 1),  # a user function f(lr0, epoch)
}


def train(case):
    classes = 3 if case["output"] == "softmax" else 2
    X, y = data(classes)
    Y = np.eye(3)[y[0].astype(int)].T if classes == 3 else y
    acts = ["tanh", "relu", case["output"]]
    sizes = [3, 4, 3, 3 if classes == 3 else 1]
    keep = case.get("keep", 1.0)
    keeps = [keep, keep, 1.0]
    params = init(sizes)  # the global generator goes on from here
    opt = Optimizer(case["optimizer"], params, **case.get("h", {}))
    lr0 = lr = case["lr"]
    batch = case.get("batch") or M
    shuffled = batch < M or case.get("shuffle_seed") is not None
    steps_per_epoch = -(-M // batch)
    total = case["epochs"] * steps_per_epoch if "epochs" in case else case["iterations"]
    decay = DECAYS[case.get("decay")]
    costs, epoch_costs, rates = [], [], []
    step, epoch = 0, 0
    while step < total:
        if case.get("shuffle_seed") is not None:
            np.random.seed(case["shuffle_seed"] + epoch + 1)
        perm = np.random.permutation(M) if shuffled else np.arange(M)
        cost_total = 0.0
        for start in range(0, M, batch):
            if step == total:
                break
            cols = perm[start:start + batch]
            cost, batch_total, grads = step_gradients(params, acts, keeps, X[:, cols], Y[:, cols], case.get("lambda", 0))
            costs.append(cost)
            opt.update(params, grads, lr)
            cost_total += batch_total
            step += 1
        else:
            if decay:
                lr = decay(lr0, epoch, case.get("d", {}))
            epoch_costs.append(cost_total / M)
            rates.append(lr)
        epoch += 1
    final = [float(v) for p in params for v in p.ravel()]
    return costs, epoch_costs, rates, final


CASES = [
    dict(name="gd-batch16-seed10", output="sigmoid", optimizer="gd", lr=0.1, batch=16, epochs=30, shuffle_seed=10),
    dict(name="momentum-l2-batch13", output="sigmoid", optimizer="momentum", h=dict(beta=0.9), lr=0.05, batch=13,
         epochs=25, shuffle_seed=3, **{"lambda": 0.3}),
    dict(name="rmsprop-dropout-global", output="sigmoid", optimizer="rmsprop", h=dict(beta=0.99, epsilon=1e-8), lr=0.005,
         batch=32, epochs=20, keep=0.8),
    dict(name="adam-l2-dropout-inverse", output="sigmoid", optimizer="adam", h=dict(beta1=0.9, beta2=0.999, epsilon=1e-8),
         lr=0.01, batch=7, epochs=12, shuffle_seed=42, keep=0.7, decay="inverse", d=dict(decay_rate=0.5), **{"lambda": 0.5}),
    dict(name="softmax-adam-schedule", output="softmax", optimizer="adam", h=dict(beta1=0.8, beta2=0.99, epsilon=1e-6),
         lr=0.02, batch=25, epochs=20, shuffle_seed=1, decay="schedule", d=dict(decay_rate=0.7, interval=4)),
    dict(name="softmax-momentum-fullbatch-exponential", output="softmax", optimizer="momentum", h=dict(beta=0.5), lr=0.3,
         epochs=50, decay="exponential", d=dict(rate=0.95)),
    dict(name="softmax-gd-wholeset-shuffled-custom", output="softmax", optimizer="gd", lr=0.5, batch=M, epochs=40,
         shuffle_seed=2, decay="sqrt", **{"lambda": 0.1}),
    dict(name="rmsprop-stochastic", output="sigmoid", optimizer="rmsprop", h=dict(beta=0.9, epsilon=1e-4), lr=0.01,
         batch=1, epochs=3, shuffle_seed=0),
    dict(name="adam-iterations-dropout-global", output="sigmoid", optimizer="adam",
         h=dict(beta1=0.9, beta2=0.999, epsilon=1e-8), lr=0.005, batch=30, iterations=43, keep=0.9),
]


def swift_doubles(values):
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


def swift_optional(v):
    return "nil" if v is None else repr(v)


def swift_optimizer(case):
    h = case.get("h", {})
    if case["optimizer"] == "gd":
        return ".gd"
    if case["optimizer"] == "momentum":
        return f".momentum(beta: {h['beta']!r})"
    if case["optimizer"] == "rmsprop":
        return f".rmsprop(beta: {h['beta']!r}, epsilon: {h['epsilon']!r})"
    return f".adam(beta1: {h['beta1']!r}, beta2: {h['beta2']!r}, epsilon: {h['epsilon']!r})"


def swift_decay(case):
    d = case.get("d", {})
    return {
        None: "nil",
        "inverse": f".inverse(decayRate: {d.get('decay_rate')!r})",
        "schedule": f".schedule(decayRate: {d.get('decay_rate')!r}, interval: {d.get('interval')!r})",
        "exponential": f".exponential(rate: {d.get('rate')!r})",
        "sqrt": ".custom { lr0, epoch in lr0 / Double(epoch + 1).squareRoot() }",
    }[case.get("decay")]


def main():
    print("// Generated by scripts/reference/week2_numpy.py with numpy " + np.__version__ + "; do not edit.")
    print("// python3 scripts/reference/week2_numpy.py > Tests/DNNCoreTests/Fixtures/Week2Fixtures.swift")
    print(f"// Data: seed {DATA_SEED}, X = randn(3, {M}); labels in data(); weights: seed {INIT_SEED}, randn / sqrt(n[l-1]).")
    print("import DNNCore")
    print("")
    print("enum Week2Fixtures {")
    print("    struct Case: Sendable {")
    print("        let name: String, output: String, optimizer: Optimizer, learningRate: Double")
    print("        let batchSize: Int?, epochs: Int?, iterations: Int?, shuffleSeed: UInt32?")
    print("        let lambda: Double, keepProb: Double, decay: LearningRateDecay?")
    print("        let costs: [Double], epochCosts: [Double], learningRates: [Double], parameters: [Double]")
    print("    }")
    print(f"    static let examples = {M}, dataSeed: UInt32 = {DATA_SEED}, initSeed: UInt32 = {INIT_SEED}")
    print("    static let cases: [Case] = [")
    for case in CASES:
        costs, epoch_costs, rates, final = train(case)
        print(f'        Case(name: "{case["name"]}", output: "{case["output"]}", optimizer: {swift_optimizer(case)}, '
              f'learningRate: {case["lr"]!r},')
        print(f'             batchSize: {swift_optional(case.get("batch"))}, epochs: {swift_optional(case.get("epochs"))}, '
              f'iterations: {swift_optional(case.get("iterations"))}, shuffleSeed: {swift_optional(case.get("shuffle_seed"))},')
        print(f'             lambda: {float(case.get("lambda", 0))!r}, keepProb: {float(case.get("keep", 1))!r}, decay: {swift_decay(case)},')
        print(f"             costs: {swift_doubles(costs)},")
        print(f"             epochCosts: {swift_doubles(epoch_costs)},")
        print(f"             learningRates: {swift_doubles(rates)},")
        print(f"             parameters: {swift_doubles(final)}),")
    print("    ]")
    print("}")


if __name__ == "__main__":
    main()
