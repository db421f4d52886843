"""Runs each provided notebook top to bottom with nbclient, as "Restart Kernel and Run All" does,
and checks what the reader is promised. A failing exercise check cell fails the run."""
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[4] / "notebooks"


def run(name):
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    NotebookClient(notebook, kernel_name="conclab-java", timeout=300, startup_timeout=120).execute()
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


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
