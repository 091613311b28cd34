#!/usr/bin/env python3
"""The course's training loops in plain numpy: the reference side of scripts/bench/run.

Usage: python3 scripts/bench/numpy_ref.py CASE [--data PATH] [--iterations N]

Cases (see docs/performance.md):
  a1-zeros, a1-random, a1-he        assignment 1 (docs/course-reference.md §2), circles, [2,10,5,1]
  a2-none, a2-l2, a2-dropout        assignment 2 (docs/course-reference.md §3), data.mat, [2,20,3,1]
  softmax-digits, softmax-mnist     random data, relu/relu/softmax, He init
  a4, a4-adam                       assignment 4 (docs/course-reference.md §7), moons, [2,5,2,1],
                                    mini-batches of 64, 5000 epochs, gd or Adam at lr 0.0007
  a4-seven                          assignment 4's seven runs (gd, momentum, Adam; then decay)

Written the way the course notebooks write it (init_utils.py / reg_utils.py / opt_utils.py):
forward_propagation with relu/sigmoid, compute_loss, backward_propagation,
update_parameters, full batch, float64. Prints the course's
"Cost after iteration N: ..." lines, then, last of all:
  final cost: <repr>        the cost computed in the last iteration (before its update)
  train accuracy: <repr>
(and "test accuracy: <repr>" before them for the cases that have a test set).
"""

import argparse
import os
import sys

import numpy as np

from cases import CASES, default_data_path, needs_data


# ---------------------------------------------------------------- activations

def sigmoid(x):
    s = 1 / (1 + np.exp(-x))
    return s


def relu(x):
    s = np.maximum(0, x)
    return s


def softmax(z):
    # Column-wise, shifted by the column maximum so exp never overflows.
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


# ---------------------------------------------------------------- data

def make_circles(n_samples=100, noise=None, factor=0.8):
    """scikit-learn's make_circles drawing from numpy's global generator (docs/course-reference.md §5)."""
    n_samples_out = n_samples // 2
    n_samples_in = n_samples - n_samples_out
    linspace_out = np.linspace(0, 2 * np.pi, n_samples_out, endpoint=False)
    linspace_in = np.linspace(0, 2 * np.pi, n_samples_in, endpoint=False)
    outer_circ_x = np.cos(linspace_out)
    outer_circ_y = np.sin(linspace_out)
    inner_circ_x = np.cos(linspace_in) * factor
    inner_circ_y = np.sin(linspace_in) * factor
    X = np.vstack([np.append(outer_circ_x, inner_circ_x),
                   np.append(outer_circ_y, inner_circ_y)]).T
    y = np.hstack([np.zeros(n_samples_out, dtype=np.intp),
                   np.ones(n_samples_in, dtype=np.intp)])
    return shuffle_and_jitter(X, y, noise)


def shuffle_and_jitter(X, y, noise):
    """scikit-learn's generators' ending: sklearn.utils.shuffle (one index permutation from
    the global generator, applied to the rows), then Gaussian noise of scale `noise`."""
    indices = np.arange(X.shape[0])
    np.random.shuffle(indices)
    X = X[indices]
    y = y[indices]
    if noise is not None:
        X += np.random.normal(scale=noise, size=X.shape)
    return X, y


def load_circles_dataset():
    """Assignment 1's load_dataset: examples as columns, float64 labels."""
    np.random.seed(1)
    train_X, train_Y = make_circles(n_samples=300, noise=.05)
    np.random.seed(2)
    test_X, test_Y = make_circles(n_samples=100, noise=.05)
    train_X = train_X.T
    train_Y = train_Y.reshape((1, train_Y.shape[0])).astype(np.float64)
    test_X = test_X.T
    test_Y = test_Y.reshape((1, test_Y.shape[0])).astype(np.float64)
    return train_X, train_Y, test_X, test_Y


def load_2D_dataset(path):
    """Assignment 2's load_2D_dataset (labels turned from uint8 to float64: same values)."""
    import scipy.io
    data = scipy.io.loadmat(path)
    train_X = data['X'].T.astype(np.float64)
    train_Y = data['y'].T.astype(np.float64)
    test_X = data['Xval'].T.astype(np.float64)
    test_Y = data['yval'].T.astype(np.float64)
    return train_X, train_Y, test_X, test_Y


def load_random_softmax_dataset(n_x, m, classes=10):
    """np.random.seed(0); X = rand(n_x, m); labels = floor(rand(m)*classes); Y one-hot."""
    np.random.seed(0)
    X = np.random.rand(n_x, m)
    labels = np.floor(np.random.rand(m) * classes).astype(np.int64)
    Y = np.zeros((classes, m))
    Y[labels, np.arange(m)] = 1.0
    return X, Y, labels


# ---------------------------------------------------------------- initialisation

def initialize_parameters_zeros(layers_dims):
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        parameters['W' + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))
        parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


def initialize_parameters_random(layers_dims):
    np.random.seed(3)
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        parameters['W' + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10
        parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


def initialize_parameters_he(layers_dims, seed=3):
    np.random.seed(seed)
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        parameters['W' + str(l)] = (np.random.randn(layers_dims[l], layers_dims[l - 1])
                                    * np.sqrt(2. / layers_dims[l - 1]))
        parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


def initialize_parameters(layer_dims):
    """Assignment 2's initialiser: randn / sqrt(n_prev) after np.random.seed(3)."""
    np.random.seed(3)
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters['W' + str(l)] = (np.random.randn(layer_dims[l], layer_dims[l - 1])
                                    / np.sqrt(layer_dims[l - 1]))
        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


# ---------------------------------------------------------------- 3-layer sigmoid network

def forward_propagation(X, parameters):
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    W3 = parameters["W3"]
    b3 = parameters["b3"]

    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)

    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache


def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
    # The course reseeds here, so every iteration uses the same two masks.
    np.random.seed(1)
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    W3 = parameters["W3"]
    b3 = parameters["b3"]

    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    D1 = np.random.rand(A1.shape[0], A1.shape[1])
    D1 = D1 < keep_prob
    A1 = A1 * D1
    A1 = A1 / keep_prob
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    D2 = np.random.rand(A2.shape[0], A2.shape[1])
    D2 = D2 < keep_prob
    A2 = A2 * D2
    A2 = A2 / keep_prob
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)

    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache


def compute_loss(a3, Y):
    """Cross-entropy; nansum drops 0·inf terms but keeps an infinite term."""
    m = Y.shape[1]
    logprobs = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
    loss = 1. / m * np.nansum(logprobs)
    return loss


def compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = Y.shape[1]
    W1 = parameters["W1"]
    W2 = parameters["W2"]
    W3 = parameters["W3"]
    cross_entropy_cost = compute_loss(A3, Y)
    L2_regularization_cost = (1. / m * lambd / 2) * (np.sum(np.square(W1)) + np.sum(np.square(W2))
                                                     + np.sum(np.square(W3)))
    cost = cross_entropy_cost + L2_regularization_cost
    return cost


def backward_propagation_a1(X, Y, cache):
    """Assignment 1's form: 1/m folded into dz3."""
    m = X.shape[1]
    (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3) = cache

    dz3 = 1. / m * (a3 - Y)
    dW3 = np.dot(dz3, a2.T)
    db3 = np.sum(dz3, axis=1, keepdims=True)

    da2 = np.dot(W3.T, dz3)
    dz2 = np.multiply(da2, np.int64(a2 > 0))
    dW2 = np.dot(dz2, a1.T)
    db2 = np.sum(dz2, axis=1, keepdims=True)

    da1 = np.dot(W2.T, dz2)
    dz1 = np.multiply(da1, np.int64(a1 > 0))
    dW1 = np.dot(dz1, X.T)
    db1 = np.sum(dz1, axis=1, keepdims=True)

    gradients = {"dz3": dz3, "dW3": dW3, "db3": db3,
                 "da2": da2, "dz2": dz2, "dW2": dW2, "db2": db2,
                 "da1": da1, "dz1": dz1, "dW1": dW1, "db1": db1}
    return gradients


def backward_propagation(X, Y, cache, lambd=0):
    """Assignment 2's form: 1/m on each dW, db; L2 adds (λ/m)·W to each dW when lambd > 0."""
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    if lambd:
        dW3 = dW3 + (lambd * W3) / m
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)

    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T)
    if lambd:
        dW2 = dW2 + (lambd * W2) / m
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T)
    if lambd:
        dW1 = dW1 + (lambd * W1) / m
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)

    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                 "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                 "dZ1": dZ1, "dW1": dW1, "db1": db1}
    return gradients


def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dA2 = dA2 * D2
    dA2 = dA2 / keep_prob
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T)
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    dA1 = dA1 * D1
    dA1 = dA1 / keep_prob
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T)
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)

    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                 "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                 "dZ1": dZ1, "dW1": dW1, "db1": db1}
    return gradients


def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for k in range(L):
        parameters["W" + str(k + 1)] = parameters["W" + str(k + 1)] - learning_rate * grads["dW" + str(k + 1)]
        parameters["b" + str(k + 1)] = parameters["b" + str(k + 1)] - learning_rate * grads["db" + str(k + 1)]
    return parameters


def predict(X, y, parameters):
    """Class 1 where a3 > 0.5 (strictly); returns the accuracy as a Python float."""
    a3, _ = forward_propagation(X, parameters)
    p = (a3 > 0.5).astype(np.int64)
    return float(np.mean(p[0, :] == y[0, :]))


def model_assignment1(X, Y, learning_rate=0.01, num_iterations=15000, print_cost=True,
                      initialization="he"):
    """Assignment 1's model: returns (parameters, costs), one cost per iteration."""
    costs = []
    layers_dims = [X.shape[0], 10, 5, 1]
    if initialization == "zeros":
        parameters = initialize_parameters_zeros(layers_dims)
    elif initialization == "random":
        parameters = initialize_parameters_random(layers_dims)
    elif initialization == "he":
        parameters = initialize_parameters_he(layers_dims)

    for i in range(0, num_iterations):
        a3, cache = forward_propagation(X, parameters)
        cost = compute_loss(a3, Y)
        grads = backward_propagation_a1(X, Y, cache)
        parameters = update_parameters(parameters, grads, learning_rate)
        if print_cost and i % 1000 == 0:
            print("Cost after iteration {}: {}".format(i, cost))
        costs.append(cost)
    return parameters, costs


def model_assignment2(X, Y, learning_rate=0.3, num_iterations=30000, print_cost=True,
                      lambd=0, keep_prob=1):
    """Assignment 2's model: returns (parameters, costs), one cost per iteration."""
    costs = []
    layers_dims = [X.shape[0], 20, 3, 1]
    parameters = initialize_parameters(layers_dims)

    for i in range(0, num_iterations):
        if keep_prob == 1:
            a3, cache = forward_propagation(X, parameters)
        else:
            a3, cache = forward_propagation_with_dropout(X, parameters, keep_prob)

        if lambd == 0:
            cost = compute_loss(a3, Y)
        else:
            cost = compute_cost_with_regularization(a3, Y, parameters, lambd)

        assert lambd == 0 or keep_prob == 1
        if keep_prob == 1:
            grads = backward_propagation(X, Y, cache, lambd)
        else:
            grads = backward_propagation_with_dropout(X, Y, cache, keep_prob)

        parameters = update_parameters(parameters, grads, learning_rate)
        if print_cost and i % 10000 == 0:
            print("Cost after iteration {}: {}".format(i, cost))
        costs.append(cost)
    return parameters, costs


# ---------------------------------------------------------------- softmax network

def forward_propagation_softmax(X, parameters):
    """LINEAR→RELU→LINEAR→RELU→LINEAR→SOFTMAX."""
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    W3 = parameters["W3"]
    b3 = parameters["b3"]

    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = softmax(Z3)

    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache


def compute_softmax_cost(A3, Y):
    """(1/m)·Σ −y log a over all classes and examples."""
    m = Y.shape[1]
    cost = 1. / m * np.sum(np.multiply(-np.log(A3), Y))
    return cost


def backward_propagation_softmax(X, Y, cache):
    """Assignment 1's form (1/m folded into dZ3 = (A3 − Y)/m)."""
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = 1. / m * (A3 - Y)
    dW3 = np.dot(dZ3, A2.T)
    db3 = np.sum(dZ3, axis=1, keepdims=True)

    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = np.dot(dZ2, A1.T)
    db2 = np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = np.dot(dZ1, X.T)
    db1 = np.sum(dZ1, axis=1, keepdims=True)

    return {"dW3": dW3, "db3": db3, "dW2": dW2, "db2": db2, "dW1": dW1, "db1": db1}


def model_softmax(X, Y, layers_dims, learning_rate=0.1, num_iterations=2000, print_every=None):
    """Full-batch softmax model, He init after np.random.seed(1); returns (parameters, costs)."""
    costs = []
    parameters = initialize_parameters_he(layers_dims, seed=1)
    for i in range(0, num_iterations):
        a3, cache = forward_propagation_softmax(X, parameters)
        cost = compute_softmax_cost(a3, Y)
        grads = backward_propagation_softmax(X, Y, cache)
        parameters = update_parameters(parameters, grads, learning_rate)
        if print_every and i % print_every == 0:
            print("Cost after iteration {}: {}".format(i, cost))
        costs.append(cost)
    return parameters, costs


def predict_softmax(X, labels, parameters):
    a3, _ = forward_propagation_softmax(X, parameters)
    return float(np.mean(np.argmax(a3, axis=0) == labels))


# ---------------------------------------------------------------- assignment 4 (Week 2)

def make_moons(n_samples=100, noise=None):
    """scikit-learn's make_moons drawing from numpy's global generator (docs/course-reference.md §7)."""
    n_samples_out = n_samples // 2
    n_samples_in = n_samples - n_samples_out
    outer_circ_x = np.cos(np.linspace(0, np.pi, n_samples_out))
    outer_circ_y = np.sin(np.linspace(0, np.pi, n_samples_out))
    inner_circ_x = 1 - np.cos(np.linspace(0, np.pi, n_samples_in))
    inner_circ_y = 1 - np.sin(np.linspace(0, np.pi, n_samples_in)) - .5
    X = np.vstack([np.append(outer_circ_x, inner_circ_x),
                   np.append(outer_circ_y, inner_circ_y)]).T
    y = np.hstack([np.zeros(n_samples_out, dtype=np.intp),
                   np.ones(n_samples_in, dtype=np.intp)])
    return shuffle_and_jitter(X, y, noise)


def load_moons_dataset():
    """Assignment 4's load_dataset: seed 3, 300 moons with noise 0.2, examples as columns."""
    np.random.seed(3)
    train_X, train_Y = make_moons(n_samples=300, noise=.2)
    return train_X.T, train_Y.reshape((1, train_Y.shape[0])).astype(np.float64)


def compute_cost_total(a3, Y):
    """The sum (not the mean) of the cross-entropy terms of a mini-batch."""
    logprobs = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
    return np.sum(logprobs)


def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    np.random.seed(seed)
    m = X.shape[1]
    permutation = list(np.random.permutation(m))
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation].reshape((1, m))
    batches = []
    for k in range(0, m, mini_batch_size):
        batches.append((shuffled_X[:, k:k + mini_batch_size], shuffled_Y[:, k:k + mini_batch_size]))
    return batches


def initialize_velocity(parameters):
    return {"d" + k: np.zeros_like(v) for k, v in parameters.items()}


def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    for k in parameters:
        v["d" + k] = beta * v["d" + k] + (1 - beta) * grads["d" + k]
        parameters[k] = parameters[k] - learning_rate * v["d" + k]
    return parameters, v


def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate,
                                beta1=0.9, beta2=0.999, epsilon=1e-8):
    for k in parameters:
        g = grads["d" + k]
        v["d" + k] = beta1 * v["d" + k] + (1 - beta1) * g
        v_corrected = v["d" + k] / (1 - beta1 ** t)
        s["d" + k] = beta2 * s["d" + k] + (1 - beta2) * np.power(g, 2)
        s_corrected = s["d" + k] / (1 - beta2 ** t)
        parameters[k] = parameters[k] - learning_rate * v_corrected / (np.sqrt(s_corrected) + epsilon)
    return parameters, v, s


def update_lr(learning_rate0, epoch_num, decay_rate):
    return learning_rate0 / (1 + decay_rate * epoch_num)


def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    return learning_rate0 / (1 + decay_rate * np.floor(epoch_num / time_interval))


def model_assignment4(X, Y, optimizer, learning_rate=0.0007, mini_batch_size=64, beta=0.9,
                      num_epochs=5000, print_cost=True, decay=None, decay_rate=1):
    """Assignment 4's model(): [2,5,2,1] relu/relu/sigmoid, He after seed 3 (init_utils' He
    formula, as opt_utils' initialize_parameters), shuffled mini-batches from seed 10 + e + 1."""
    costs = []
    t = 0
    seed = 10
    m = X.shape[1]
    learning_rate0 = learning_rate
    parameters = initialize_parameters_he([X.shape[0], 5, 2, 1])
    if optimizer == "momentum":
        v = initialize_velocity(parameters)
    elif optimizer == "adam":
        v, s = initialize_velocity(parameters), initialize_velocity(parameters)
    for i in range(num_epochs):
        seed = seed + 1
        cost_total = 0
        for minibatch_X, minibatch_Y in random_mini_batches(X, Y, mini_batch_size, seed):
            a3, caches = forward_propagation(minibatch_X, parameters)
            cost_total += compute_cost_total(a3, minibatch_Y)
            grads = backward_propagation_a1(minibatch_X, minibatch_Y, caches)
            if optimizer == "gd":
                parameters = update_parameters(parameters, grads, learning_rate)
            elif optimizer == "momentum":
                parameters, v = update_parameters_with_momentum(parameters, grads, v, beta, learning_rate)
            elif optimizer == "adam":
                t = t + 1
                parameters, v, s = update_parameters_with_adam(parameters, grads, v, s, t, learning_rate)
        cost_avg = cost_total / m
        if decay:
            learning_rate = decay(learning_rate0, i, decay_rate)
        if print_cost and i % 1000 == 0:
            print("Cost after epoch %i: %f" % (i, cost_avg))
            if decay:
                print("learning rate after epoch %i: %f" % (i, learning_rate))
        costs.append(cost_avg)
    return parameters, costs


# The seven runs of docs/course-reference.md §7, in its order.
A4_RUNS = [
    ("gd", 0.0007, None, 1), ("momentum", 0.0007, None, 1), ("adam", 0.0007, None, 1),
    ("gd", 0.1, update_lr, 1), ("gd", 0.1, schedule_lr_decay, 0.3),
    ("momentum", 0.1, schedule_lr_decay, 0.3), ("adam", 0.01, schedule_lr_decay, 0.3),
]


# ---------------------------------------------------------------- cases

SOFTMAX_CASES = {
    # case: (layers_dims, m, print_every)
    "softmax-digits": ([64, 128, 64, 10], 1797, 200),
    "softmax-mnist": ([784, 256, 128, 10], 10000, 20),
}



def run_case(case, data_path=None, iterations=None, print_cost=True):
    """Run one case; returns a dict with costs (per iteration), train/test accuracy."""
    if case not in CASES:
        raise ValueError("unknown case '%s' (cases: %s)" % (case, ", ".join(CASES)))
    n = CASES[case][0] if iterations is None else iterations
    result = {"case": case, "iterations": n}
    if case.startswith("a1-"):
        train_X, train_Y, test_X, test_Y = load_circles_dataset()
        parameters, costs = model_assignment1(train_X, train_Y, learning_rate=0.01,
                                              num_iterations=n, print_cost=print_cost,
                                              initialization=case[3:])
        result["train_accuracy"] = predict(train_X, train_Y, parameters)
        result["test_accuracy"] = predict(test_X, test_Y, parameters)
    elif needs_data(case):
        train_X, train_Y, test_X, test_Y = load_2D_dataset(data_path or default_data_path())
        lambd = 0.7 if case == "a2-l2" else 0
        keep_prob = 0.86 if case == "a2-dropout" else 1
        parameters, costs = model_assignment2(train_X, train_Y, learning_rate=0.3,
                                              num_iterations=n, print_cost=print_cost,
                                              lambd=lambd, keep_prob=keep_prob)
        result["train_accuracy"] = predict(train_X, train_Y, parameters)
        result["test_accuracy"] = predict(test_X, test_Y, parameters)
    elif case.startswith("a4"):
        X, Y = load_moons_dataset()
        runs = A4_RUNS if case == "a4-seven" else [("adam" if case == "a4-adam" else "gd", 0.0007, None, 1)]
        accuracies = []
        for optimizer, lr, decay, rate in runs:
            parameters, costs = model_assignment4(X, Y, optimizer, learning_rate=lr, num_epochs=n,
                                                  print_cost=print_cost, decay=decay, decay_rate=rate)
            accuracies.append(predict(X, Y, parameters))
        result["train_accuracy"] = accuracies[-1]
        result["train_accuracies"] = accuracies
    else:
        layers_dims, m, print_every = SOFTMAX_CASES[case]
        X, Y, labels = load_random_softmax_dataset(layers_dims[0], m, layers_dims[-1])
        parameters, costs = model_softmax(X, Y, layers_dims, learning_rate=0.1, num_iterations=n,
                                          print_every=print_every if print_cost else None)
        result["train_accuracy"] = predict_softmax(X, labels, parameters)
    result["costs"] = [float(c) for c in costs]
    result["parameters"] = parameters
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description="numpy reference for the dnnscript benchmark")
    parser.add_argument("case", choices=list(CASES))
    parser.add_argument("--data", default=None,
                        help="data.mat for the a2 cases (default: $DNNSCRIPT_COURSE_DATA, "
                             "else ../shared/course-data/data.mat beside the package)")
    parser.add_argument("--iterations", type=int, default=None,
                        help="override the case's number of training iterations (>= 1)")
    args = parser.parse_args(argv)
    if args.iterations is not None and args.iterations < 1:
        parser.error("--iterations must be at least 1")
    if needs_data(args.case):
        path = args.data or default_data_path()
        if not os.path.exists(path):
            print("numpy_ref.py: data file not found: %s (give --data PATH)" % path, file=sys.stderr)
            return 66
        args.data = path

    result = run_case(args.case, args.data, args.iterations)
    if "test_accuracy" in result:
        print("test accuracy: %r" % result["test_accuracy"])
    if "train_accuracies" in result and len(result["train_accuracies"]) > 1:
        print("train accuracies: %s" % " ".join(repr(a) for a in result["train_accuracies"]))
    print("final cost: %r" % result["costs"][-1])
    print("train accuracy: %r" % result["train_accuracy"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
