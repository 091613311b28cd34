"""The benchmark's cases, shared by numpy_ref.py, run and reference_numbers.py."""

import os

PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# case: (training iterations, what it is)
CASES = {
    "a1-zeros": (15000, "assignment 1, circles 300, [2,10,5,1], zeros init, lr 0.01"),
    "a1-random": (15000, "assignment 1, circles 300, [2,10,5,1], randn*10 init, lr 0.01"),
    "a1-he": (15000, "assignment 1, circles 300, [2,10,5,1], He init, lr 0.01"),
    "a2-none": (30000, "assignment 2, data.mat 211, [2,20,3,1], lr 0.3, no regularization"),
    "a2-l2": (30000, "assignment 2, data.mat 211, [2,20,3,1], lr 0.3, L2 lambda 0.7"),
    "a2-dropout": (30000, "assignment 2, data.mat 211, [2,20,3,1], lr 0.3, dropout keep_prob 0.86"),
    "softmax-digits": (2000, "random 64x1797, [64,128,64,10] relu/relu/softmax, lr 0.1, He"),
    "softmax-mnist": (200, "random 784x10000, [784,256,128,10] relu/relu/softmax, lr 0.1, He"),
    # Assignment 4: the iterations are epochs of mini-batches of 64 (5 steps each).
    "a4": (5000, "assignment 4, moons 300, [2,5,2,1], batches of 64, gd lr 0.0007"),
    "a4-adam": (5000, "assignment 4, moons 300, [2,5,2,1], batches of 64, Adam lr 0.0007"),
    "a4-seven": (5000, "assignment 4's seven runs: gd, momentum, Adam; gd, gd, momentum, Adam with decay"),
}


def needs_data(case):
    """The assignment-2 cases read the course's data.mat."""
    return case.startswith("a2-")


def default_data_path():
    """DNNSCRIPT_COURSE_DATA when set, else ../shared/course-data/data.mat beside the package."""
    env = os.environ.get("DNNSCRIPT_COURSE_DATA")
    if env:
        return env
    return os.path.normpath(os.path.join(PACKAGE_ROOT, "..", "shared", "course-data", "data.mat"))
