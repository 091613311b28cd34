#!/usr/bin/env python3
"""Reference numbers for layer_stats (LayerStatisticsTests, Golden/network/layer_stats_gradients.dnn):
gradient_norm = ||dZ[l]||_F, weight_gradient_norm = ||dW[l]||_F, gradient_mean_abs = mean |dZ[l]|.

seed 1: X = randn(2, 50), Y = X[0] > 0; seed 3: W[l] = randn(n[l], n[l-1]) * scale row by row,
biases zero; 10 tanh layers of 20 units and a sigmoid output; cross-entropy with 1/m.

Run: python3 scripts/reference/layer_stats_numpy.py
"""
import numpy as np

np.random.seed(1)
X = np.random.randn(2, 50)
Y = (X[0:1] > 0).astype(float)
m = X.shape[1]


def stats(scale):
    np.random.seed(3)
    sizes = [2] + [20] * 10 + [1]
    W = [np.random.randn(sizes[l + 1], sizes[l]) * scale for l in range(11)]
    A = [X]
    for l in range(11):
        z = W[l] @ A[-1]
        A.append(1 / (1 + np.exp(-z)) if l == 10 else np.tanh(z))
    dZ = (A[-1] - Y) / m
    out = []
    for l in reversed(range(11)):
        out.append((l + 1, np.linalg.norm(dZ), np.linalg.norm(dZ @ A[l].T), np.abs(dZ).mean()))
        if l > 0:
            dZ = (W[l].T @ dZ) * (1 - A[l] ** 2)
    return list(reversed(out))


for scale in (0.01, 1.5):
    print(f"scale {scale}: layer, gradient_norm, weight_gradient_norm, gradient_mean_abs")
    for l, g, gw, ma in stats(scale):
        print(f"  {l:2d} {float(g)!r} {float(gw)!r} {float(ma)!r}")
