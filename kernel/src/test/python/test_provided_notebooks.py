"""Runs each provided notebook top to bottom with nbclient, as "Restart Kernel and Run All" does,
and checks what the reader is promised. A failing exercise check cell fails the run, and so do
stored outputs that the current code no longer produces."""
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[4] / "notebooks"


def run(name):
    """Runs the notebook and checks that its stored outputs came from its current code."""
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    stored = [shape(cell) for cell in notebook.cells if cell.cell_type == "code"]
    stored_on = java_feature(notebook)
    NotebookClient(notebook, kernel_name="conclab-java", timeout=300, startup_timeout=120).execute()
    cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    # Another JDK may rightly print otherwise (virtual threads, JDK frames in stack traces).
    if java_feature(notebook) == stored_on:
        for index, (before, after) in enumerate(zip(stored, (shape(cell) for cell in cells))):
            assert before == after, f"{name}: code cell {index} shows other outputs than are stored; re-run and save it"
    return cells


def java_feature(notebook):
    return notebook.metadata.get("language_info", {}).get("version", "").split(".")[0]


def shape(cell):
    """What a cell shows, less what changes from run to run: the numbers (times, counts), the order
    in which threads' lines interleave, and what images draw."""
    streams, others = {}, []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            streams[output["name"]] = streams.get(output["name"], "") + output["text"]
        else:
            others.append((output["output_type"], sorted(output.get("data", {})), output.get("ename")))
    lines = {name: sorted(mask(line) for line in text.splitlines()) for name, text in streams.items()}
    return lines, others


def mask(line):
    line = re.sub(r"@[0-9a-f]{4,}\b", "@#", line)  # identity hash codes: NonfairSync@1b6d3586
    return re.sub(r"\d+(?:[,.]\d+)*", "#", line)


def text(cell):
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o["output_type"] == "stream")


def seconds(pattern, cell):
    match = re.search(pattern, text(cell))
    assert match, text(cell)
    return float(match.group(1))


def test_threads_overlap_io_waits_and_the_timeline_is_an_image():
    cells = run("01-threads-for-io-bound-work.ipynb")
    serial = seconds(r"one after the other: ([\d.]+) s", cells[1])
    threaded = seconds(r"Total time: ([\d.]+) seconds", cells[2])
    assert serial >= 3.9, serial
    assert threaded < serial * 0.75, (threaded, serial)
    images = [o for o in cells[3]["outputs"] if "image/svg+xml" in o.get("data", {})]
    assert images and ">A</text>" in images[0]["data"]["image/svg+xml"]
    assert "Exercise 1 passed" in text(cells[5]) and "Exercise 2 passed" in text(cells[7])


def test_processes_run_the_seed_examples_and_the_exercises():
    cells = run("02-processes-for-cpu-bound-work.ipynb")
    started = [line for line in text(cells[1]).splitlines() if line.endswith("started")]
    assert sorted(started) == ["Task A started", "Task B started"]
    basic = text(cells[4]).splitlines()
    assert all(line.endswith("Starting") for line in basic[:4]) and basic[-1] == "All processes completed.", basic
    assert sorted(l for l in text(cells[6]).splitlines() if l.startswith("Result from")) == [
        f"Result from process {i}" for i in range(4)]
    assert "Exercise 1 passed" in text(cells[8]) and "Exercise 2 passed" in text(cells[10])


def test_synchronization_fixes_the_race_and_names_the_deadlock():
    cells = run("04-synchronization.ipynb")
    race = re.search(r"expected ([\d,]+), got ([\d,]+): ([\d,]+) updates lost", text(cells[1]))
    assert race, text(cells[1])
    expected, got, lost = (int(g.replace(",", "")) for g in race.groups())
    assert expected == 4_000_000 and got + lost == expected and got <= expected
    assert text(cells[2]).count("4,000,000") == 3, "each fix loses no update: " + text(cells[2])
    images = [o for o in cells[4]["outputs"] if "image/svg+xml" in o.get("data", {})]
    assert images and ">task-4</text>" in images[0]["data"]["image/svg+xml"]
    assert "Deadlock: " in text(cells[5]) and 'held by "two"' in text(cells[5]), text(cells[5])
    assert "Exercise 1 passed" in text(cells[8]) and "Exercise 2 passed" in text(cells[10])


def test_ipc_queues_pipes_shared_memory_and_a_manager_work_across_processes():
    cells = run("05-inter-process-communication.ipynb")
    assert text(cells[0]) == "Consumer received: Data from producer\n"
    assert text(cells[1]) == "15 jobs taken, 15 of them distinct\n"
    assert text(cells[2]) == "Receiver got: Hello from sender\n"
    assert text(cells[3]).splitlines() == [f"echo: ping {i}" for i in (1, 2, 3)]
    race = re.search(r"expected ([\d,]+), got ([\d,]+): ([\d,]+) updates lost", text(cells[4]))
    expected, got, lost = (int(g.replace(",", "")) for g in race.groups())
    assert expected == 800_000 and got + lost == expected and got <= expected
    assert "atomic: 800,000, locked: 800,000" in text(cells[5])
    assert text(cells[6]).endswith("sum 500000500000\n")
    assert "the=5" in text(cells[7]) and "4 processes finished" in text(cells[7])
    chart = [o for o in cells[8]["outputs"] if "image/svg+xml" in o.get("data", {})]
    assert chart and ">manager merge</text>" in chart[0]["data"]["image/svg+xml"]
    assert all(f"Exercise {n} passed" in text(cells[8 + 2 * n]) for n in (1, 2, 3))
