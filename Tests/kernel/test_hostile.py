"""The hostile goldens as notebook cells (issue 13: no input may crash or hang the process).

Every script in Tests/DNNScriptTests/Golden/hostile/ is executed as one cell of one kernel:
the reply is an error with the golden's location (or ok, for a golden that expects its
right answer), `:vars` lists what it left, and the same kernel then answers `1 + 1` with 2. `:reset` between goldens
keeps each cell's names its own, as a fresh script has them.
"""
from __future__ import annotations

import re

from conftest import REPO

HOSTILE = sorted((REPO / "Tests/DNNScriptTests/Golden/hostile").glob("*.dnn"))


def expectations(source: str) -> tuple[int, str | None, bool]:
    """The golden's exit code, the location of its first error (`L:C`) and whether it
    takes script arguments (a cell has none, so its error is another)."""
    exit_code = re.search(r"^# exit: (\d+)", source, re.M)
    error = re.search(r"^# error: (\d+:\d+):", source, re.M)
    return (int(exit_code.group(1)) if exit_code else 0, error.group(1) if error else None,
            re.search(r"^# args:", source, re.M) is not None)


def test_there_are_hostile_goldens():
    assert len(HOSTILE) >= 20, HOSTILE


def test_each_hostile_golden_is_a_cell_that_leaves_the_kernel_serving(kernel):
    problems = []
    for path in HOSTILE:
        source = path.read_text()
        exit_code, where, takes_args = expectations(source)
        r = kernel.execute(source, timeout=60)
        n = r.of_type("execute_input")[0]["content"]["execution_count"] if r.of_type("execute_input") else None
        if exit_code == 0:
            if r.status != "ok":
                problems.append(f"{path.name}: expected ok:\n{r.describe()}")
        elif r.status != "error":
            problems.append(f"{path.name}: expected an error reply:\n{r.describe()}")
        elif not takes_args and where and f"cell[{n}]:{where}:" not in r.traceback:
            problems.append(f"{path.name}: expected the error at cell[{n}]:{where}:\n{r.traceback}")
        elif takes_args and not re.search(rf"cell\[{n}\]:\d+:\d+: error: ", r.traceback):
            problems.append(f"{path.name}: expected a located error:\n{r.traceback}")
        listed = kernel.execute(":vars", timeout=30)   # summarises what the golden left
        if listed.status != "ok":
            problems.append(f"{path.name}: :vars failed after it:\n{listed.describe()}")
        alive = kernel.execute("1 + 1", timeout=30)
        if alive.status != "ok" or alive.results != ["2"]:
            problems.append(f"{path.name}: the kernel did not answer 1 + 1 after it:\n{alive.describe()}")
            break
        kernel.ok(":reset")
    assert kernel.alive()
    assert not problems, "\n\n".join(problems)
