"""Marks the lesson notebooks' cells for nbgrader, so that each notebook is an nbgrader assignment:
a code cell holding a "// BEGIN SOLUTION" region is a solution cell the student writes in, the
"// Check exercise N" cell after it is an autograded test cell worth POINTS[notebook][N] points,
and every other cell is locked (read-only; nbgrader autograde puts back its released text, so a
student cannot change the helpers a check relies on).

Run it after adding or renumbering exercises: python3 notebooks/nbgrader_cells.py (needs nbformat).
It only sets cell metadata, writes the notebooks as Jupyter does, and changes nothing on a second run.
"""
import re
import sys
from pathlib import Path

import nbformat

NOTEBOOKS = Path(__file__).resolve().parent
SCHEMA_VERSION = 3

# Points per check cell, by notebook and exercise number; a teacher changes them here (or in the
# cell's metadata, or in JupyterLab's "Create Assignment" sidebar) and reruns this tool.
POINTS = {
    "01-threads-for-io-bound-work": {1: 1, 2: 2},
    "02-processes-for-cpu-bound-work": {1: 2, 2: 2},
    "03-key-differences-measured": {1: 1, 2: 2, 3: 1},
    "04-synchronization": {1: 2, 2: 1},
    "05-inter-process-communication": {1: 2, 2: 2, 3: 2},
    "06-combining-threads-and-processes": {1: 3, 2: 1},
    "07-best-practices": {1: 2, 2: 2, 3: 2},
    "08-races-you-can-see": {1: 2, 2: 2, 3: 2},
    "09-beyond-one-machine": {1: 1, 2: 2},
}

CHECK = re.compile(r"^// Check exercise (\d+)")


def mark(path):
    """Sets the nbgrader metadata of every cell of one notebook; returns whether it changed."""
    points = POINTS[path.stem]
    notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    before = nbformat.writes(notebook)
    exercise = 0
    checks = set()
    for cell in notebook.cells:
        source = cell.source
        if cell.cell_type == "code" and "// BEGIN SOLUTION" in source:
            exercise += 1
            meta = {"grade": False, "grade_id": f"exercise{exercise}", "locked": False, "solution": True}
        elif cell.cell_type == "code" and CHECK.match(source):
            number = int(CHECK.match(source).group(1))
            if number != exercise or number not in points:
                sys.exit(f"{path.name}: the check of exercise {number} does not follow its solution cell, "
                         f"or has no points in POINTS; fix the notebook or POINTS")
            checks.add(number)
            meta = {"grade": True, "grade_id": f"exercise{number}-check", "locked": True,
                    "points": points[number], "solution": False}
        else:
            meta = {"grade": False, "grade_id": f"cell-{cell.id}", "locked": True, "solution": False}
        meta["schema_version"] = SCHEMA_VERSION
        cell.metadata["nbgrader"] = meta
    if checks != set(points):
        sys.exit(f"{path.name}: POINTS lists exercises {sorted(points)}, the notebook checks {sorted(checks)}")
    after = nbformat.writes(notebook)
    if after != before:
        path.write_text(after + "\n", encoding="utf-8")
    return after != before


if __name__ == "__main__":
    for stem in POINTS:
        changed = mark(NOTEBOOKS / f"{stem}.ipynb")
        print(f"{stem}.ipynb: {'marked' if changed else 'already marked'}, {sum(POINTS[stem].values())} points")
