"""The three assignments as notebooks, run again by nbclient on the dnnscript kernel.

For each assignment: `dnnscript render scripts/assignmentN.dnn --to ipynb` (docs/notebooks.md),
outputs cleared with nbformat, executed with nbclient (what `jupyter nbconvert --execute`
uses) on the kernel named in the notebook's metadata (installed by conftest.py into a
temporary prefix), in a fresh temporary directory. The outputs must give the course's
numbers; where each number comes from is said beside it.
"""
from __future__ import annotations

import copy
import math
import os
import re
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from conftest import DEFAULT_KERNEL, REPO

COST = re.compile(r"^Cost after iteration (\d+): (\S+)$", re.M)


def render(dnnscript: Path, n: int, out: Path, *args: str):
    script = REPO / "scripts" / f"assignment{n}.dnn"
    done = subprocess.run([str(dnnscript), "render", str(script), "--to", "ipynb", "-o", str(out), *args],
                          capture_output=True, text=True, timeout=300, cwd=out.parent)
    assert done.returncode == 0, f"render assignment{n} exited {done.returncode}: {done.stderr[-2000:]}"
    return nbformat.read(str(out), as_version=4)


def cleared(nb):
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def execute(nb, directory: Path):
    """Runs `nb` on the kernel its metadata names, in `directory` (the kernel's cwd)."""
    assert nb.metadata.kernelspec.name == DEFAULT_KERNEL
    client = NotebookClient(nb, timeout=300, startup_timeout=60, kernel_name=nb.metadata.kernelspec.name,
                            resources={"metadata": {"path": str(directory)}})
    try:
        client.execute()
    except CellExecutionError as e:
        pytest.fail(f"a cell failed under nbclient:\n{str(e)[-3000:]}")
    nbformat.validate(nb)
    return nb


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def stdout(cell) -> str:
    return "".join(o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")


def all_stdout(nb) -> str:
    return "".join(stdout(c) for c in code_cells(nb))


def svgs(nb) -> list[str]:
    return [o.data["image/svg+xml"] for c in code_cells(nb) for o in c.outputs
            if o.output_type == "display_data" and "image/svg+xml" in o.get("data", {})]


def cell_with(nb, text: str):
    matches = [c for c in code_cells(nb) if text in c.source]
    assert len(matches) == 1, f"{len(matches)} code cells contain {text!r}"
    return matches[0]


def costs(cell) -> dict[int, float]:
    return {int(i): float(x) for i, x in COST.findall(stdout(cell))}


def close(actual: float, expected: float, rel: float = 1e-9) -> bool:
    return abs(actual - expected) <= rel * abs(expected)


def expect_labels(n: int) -> list[re.Pattern]:
    """The labels of the script's own `expect …, "label"` lines (each prints `label: correct`
    when it holds); `{…}` interpolations match anything."""
    labels = []
    for line in (REPO / "scripts" / f"assignment{n}.dnn").read_text().splitlines():
        if line.lstrip().startswith(("print", "let", "#")):
            continue
        m = re.search(r',\s*"([^"]+)"\s*$', line)
        if m:
            parts = re.split(r"\{[^}]*\}", m.group(1))
            labels.append(re.compile("^" + ".+".join(map(re.escape, parts)) + ": correct$", re.M))
    return labels


def assert_no_plot_files(directory: Path):
    assert not (directory / "plots").exists(), "the kernel wrote a plots/ folder beside the notebook"


def assert_same_stdout_as_render(rendered, executed):
    """Cell by cell, the kernel prints what `dnnscript render` printed for the same cell."""
    for before, after in zip(code_cells(rendered), code_cells(executed), strict=True):
        assert stdout(after) == stdout(before), f"cell {after.get('id')} printed differently under the kernel"


@pytest.fixture
def notebook_dir(workdir):
    d = workdir / "nb"
    d.mkdir()
    return d


def test_assignment1_gives_the_course_numbers(dnnscript, notebook_dir, workdir):
    rendered = render(dnnscript, 1, workdir / "assignment1.ipynb")
    nb = execute(cleared(rendered), notebook_dir)
    assert all(c.execution_count for c in code_cells(nb)), "every code cell ran"

    # docs/course-reference.md §2, "Expected results" table and the He costs at 1000…5000 (~1e-9 relative).
    zeros = costs(cell_with(nb, 'replay(zeros,'))
    assert sorted(zeros) == list(range(0, 15000, 1000)), zeros
    assert all(close(c, 0.6931471805599453) for c in zeros.values()), zeros
    random = costs(cell_with(nb, 'replay(random(scale: 10)'))
    assert math.isinf(random[0]), "random ×10: cost after iteration 0 is inf"
    assert abs(random[14000] - 0.3828) < 0.005, "random ×10: ≈0.3828 at 14000 (chaotic in the 3rd decimal)"
    he = costs(cell_with(nb, 'replay(he,'))
    course_he = {0: 0.8830537463419761, 1000: 0.6879825919728063, 2000: 0.6751286264523371,
                 3000: 0.6526117768893805, 4000: 0.6082958970572938, 5000: 0.5304944491717495,
                 14000: 0.07357895962677366}
    for i, expected in course_he.items():
        assert close(he[i], expected), f"he: cost after iteration {i}: {he[i]} vs docs/course-reference.md {expected}"
    # Accuracies exactly (docs/course-reference.md §2): train then test.
    for source, train, test in (("replay(zeros,", "0.5", "0.5"), ("replay(random(scale: 10)", "0.83", "0.86"),
                                ("replay(he,", "0.9933333333333333", "0.96")):
        accuracies = re.findall(r"^Accuracy: (\S+)$", stdout(cell_with(nb, source)), re.M)
        assert accuracies == [train, test], f"{source}: {accuracies}"

    # Every labelled expect of scripts/assignment1.dnn held (each cites docs/course-reference.md §2).
    text = all_stdout(nb)
    labels = expect_labels(1)
    assert len(labels) >= 20
    for label in labels:
        assert label.search(text), f"not correct: {label.pattern}"

    # Plots inline: the data, then a cost curve and a boundary per run (docs/course-reference.md §2, "Plots").
    plots = svgs(nb)
    assert len(plots) == 7, f"{len(plots)} SVG plots"
    for title in ("Model with Zeros initialization", "Model with large random initialization",
                  "Model with He initialization"):
        assert any(title in svg for svg in plots), f"no plot titled {title!r}"
    assert_no_plot_files(notebook_dir)
    assert_same_stdout_as_render(rendered, nb)


COURSE_DATA = os.environ.get("DNNSCRIPT_COURSE_DATA", "")


@pytest.mark.skipif(not (COURSE_DATA and Path(COURSE_DATA).is_file()),
                    reason="DNNSCRIPT_COURSE_DATA does not name the course's data.mat (CI sets it from shared/course-data)")
def test_assignment2_with_the_course_data_gives_the_course_numbers(dnnscript, notebook_dir, workdir):
    # scripts/assignment2.dnn reads script_dir() + "/datasets/data.mat" when no argument is
    # given; in a notebook that is the notebook's directory, where the course puts it.
    (notebook_dir / "datasets").mkdir()
    os.symlink(COURSE_DATA, notebook_dir / "datasets" / "data.mat")
    nb = execute(cleared(render(dnnscript, 2, workdir / "assignment2.ipynb")), notebook_dir)
    text = all_stdout(nb)
    assert "not found" not in text and "skipped" not in text, "the notebook did not find the course data"

    # docs/course-reference.md §3: 211 / 200 examples, labels 105/106 and 113/87.
    assert "dataset train: 211 examples, 2 features, classes 105/106" in text
    assert "dataset test: 200 examples, 2 features, classes 113/87" in text
    # docs/course-reference.md §3, "Expected results": costs at 0, 10000, 20000 (~1e-9 relative), accuracies exactly.
    table = {
        "replay(none,": ([0.6557412523481002, 0.16329987525724204, 0.13851642423234922], "0.9478672985781991", "0.915"),
        "replay(l2(0.7),": ([0.6974484493131264, 0.2684918873282238, 0.26809163371273004], "0.9383886255924171", "0.93"),
        "replay(dropout(0.86),": ([0.6543912405149825, 0.0610169865749056, 0.060582435798513114], "0.9289099526066351", "0.95"),
    }
    for source, (expected_costs, train, test) in table.items():
        cell = cell_with(nb, source)
        got = costs(cell)
        assert sorted(got) == [0, 10000, 20000], got
        for i, expected in zip((0, 10000, 20000), expected_costs):
            assert close(got[i], expected), f"{source} cost after iteration {i}: {got[i]} vs docs/course-reference.md {expected}"
        accuracies = re.findall(r"^Accuracy: (\S+)$", stdout(cell), re.M)
        assert accuracies == [train, test], f"{source}: {accuracies}"
    # docs/course-reference.md §3 unit fact: the L2 cost of the small case is 1.7864859451590758.
    unit = float(re.search(r"^cost with L2 regularization = (\S+)$", text, re.M).group(1))
    assert close(unit, 1.7864859451590758)
    # The script's own labelled checks, e.g. "none: test accuracy 0.915: correct".
    for label in ("data: train labels 105 / 106", "none: cost after iteration 10000", "l2: test accuracy 0.93",
                  "dropout: test accuracy 0.95", "l2: the weights end up smaller"):
        assert f"{label}: correct" in text, label
    assert len(svgs(nb)) == 7, "the data plot, then a cost curve and a boundary per run"
    assert_no_plot_files(notebook_dir)


def test_assignment2_without_the_data_runs_on_its_stand_in(dnnscript, notebook_dir, workdir):
    nb = execute(cleared(render(dnnscript, 2, workdir / "assignment2.ipynb")), notebook_dir)
    text = all_stdout(nb)
    # What scripts/assignment2.dnn prints without data.mat: where it looked (the notebook's
    # directory), the stand-in, and every course check it skipped: 2 data checks and 5 per
    # run (three `course…(…)` calls for costs, two for accuracies) × 3 runs = 17.
    assert "The course's data.mat was not found at" in text
    assert "two moons, 211 train / 200 test points" in text
    assert "skipped 17 checks that need the course's data.mat:" in text
    # The unit case does not use data.mat (docs/course-reference.md §3 unit fact).
    unit = float(re.search(r"^cost with L2 regularization = (\S+)$", text, re.M).group(1))
    assert close(unit, 1.7864859451590758)
    assert "l2: regularized cost of the unit case: correct" in text
    for run in ("replay(none,", "replay(l2(0.7),", "replay(dropout(0.86),"):
        assert sorted(costs(cell_with(nb, run))) == [0, 10000, 20000], f"{run}: the cost lines every 10000"
    assert len(svgs(nb)) == 7
    assert_no_plot_files(notebook_dir)


def test_assignment3_gives_the_course_numbers(dnnscript, notebook_dir, workdir):
    rendered = render(dnnscript, 3, workdir / "assignment3.ipynb")
    nb = execute(cleared(rendered), notebook_dir)
    text = all_stdout(nb)

    def number(pattern: str, nth: int = 0) -> float:
        found = re.findall(pattern, text, re.M)
        assert len(found) > nth, f"{pattern!r} not printed"
        return float(found[nth])

    # docs/course-reference.md §1 (lectures): θ³ at 1 with ε = 0.01: two-sided 3.0001, one-sided 3.0301.
    assert close(number(r"^two-sided: (\S+) "), 3.0001, 1e-12)
    assert close(number(r"^one-sided: (\S+) "), 3.0301, 1e-12)
    # docs/course-reference.md §4, 1-D: gradapprox 2.0000000011677344, difference 2.919335883291695e-10
    # (x = 2), 7.814075313343006e-11 (x = 3).
    assert close(number(r"^gradapprox = (\S+)$"), 2.0000000011677344)
    assert close(number(r"^difference = (\S+)$", 0), 2.919335883291695e-10)
    assert close(number(r"^gradcheck: difference (\S+): correct$", 0), 7.814075313343006e-11)
    # docs/course-reference.md §4, N-D: 47 parameters; with the planted bugs 0.2850931567761623, naming
    # dW2 and db1; fixed < 2e-7.
    assert "parameters: 47" in text
    assert close(number(r"^difference = (\S+)$", 1), 0.2850931567761623)
    culprits = re.search(r"^culprits: (.*)$", text, re.M).group(1)
    assert "dW2" in culprits and "db1" in culprits, culprits
    assert number(r"^difference = (\S+)$", 2) < 2e-7
    for label in expect_labels(3):
        assert label.search(text), f"not correct: {label.pattern}"
    assert_no_plot_files(notebook_dir)
    assert_same_stdout_as_render(rendered, nb)


LABS = sorted((REPO / "scripts" / "labs").glob("*.dnn"))


def render_path(dnnscript: Path, script: Path, out: Path):
    done = subprocess.run([str(dnnscript), "render", str(script), "--to", "ipynb", "-o", str(out)],
                          capture_output=True, text=True, timeout=300, cwd=out.parent)
    assert done.returncode == 0, f"render {script.name} exited {done.returncode}: {done.stderr[-2000:]}"
    return nbformat.read(str(out), as_version=4)


def shown(cell) -> tuple[str, list[str], int]:
    """What a code cell shows besides stderr (whose locations name the file or the cell):
    its stdout, its echoed values and how many SVG plots."""
    results = [o.data.get("text/plain") for o in cell.outputs if o.output_type == "execute_result"]
    plots = sum(1 for o in cell.outputs if o.output_type == "display_data" and "image/svg+xml" in o.get("data", {}))
    return stdout(cell), results, plots


@pytest.mark.parametrize("lab", LABS, ids=[p.stem for p in LABS])
def test_lab_notebooks_show_under_the_kernel_what_render_shows(dnnscript, notebook_dir, workdir, lab):
    """Every lab (scripts/labs, docs/course-reference.md §1), rendered and re-run under nbclient: each code
    cell prints, echoes and plots what `dnnscript render` showed for it (docs/notebooks.md:
    cells run "like a Jupyter kernel"), and no cell fails."""
    rendered = render_path(dnnscript, lab, workdir / f"{lab.stem}.ipynb")
    nb = execute(cleared(rendered), notebook_dir)
    for before, after in zip(code_cells(rendered), code_cells(nb), strict=True):
        assert shown(after) == shown(before), f"{lab.name} {after.get('id')}: the kernel showed something else"
    assert_no_plot_files(notebook_dir)
