#!/usr/bin/env python3
"""Writes Tests/DNNScriptTests/Golden/numpy/*.dnn: matrices printed by dnnscript must match
numpy's print(array) (default print options) line for line. Each case pairs a dnnscript
program with the numpy code computing the same array; the expectation is numpy's output.

Regenerate: python3 scripts/reference/golden_numpy.py
"""
import os
import numpy as np

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DNNScriptTests", "Golden", "numpy")

def a(x):
    return np.array(x, dtype=float)

# name: (dnnscript lines before the print, dnnscript expression, numpy expression)
CASES = {
    "integers": ("", "[[1, 2], [3, 4]]", "a([[1, 2], [3, 4]])"),
    "negative": ("", "[[1, -2], [3, 4]]", "a([[1, -2], [3, 4]])"),
    "halves": ("", "[[1.5, 2.25, 3]]", "a([[1.5, 2.25, 3]])"),
    "thirds": ("", "[[1, 2, 3]] / 3", "a([[1, 2, 3]]) / 3"),
    "column": ("", "[[1], [2], [3]] * 0.1", "a([[1], [2], [3]]) * 0.1"),
    "zero": ("", "zeros(2, 3)", "np.zeros((2, 3))"),
    "negzero": ("", "[[0, 1]] * -1", "a([[0, 1]]) * -1"),
    "ones_col": ("", "ones(3, 1)", "np.ones((3, 1))"),
    "eye": ("", "eye(3)", "np.eye(3)"),
    "small": ("", "[[0.00001, 1]]", "a([[0.00001, 1]])"),
    "small_only": ("", "[[0.00001, 0.00002]]", "a([[0.00001, 0.00002]])"),
    "large": ("", "[[1e8, 1]]", "a([[1e8, 1]])"),
    "ratio": ("", "[[1, 1001]]", "a([[1, 1001]])"),
    "ratio_ok": ("", "[[1, 1000]]", "a([[1, 1000]])"),
    "exp_mixed": ("", "[[1.5e-5, 2.25, -3e10]]", "a([[1.5e-5, 2.25, -3e10]])"),
    "exp_three_digit": ("", "[[1e-100, 1]]", "a([[1e-100, 1]])"),
    "nan_inf": ("", "[[nan, 1, inf]]", "a([[np.nan, 1, np.inf]])"),
    "neg_inf": ("", "[[-inf, 0.5]]", "a([[-np.inf, 0.5]])"),
    "only_nan": ("", "[[nan, nan]]", "a([[np.nan, np.nan]])"),
    "nan_exp": ("", "[[nan, 1e-9, 1]]", "a([[np.nan, 1e-9, 1]])"),
    "rounding": ("", "[[0.123456789, 1.000000005, 2.5e-5 + 1]]", "a([[0.123456789, 1.000000005, 2.5e-5 + 1]])"),
    "sigmoid": ("", "sigmoid([[-2, -1, 0, 1, 2]])", "1 / (1 + np.exp(-a([[-2, -1, 0, 1, 2]])))"),
    "wide": ("", "[[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30]] / 7",
             "a([list(range(1, 31))]) / 7"),
    "wide_ints": ("", "ones(2, 40) * 3", "np.ones((2, 40)) * 3"),
    "summary_cols": ("", "ones(1, 2000) * 0.5", "np.ones((1, 2000)) * 0.5"),
    "summary_both": ("", "reshape(matrix(list(0..1600)), 40, 40)", "np.arange(1600, dtype=float).reshape(40, 40)"),
    "summary_rows": ("", "reshape(matrix(list(0..2000)), 1000, 2)", "np.arange(2000, dtype=float).reshape(1000, 2)"),
    "randn_seed3": ("seed 3", "randn(4, 2)", "(np.random.seed(3), np.random.randn(4, 2))[1]"),
    "he_like": ("seed 3", "randn(2, 4) * sqrt(2 / 4)", "(np.random.seed(3), np.random.randn(2, 4) * np.sqrt(2 / 4))[1]"),
    "rand_seed1": ("seed 1", "rand(3, 3)", "(np.random.seed(1), np.random.rand(3, 3))[1]"),
    "random_scale": ("seed 3", "randn(2, 3) * 10", "(np.random.seed(3), np.random.randn(2, 3) * 10)[1]"),
    "randn_wide": ("seed 1", "randn(3, 12)", "(np.random.seed(1), np.random.randn(3, 12))[1]"),
    "product": ("", "[[1, 2], [3, 4]] @ [[0.5], [0.25]]", "a([[1, 2], [3, 4]]) @ a([[0.5], [0.25]])"),
    "broadcast_col": ("", "[[1, 2, 3], [4, 5, 6]] - [[1], [2]]", "a([[1, 2, 3], [4, 5, 6]]) - a([[1], [2]])"),
    "broadcast_row": ("", "[[1, 2, 3], [4, 5, 6]] * [[1, 0.5, 0.25]]", "a([[1, 2, 3], [4, 5, 6]]) * a([[1, 0.5, 0.25]])"),
    "power": ("", "[[1, 2], [3, 4]] ^ 2", "a([[1, 2], [3, 4]]) ** 2"),
    "compare": ("", "[[1, 5], [3, 0]] > 2", "(a([[1, 5], [3, 0]]) > 2).astype(float)"),
    "transpose": ("", "[[1, 2, 3]].T", "a([[1, 2, 3]]).T"),
    "sum_axis0": ("", "sum([[1, 2], [3, 4]], axis: 0)", "np.sum(a([[1, 2], [3, 4]]), axis=0, keepdims=True)"),
    "sum_axis1": ("", "sum([[1, 2], [3, 4]], axis: 1, keepdims: true)", "np.sum(a([[1, 2], [3, 4]]), axis=1, keepdims=True)"),
    "mean_axis1": ("", "mean([[1, 2], [3, 5]], axis: 1)", "np.mean(a([[1, 2], [3, 5]]), axis=1, keepdims=True)"),
    "log": ("", "log([[1, 2, 0.5]])", "np.log(a([[1, 2, 0.5]]))"),
    "log_zero": ("", "log([[0, 1]])", "np.log(a([[0, 1]]))"),
    "exp": ("", "exp([[0, 1, -1]])", "np.exp(a([[0, 1, -1]]))"),
    "relu": ("", "relu([[-1, 0, 2.5]])", "np.maximum(0, a([[-1, 0, 2.5]]))"),
    "tanh": ("", "tanh([[-1, 0, 1]])", "np.tanh(a([[-1, 0, 1]]))"),
    "maximum": ("", "maximum([[1, 5]], [[3], [4]])", "np.maximum(a([[1, 5]]), a([[3], [4]]))"),
    "slice_row": ("let A = [[1, 2, 3], [4, 5, 6]]", "A[1, :]", "a([[1, 2, 3], [4, 5, 6]])[1:2, :]"),
    "slice_cols": ("let A = [[1, 2, 3], [4, 5, 6]]", "A[:, 1:3]", "a([[1, 2, 3], [4, 5, 6]])[:, 1:3]"),
    "slice_neg": ("let A = [[1, 2, 3], [4, 5, 6]]", "A[:, -1]", "a([[1, 2, 3], [4, 5, 6]])[:, -1:]"),
    "reshape": ("", "reshape([[1, 2, 3, 4, 5, 6]], 3, 2)", "a([[1, 2, 3, 4, 5, 6]]).reshape(3, 2)"),
    "big_values": ("", "[[123456.789, 0.001]]", "a([[123456.789, 0.001]])"),
    "tiny_diff": ("", "[[1.00000001, 1]]", "a([[1.00000001, 1]])"),
    "course_A3": ("", "[[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]]",
                  "a([[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]])"),
    "neg_exp": ("", "[[-1e-5, 1e-5]]", "a([[-1e-5, 1e-5]])"),
    "empty": ("", "zeros(0, 3)", "np.zeros((0, 3))"),
    "scalar_matrix": ("", "matrix(2.5)", "a([[2.5]])"),
    # More builtins against their numpy counterparts.
    "full": ("", "full(2, 2, 0.5)", "np.full((2, 2), 0.5)"),
    "argmax0": ("", "argmax([[1, 5, 2], [3, 0, 9]], axis: 0)", "np.argmax(a([[1, 5, 2], [3, 0, 9]]), axis=0)[None, :].astype(float)"),
    "argmax1": ("", "argmax([[1, 5, 2], [3, 0, 9]], axis: 1)", "np.argmax(a([[1, 5, 2], [3, 0, 9]]), axis=1)[:, None].astype(float)"),
    "minimum": ("", "minimum([[1, 5]], [[3], [4]])", "np.minimum(a([[1, 5]]), a([[3], [4]]))"),
    "hstack": ("", "hstack([[[1], [2]], [[3, 4], [5, 6]]])", "np.hstack([a([[1], [2]]), a([[3, 4], [5, 6]])])"),
    "vstack": ("", "vstack([[[1, 2]], [[3, 4]]])", "np.vstack([a([[1, 2]]), a([[3, 4]])])"),
    "flatten": ("", "flatten([[1, 2], [3, 4]])", "a([[1, 2], [3, 4]]).reshape(-1, 1)"),
    "dot": ("", "dot([[1, 2]], [[3], [4]])", "np.dot(a([[1, 2]]), a([[3], [4]]))"),
    "transpose_fn": ("", "transpose([[1, 2], [3, 4], [5, 6]])", "a([[1, 2], [3, 4], [5, 6]]).T"),
    "sign": ("", "sign([[-2, 0, 3]])", "np.sign(a([[-2, 0, 3]]))"),
    "abs_matrix": ("", "abs([[-2.5, 0, 3]])", "np.abs(a([[-2.5, 0, 3]]))"),
    "sqrt_matrix": ("", "sqrt([[1, 2, 4]])", "np.sqrt(a([[1, 2, 4]]))"),
    "floor_matrix": ("", "floor([[-1.5, 2.7]])", "np.floor(a([[-1.5, 2.7]]))"),
    "round_matrix": ("", "round([[1.25, 2.675]], 2)", "np.round(a([[1.25, 2.675]]), 2)"),
    "sum_all": ("", "sum([[1, 2], [3, 4.5]])", "float(np.sum(a([[1, 2], [3, 4.5]])))"),
    "mean_all": ("", "mean([[1, 2], [3, 5]])", "float(np.mean(a([[1, 2], [3, 5]])))"),
    "norm": ("", "norm([[3, 4], [12, 0]])", "float(np.linalg.norm(a([[3, 4], [12, 0]])))"),
    "max_matrix": ("", "max([[3, 9], [-1, 0]])", "float(np.max(a([[3, 9], [-1, 0]])))"),
    "min_matrix": ("", "min([[3, 9], [-1, 0]])", "float(np.min(a([[3, 9], [-1, 0]])))"),
    "ones": ("", "ones(2, 3) * 2", "np.ones((2, 3)) * 2"),
    "floor_divide_matrix": ("", "[[7, -7]] // 2", "a([[7, -7]]) // 2"),
    "modulo_matrix": ("", "[[7, -7]] % 3", "a([[7, -7]]) % 3"),
    "scalar_minus_matrix": ("", "1 - [[0.25, 0.75]]", "1 - a([[0.25, 0.75]])"),
    "divide_by_zero_matrix": ("", "[[1, -1, 0]] / 0", "a([[1, -1, 0]]) / 0"),
    "matrix_eq": ("", "[[1, 2]] == [[1, 3]]", "(a([[1, 2]]) == a([[1, 3]])).astype(float)"),
    "matrix_power_matrix": ("", "[[2, 3]] ^ [[2], [3]]", "a([[2, 3]]) ** a([[2], [3]])"),
    "unary_minus": ("", "-[[1, -2]]", "-a([[1, -2]])"),
    "index_scalar": ("let A = [[1, 2], [3, 4]]", "A[1, 0] * 10", "float(a([[1, 2], [3, 4]])[1, 0] * 10)"),
    "index_row": ("let A = [[1, 2], [3, 4]]", "A[-1]", "a([[1, 2], [3, 4]])[-1:, :]"),
    "matrix_from_list": ("", "matrix([1, 2, 3])", "a([[1, 2, 3]])"),
    "course_sigmoid_cost": ("let A3 = [[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]]\nlet Y = [[1, 1, 0, 1, 0]]",
                            "-1 / 5 * sum(Y * log(A3) + (1 - Y) * log(1 - A3))",
                            "float(-1 / 5 * np.sum(a([[1, 1, 0, 1, 0]]) * np.log(a([[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]])) + (1 - a([[1, 1, 0, 1, 0]])) * np.log(1 - a([[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]]))))"),
    # Model parameters: the course's initialisers (docs/course-reference.md §2) after np.random.seed(3).
    "init_he_W1": ("network net { input 2; dense 4 relu; dense 1 sigmoid }\nseed 3\nlet m = model(net, init: he)", "m.W1",
                   "(np.random.seed(3), np.random.randn(4, 2) * np.sqrt(2 / 2))[1]"),
    "init_he_W2": ("network net { input 2; dense 4 relu; dense 1 sigmoid }\nseed 3\nlet m = model(net, init: he)", "m.W2",
                   "(np.random.seed(3), np.random.randn(4, 2), np.random.randn(1, 4) * np.sqrt(2 / 4))[2]"),
    "init_random_W1": ("network net { dense 2 relu; dense 1 sigmoid }\nseed 3\nlet m = model(net, init: random(scale: 10), inputs: 3)", "m.W1",
                       "(np.random.seed(3), np.random.randn(2, 3) * 10)[1]"),
    "init_random_W2": ("network net { dense 2 relu; dense 1 sigmoid }\nseed 3\nlet m = model(net, init: random(scale: 10), inputs: 3)", "m.W2",
                       "(np.random.seed(3), np.random.randn(2, 3), np.random.randn(1, 2) * 10)[2]"),
    "init_xavier": ("network net { input 2; dense 20 relu; dense 3 relu; dense 1 sigmoid }\nseed 3\nlet m = model(net, init: xavier)", "m.W2",
                    "(np.random.seed(3), np.random.randn(20, 2), np.random.randn(3, 20) / np.sqrt(20))[2]"),
    "init_zeros": ("network net { input 2; dense 3 relu; dense 1 sigmoid }\nlet m = model(net, init: zeros)", "m.W1", "np.zeros((3, 2))"),
    "init_bias": ("network net { input 2; dense 3 relu; dense 1 sigmoid }\nlet m = model(net)", "m.b1", "np.zeros((3, 1))"),
    "init_glorot": ("network net { input 3; dense 2 tanh; dense 1 sigmoid }\nseed 3\nlet m = model(net, init: glorot)", "m.W1",
                    "(np.random.seed(3), np.random.randn(2, 3) * np.sqrt(2 / (2 + 3)))[1]"),
    "per_layer_init": ("network net { input 2; dense 3 relu init: zeros; dense 1 sigmoid }\nseed 3\nlet m = model(net, init: he)", "m.W2",
                       "(np.random.seed(3), np.random.randn(1, 3) * np.sqrt(2 / 3))[1]"),
    "circles_first": ("seed 1\ndataset train = circles(300, noise: 0.05)", "train.X[:, 0:3]",
                      "a([[-0.07741354010048114, 0.43186959584803564, 0.07916502322979652], [0.8526022642742742, -0.8721450395952108, 0.8406610985900007]])"),
    "circles_labels": ("seed 1\ndataset train = circles(300, noise: 0.05)", "train.Y[:, 0:3]", "a([[1, 0, 1]])"),
}


def main():
    os.makedirs(ROOT, exist_ok=True)
    for name, (setup, dnn, py) in CASES.items():
        text = str(eval(py))
        lines = [f"# Generated by scripts/reference/golden_numpy.py: expected is numpy's print({py})"]
        if setup:
            lines.append(setup)
        lines.append(f"print {dnn}")
        lines += [f"# expect: {line}" for line in text.split("\n")]
        with open(os.path.join(ROOT, name + ".dnn"), "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
