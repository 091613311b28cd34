#!/usr/bin/env python3
"""Course data for DNNPlot's docs images and tests (docs/course-reference.md §2, §4, §5).

Regenerate with:  python3 scripts/reference/plot_fixtures.py
Writes Tests/DNNPlotData/Fixtures/*.json. Only numpy is needed: make_circles is
re-implemented exactly as docs/course-reference.md §5 describes scikit-learn's (legacy RandomState).
"""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DNNPlotData", "Fixtures")


def make_circles(n, noise, factor=0.8):
    # docs/course-reference.md §5: outer circle label 0 first, shuffle rows (legacy shuffle), then noise.
    n_out = n // 2
    n_in = n - n_out
    t_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    t_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    X = np.vstack([np.append(np.cos(t_out), factor * np.cos(t_in)),
                   np.append(np.sin(t_out), factor * np.sin(t_in))]).T
    y = np.hstack([np.zeros(n_out, dtype=int), np.ones(n_in, dtype=int)])
    idx = np.arange(n)
    np.random.shuffle(idx)
    X, y = X[idx], y[idx]
    X = X + np.random.normal(scale=noise, size=X.shape)
    return X.T, y.reshape(1, -1)


def relu(z):
    return np.maximum(0, z)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def init(layers, kind):
    np.random.seed(3)
    p = {}
    for l in range(1, len(layers)):
        if kind == "zeros":
            W = np.zeros((layers[l], layers[l - 1]))
        elif kind == "random":
            W = np.random.randn(layers[l], layers[l - 1]) * 10
        else:
            W = np.random.randn(layers[l], layers[l - 1]) * np.sqrt(2 / layers[l - 1])
        p["W%d" % l] = W
        p["b%d" % l] = np.zeros((layers[l], 1))
    return p


def forward(X, p):
    Z1 = p["W1"] @ X + p["b1"]; A1 = relu(Z1)
    Z2 = p["W2"] @ A1 + p["b2"]; A2 = relu(Z2)
    Z3 = p["W3"] @ A2 + p["b3"]; A3 = sigmoid(Z3)
    return A3, (Z1, A1, Z2, A2, Z3, A3)


def cost(A3, Y):
    m = Y.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        logprobs = np.multiply(-np.log(A3), Y) + np.multiply(-np.log(1 - A3), 1 - Y)
    return 1.0 / m * np.nansum(logprobs)


def train(X, Y, kind, iterations=15000, lr=0.01):
    p = init([2, 10, 5, 1], kind)
    m = X.shape[1]
    costs = []
    for i in range(iterations):
        A3, (Z1, A1, Z2, A2, Z3, _) = forward(X, p)
        c = cost(A3, Y)
        if i % 1000 == 0:
            costs.append(c)
        dZ3 = (A3 - Y) / m
        dW3 = dZ3 @ A2.T; db3 = dZ3.sum(axis=1, keepdims=True)
        dZ2 = (p["W3"].T @ dZ3) * (A2 > 0)
        dW2 = dZ2 @ A1.T; db2 = dZ2.sum(axis=1, keepdims=True)
        dZ1 = (p["W2"].T @ dZ2) * (A1 > 0)
        dW1 = dZ1 @ X.T; db1 = dZ1.sum(axis=1, keepdims=True)
        for k, g in (("W1", dW1), ("b1", db1), ("W2", dW2), ("b2", db2), ("W3", dW3), ("b3", db3)):
            p[k] = p[k] - lr * g
    return p, costs


def jsonable(v):
    return None if not np.isfinite(v) else float(v)


def gradcheck_per_parameter():
    # docs/course-reference.md §4: the N-D check with the two planted bugs (dW2 ×2, db1 with 4/m).
    np.random.seed(1)
    X = np.random.randn(4, 3); Y = np.array([1, 1, 0])
    shapes = [("W1", (5, 4)), ("b1", (5, 1)), ("W2", (3, 5)), ("b2", (3, 1)), ("W3", (1, 3)), ("b3", (1, 1))]
    p = {k: np.random.randn(*s) for k, s in shapes}
    m = X.shape[1]

    def J(q):
        A3, _ = forward(X, q)
        return 1.0 / m * np.sum(-np.log(A3) * Y - np.log(1 - A3) * (1 - Y))

    A3, (Z1, A1, Z2, A2, Z3, _) = forward(X, p)
    dZ3 = A3 - Y
    g = {"W3": 1. / m * dZ3 @ A2.T, "b3": 1. / m * dZ3.sum(axis=1, keepdims=True)}
    dZ2 = (p["W3"].T @ dZ3) * (A2 > 0)
    g["W2"] = 1. / m * dZ2 @ A1.T * 2
    g["b2"] = 1. / m * dZ2.sum(axis=1, keepdims=True)
    dZ1 = (p["W2"].T @ dZ2) * (A1 > 0)
    g["W1"] = 1. / m * dZ1 @ X.T
    g["b1"] = 4. / m * dZ1.sum(axis=1, keepdims=True)
    eps = 1e-7
    names, diffs = [], []
    for k, s in shapes:
        for idx in np.ndindex(*s):
            plus = {a: b.copy() for a, b in p.items()}; plus[k][idx] += eps
            minus = {a: b.copy() for a, b in p.items()}; minus[k][idx] -= eps
            approx = (J(plus) - J(minus)) / (2 * eps)
            grad = g[k][idx]
            denom = abs(approx) + abs(grad)
            names.append("%s[%d,%d]" % (k, idx[0], idx[1]))
            diffs.append(float(abs(approx - grad) / denom) if denom > 0 else 0.0)
    return names, diffs


def main():
    os.makedirs(OUT, exist_ok=True)
    np.random.seed(1)
    train_X, train_Y = make_circles(300, 0.05)
    np.random.seed(2)
    test_X, test_Y = make_circles(100, 0.05)
    # docs/course-reference.md §2: first training point (−0.07741354010048114, 0.8526022642742742, 1)
    assert abs(train_X[0, 0] - -0.07741354010048114) < 1e-15 and train_Y[0, 0] == 1
    with open(os.path.join(OUT, "circles.json"), "w") as f:
        json.dump({"train": {"x": train_X[0].tolist(), "y": train_X[1].tolist(), "label": train_Y[0].tolist()},
                   "test": {"x": test_X[0].tolist(), "y": test_X[1].tolist(), "label": test_Y[0].tolist()}}, f)

    runs = {}
    params = {}
    for kind in ("zeros", "random", "he"):
        p, costs = train(train_X, train_Y, kind)
        runs[kind] = [jsonable(c) for c in costs]
        params[kind] = p
    # docs/course-reference.md §2: he cost at 0 is 0.8830537463419761
    assert abs(runs["he"][0] - 0.8830537463419761) < 1e-9
    acc = float(np.mean((forward(train_X, params["he"])[0] > 0.5) == train_Y))
    assert acc == 0.9933333333333333, acc
    with open(os.path.join(OUT, "costs.json"), "w") as f:
        json.dump({"every": 1000, "runs": runs}, f)

    # Decision boundary of the He network: cell centres of a 300×300 grid over [−1.5, 1.5]²
    # (h = 0.01, the course's plot_decision_boundary step), row 0 at y = −1.495 (bottom).
    c = -1.495 + 0.01 * np.arange(300)
    xx, yy = np.meshgrid(c, c)
    a = forward(np.vstack([xx.ravel(), yy.ravel()]), params["he"])[0].reshape(xx.shape)
    classes = ["".join("1" if v > 0.5 else "0" for v in row) for row in a]
    c2 = -1.49 + 0.02 * np.arange(150)
    xx2, yy2 = np.meshgrid(c2, c2)
    prob = forward(np.vstack([xx2.ravel(), yy2.ravel()]), params["he"])[0].reshape(xx2.shape)
    with open(os.path.join(OUT, "boundary_he.json"), "w") as f:
        json.dump({"extent": [-1.5, 1.5, -1.5, 1.5], "classes": classes,
                   "probability": [[round(float(v), 3) for v in row] for row in prob]}, f)

    with open(os.path.join(OUT, "weights.json"), "w") as f:
        json.dump({"he_initial": np.concatenate([init([2, 10, 5, 1], "he")["W%d" % l].ravel() for l in (1, 2, 3)]).tolist(),
                   "he_trained": np.concatenate([params["he"]["W%d" % l].ravel() for l in (1, 2, 3)]).tolist()}, f)

    names, diffs = gradcheck_per_parameter()
    with open(os.path.join(OUT, "gradcheck.json"), "w") as f:
        json.dump({"names": names, "difference": diffs}, f)


if __name__ == "__main__":
    main()
