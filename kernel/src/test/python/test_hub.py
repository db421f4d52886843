"""A class on a real JupyterHub: ten students log in at once, open notebook 01 and run it top to
bottom through their single-user servers' REST and kernel websocket APIs, as JupyterLab does. Every
run passes its checks, and nothing (proxy, servers, kernels, executors) outlives the hub."""
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from hub_class import Hub, Student

STUDENTS = 10


def text(cell):
    return "".join(o.get("text", "") for o in cell.outputs if o["output_type"] == "stream")


def seconds(pattern, cell):
    match = re.search(pattern, text(cell))
    assert match, text(cell)
    return float(match.group(1))


def check(run):
    """Notebook 01's promises, as test_provided_notebooks checks them for one user alone."""
    failed = [(i, r.get("ename"), r.get("evalue")) for i, r in enumerate(run.replies) if r["status"] != "ok"]
    assert not failed, f"{run.name}: cells did not answer ok: {failed}"
    cells = run.cells
    assert len(cells) == 8, f"{run.name}: ran {len(cells)} code cells"
    serial = seconds(r"one after the other: ([\d.]+) s", cells[1])
    threaded = seconds(r"Total time: ([\d.]+) seconds", cells[2])
    assert serial >= 3.9 and threaded < serial * 0.75, (run.name, serial, threaded)
    images = [o for o in cells[3].outputs if "image/svg+xml" in o.get("data", {})]
    assert images and ">A</text>" in images[0]["data"]["image/svg+xml"], run.name
    assert "Exercise 1 passed" in text(cells[5]) and "Exercise 2 passed" in text(cells[7]), run.name


@pytest.fixture
def hub(tmp_path):
    hub = Hub(tmp_path)
    hub.start()
    yield hub
    if hub.process.poll() is None:
        hub.stop()


def test_a_class_of_ten_runs_notebook_01_at_once_and_leaves_nothing_behind(hub):
    def student(name):
        person = Student(hub, name)
        person.log_in()
        return person.run_notebook()

    with ThreadPoolExecutor(STUDENTS) as pool:
        runs = list(pool.map(student, [f"student{i:02}" for i in range(STUDENTS)]))
    for run in runs:
        check(run)
    tree = hub.processes()
    kernels = [p for p in tree if "dev.conclab.kernel.KernelMain" in p.command]
    assert len(kernels) == STUDENTS, "\n".join(p.command[:300] for p in tree)
    left = hub.stop()
    assert not left, "still running after the hub stopped:\n" + "\n".join(f"{p.pid} {p.command[:300]}" for p in left)
