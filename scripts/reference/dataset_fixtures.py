#!/usr/bin/env python3
"""Reference datasets for DatasetGenerators' tests, from numpy reimplementations.

Regenerate (from the package root):
    python3 scripts/reference/dataset_fixtures.py > Tests/DNNCoreTests/Fixtures/DatasetFixtures.swift

scikit-learn is not installed here, so make_circles / make_moons / make_blobs /
make_gaussian_quantiles are re-implemented below following scikit-learn's source (draws
from the legacy global generator; sklearn.utils.shuffle == rows indexed by
np.random.permutation-style shuffle of arange(n)). The course's first three circles
points (docs/course-reference.md §2) are asserted here, so the reimplementation is pinned to the course.

Each dataset is kept as its numpy arrays X (m×d, row-major) and y: the count, the first
three rows, an FNV-1a 64 hash over all X values (bit patterns, row by row) and one over y.
Circles train/test keep every value.
"""
import numpy as np
from random_fixtures import fnv, bits


def shuffle_rows(X, y):
    idx = np.arange(X.shape[0])
    np.random.shuffle(idx)
    return X[idx], y[idx]


def make_circles(n, noise=None, factor=0.8):
    no, ni = n // 2, n - n // 2
    lo = np.linspace(0, 2 * np.pi, no, endpoint=False)
    li = np.linspace(0, 2 * np.pi, ni, endpoint=False)
    X = np.vstack([np.append(np.cos(lo), np.cos(li) * factor),
                   np.append(np.sin(lo), np.sin(li) * factor)]).T
    y = np.hstack([np.zeros(no, dtype=np.intp), np.ones(ni, dtype=np.intp)])
    X, y = shuffle_rows(X, y)
    if noise is not None:
        X += np.random.normal(scale=noise, size=X.shape)
    return X, y


def make_moons(n, noise=None):
    no, ni = n // 2, n - n // 2
    X = np.vstack([np.append(np.cos(np.linspace(0, np.pi, no)), 1 - np.cos(np.linspace(0, np.pi, ni))),
                   np.append(np.sin(np.linspace(0, np.pi, no)), 1 - np.sin(np.linspace(0, np.pi, ni)) - .5)]).T
    y = np.hstack([np.zeros(no, dtype=np.intp), np.ones(ni, dtype=np.intp)])
    X, y = shuffle_rows(X, y)
    if noise is not None:
        X += np.random.normal(scale=noise, size=X.shape)
    return X, y


def make_blobs(n, centers, features, std):
    c = np.random.uniform(-10.0, 10.0, size=(centers, features))
    per = [n // centers] * centers
    for i in range(n % centers):
        per[i] += 1
    X = np.empty((n, features))
    y = np.empty(n, dtype=int)
    start = 0
    for i, k in enumerate(per):
        X[start:start + k] = np.random.normal(loc=c[i], scale=std, size=(k, features))
        y[start:start + k] = i
        start += k
    return shuffle_rows(X, y)


def make_gaussian_quantiles(n, features, classes):
    mean = np.zeros(features)
    X = np.random.multivariate_normal(mean, 1.0 * np.identity(features), (n,))
    idx = np.argsort(np.sum((X - mean[np.newaxis, :]) ** 2, axis=1))
    X = X[idx, :]
    step = n // classes
    y = np.hstack([np.repeat(np.arange(classes), step), np.repeat(classes - 1, n - step * classes)])
    return shuffle_rows(X, y)


def spiral(N, K, noise):
    X = np.zeros((N * K, 2))
    y = np.zeros(N * K, dtype='uint8')
    for j in range(K):
        ix = range(N * j, N * (j + 1))
        r = np.linspace(0.0, 1, N)
        t = np.linspace(j * 4, (j + 1) * 4, N) + np.random.randn(N) * noise
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        y[ix] = j
    return X, y


def flower(m=400):
    N = int(m / 2)
    X = np.zeros((m, 2))
    Y = np.zeros((m, 1), dtype='uint8')
    a = 4
    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + np.random.randn(N) * 0.2
        r = a * np.sin(4 * t) + np.random.randn(N) * 0.2
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X, Y.ravel()


def xor(n, noise=None):
    X = np.random.uniform(-1, 1, size=(n, 2))
    y = ((X[:, 0] > 0) != (X[:, 1] > 0)).astype(int)
    if noise is not None:
        X = X + np.random.normal(scale=noise, size=X.shape)
    return X, y


def hexes(values):
    return ", ".join("0x%016x" % bits(float(v)) for v in values)


def emit(name, seed, call, X, y, full=False):
    print("        Generated(name: \"%s\", seed: %d, call: \"%s\", count: %d, features: %d," % (name, seed, call, X.shape[0], X.shape[1]))
    print("                  firstRows: [%s]," % hexes(X[:3].ravel()))
    print("                  firstLabels: [%s], xHash: 0x%016x, yHash: 0x%016x," % (
        ", ".join(str(int(v)) for v in y[:3]), fnv([float(v) for v in X.ravel()]), fnv([float(v) for v in y])))
    print("                  all: [%s])," % (hexes(X.ravel()) if full else ""))


def main():
    # pin the reimplementation to docs/course-reference.md §2 and the multivariate_normal shortcut to randn
    np.random.seed(1)
    X, y = make_circles(300, .05)
    assert X[0, 0] == -0.07741354010048114 and X[0, 1] == 0.8526022642742742 and y[0] == 1
    assert X[1, 0] == 0.43186959584803564 and X[1, 1] == -0.8721450395952108 and y[1] == 0
    assert X[2, 0] == 0.07916502322979652 and X[2, 1] == 0.8406610985900007 and y[2] == 1
    np.random.seed(0)
    a = np.random.multivariate_normal(np.zeros(3), np.identity(3), (50,))
    np.random.seed(0)
    assert (a == np.random.randn(50, 3)).all()

    print("// Generated by scripts/reference/dataset_fixtures.py with numpy %s; do not edit." % np.__version__)
    print("// X rows are numpy's (m × d) rows as IEEE bit patterns; the Swift dataset holds their transpose.")
    print("enum DatasetFixtures {")
    print("    struct Generated: Sendable {")
    print("        let name: String, seed: UInt32, call: String, count: Int, features: Int")
    print("        let firstRows: [UInt64], firstLabels: [Int], xHash: UInt64, yHash: UInt64")
    print("        let all: [UInt64]")
    print("    }")
    print("    static let cases: [Generated] = [")
    np.random.seed(1); emit("circles", 1, "make_circles(300, noise=.05)", *make_circles(300, .05), full=True)
    np.random.seed(2); emit("circles", 2, "make_circles(100, noise=.05)", *make_circles(100, .05), full=True)
    np.random.seed(7); emit("circles", 7, "make_circles(51, noise=None, factor=0.5)", *make_circles(51, None, 0.5))
    np.random.seed(0); emit("moons", 0, "make_moons(200, noise=0.1)", *make_moons(200, 0.1))
    np.random.seed(3); emit("moons", 3, "make_moons(101, noise=None)", *make_moons(101))
    np.random.seed(0); emit("blobs", 0, "make_blobs(150, centers=3, n_features=2, cluster_std=1.0)", *make_blobs(150, 3, 2, 1.0))
    np.random.seed(5); emit("blobs", 5, "make_blobs(101, centers=4, n_features=3, cluster_std=0.5)", *make_blobs(101, 4, 3, 0.5))
    np.random.seed(0); emit("spiral", 0, "cs231n spiral N=100 K=3 noise=0.2", *spiral(100, 3, 0.2))
    np.random.seed(4); emit("spiral", 4, "cs231n spiral N=51 K=4 noise=0.1", *spiral(51, 4, 0.1))
    np.random.seed(1); emit("flower", 1, "load_planar_dataset() m=400", *flower(400))
    np.random.seed(0); emit("xor", 0, "xor(200, noise=0.1)", *xor(200, 0.1))
    np.random.seed(0); emit("gaussianQuantiles", 0, "make_gaussian_quantiles(200, n_features=2, n_classes=3)", *make_gaussian_quantiles(200, 2, 3))
    np.random.seed(9); emit("gaussianQuantiles", 9, "make_gaussian_quantiles(100, n_features=3, n_classes=4)", *make_gaussian_quantiles(100, 3, 4))
    print("    ]")
    print("}")


if __name__ == "__main__":
    main()
