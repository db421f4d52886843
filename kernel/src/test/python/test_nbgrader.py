"""Coursework with nbgrader, as the README's "For teachers" section runs it, in a copy of course/:
generate the assignment from the lesson notebooks, autograde three students' submissions of
notebook 01 made from the release (one solved, one with exercise 2 wrong, one whose exercise 1
never ends and whose exercise 2 calls System.exit), and one that only the check's hidden test
fails; check the points of each check cell in nbgrader's gradebook, and the feedback and the
exported grades a student and a teacher read."""
import csv
import os
import re
import shutil
import subprocess
import sys
import time
from html import unescape
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

REPO = Path(__file__).resolve().parents[4]
ASSIGNMENT = "lessons"
LESSON = "01-threads-for-io-bound-work"
LESSONS = sorted(p.stem for p in (REPO / "notebooks").glob("0[1-9]-*.ipynb"))
STUB = 'throw new UnsupportedOperationException("not implemented");'
# The course's Execute.timeout; the endless submission must be cut off by it, not by the test.
CELL_TIMEOUT = 60


def nbgrader(course, *args):
    """Runs one nbgrader command as the teacher types it, in the course directory, with a bound."""
    bin_dir = Path(sys.executable).parent  # nbgrader, and the alembic it runs, sit beside this Python
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    done = subprocess.run([str(bin_dir / "nbgrader"), *args], cwd=course, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def shown(html):
    """What a feedback page shows as the cells' outputs, as text: not their code, which holds the
    same messages in its string literals."""
    blocks = re.findall(r'<div class="output_subarea[^"]*">(.*?)</div>', html, re.S)
    return unescape(re.sub(r"<[^>]+>", "", "\n".join(blocks)))


def solutions(lesson):
    """The teacher's answers, by nbgrader grade_id, from the source notebook."""
    source = nbformat.read(REPO / "notebooks" / f"{lesson}.ipynb", as_version=4)
    return {cell.metadata.nbgrader.grade_id: cell.source for cell in source.cells
            if cell.metadata.get("nbgrader", {}).get("solution")}


def submit(course, student, answers):
    """A student's submission: the released notebook with the answers typed into its solution cells."""
    notebook = nbformat.read(course / "release" / ASSIGNMENT / f"{LESSON}.ipynb", as_version=4)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    target = course / "submitted" / student / ASSIGNMENT
    target.mkdir(parents=True)
    nbformat.write(notebook, target / f"{LESSON}.ipynb")


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    shutil.copy(REPO / "course" / "nbgrader_config.py", course)
    # course/source/lessons is a link to notebooks/; the copy holds the files themselves.
    shutil.copytree(REPO / "course" / "source", course / "source", symlinks=False)
    return course


def test_the_assignment_releases_every_lesson_without_its_solutions_and_with_its_points(course):
    nbgrader(course, "generate_assignment", ASSIGNMENT)
    released = sorted(p.stem for p in (course / "release" / ASSIGNMENT).glob("*.ipynb"))
    assert released == LESSONS and len(LESSONS) == 9, released
    assert not list((course / "release" / ASSIGNMENT).glob("*.py")), "the marking tool is not handed out"
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for lesson in LESSONS:
            release = nbformat.read(course / "release" / ASSIGNMENT / f"{lesson}.ipynb", as_version=4)
            answers = [cell.source for cell in release.cells if cell.metadata.nbgrader.get("solution")]
            assert answers and all(STUB in answer and "SOLUTION" not in answer for answer in answers), lesson
            source = nbformat.read(REPO / "notebooks" / f"{lesson}.ipynb", as_version=4)
            marks = [cell.metadata.nbgrader for cell in source.cells]
            checks = [cell for cell in source.cells if cell.source.startswith("// Check exercise")]
            assert all(cell.metadata.nbgrader.grade and cell.metadata.nbgrader.locked for cell in checks), lesson
            assert sum(mark.solution for mark in marks) == len(checks) == sum(mark.grade for mark in marks), lesson
            assert all(mark.locked for mark in marks if not mark.solution), f"{lesson}: every other cell is read-only"
            points = sum(mark.get("points", 0) for mark in marks)
            assert points > 0 and gradebook.find_notebook(lesson, ASSIGNMENT).max_score == points, lesson
    release = nbformat.read(course / "release" / ASSIGNMENT / f"{LESSON}.ipynb", as_version=4)
    check = next(cell.source for cell in release.cells if cell.metadata.nbgrader.grade_id == "exercise2-check")
    assert "HIDDEN" not in check and "not thread-safe" not in check and "Exercise 2 passed" in check, check


def test_autograde_scores_each_check_and_cuts_off_a_submission_that_never_ends(course):
    answers = solutions(LESSON)
    submit(course, "alice", answers)
    # Bob lists the downloads in the order he starts them, not in the order they finish.
    submit(course, "bob", dict(answers, exercise2="""List<String> finishedOrder = new CopyOnWriteArrayList<>();
for (var download : List.of("slow", "fast", "medium")) finishedOrder.add(download);
finishedOrder"""))
    # Carol's first answer spins forever; her second ends the program.
    submit(course, "carol", dict(answers, exercise1="double exercise1Seconds = -1;\nwhile (true) { }",
                                 exercise2="List<String> finishedOrder = null;\nSystem.exit(3);"))
    # Dave's list is not thread-safe: the visible check passes, the hidden one does not.
    submit(course, "dave", dict(answers, exercise2=answers["exercise2"].replace("new CopyOnWriteArrayList<>()", "new ArrayList<>()")))

    started = time.monotonic()
    nbgrader(course, "autograde", ASSIGNMENT)
    took = time.monotonic() - started

    expected = {"alice": {"exercise1-check": 1, "exercise2-check": 2},
                "bob": {"exercise1-check": 1, "exercise2-check": 0},
                "carol": {"exercise1-check": 0, "exercise2-check": 0},
                "dave": {"exercise1-check": 1, "exercise2-check": 0}}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student, scores in expected.items():
            notebook = gradebook.find_submission_notebook(LESSON, ASSIGNMENT, student)
            assert {grade.name: grade.score for grade in notebook.grades} == scores, student
            assert notebook.max_score == 3, student
    graded = nbformat.read(course / "autograded" / "carol" / ASSIGNMENT / f"{LESSON}.ipynb", as_version=4)
    errors = [output.ename for cell in graded.cells if cell.cell_type == "code"
              for output in cell.outputs if output.output_type == "error"]
    assert "CellTimeoutError" in errors, f"the endless cell was cut off by the timeout: {errors}"
    assert "SystemExit" in errors, errors
    print(f"autograding four submissions took {took:.0f} s, with one cut off after {CELL_TIMEOUT} s")


def test_feedback_shows_the_failing_checks_message_and_the_grades_export(course):
    nbgrader(course, "generate_feedback", ASSIGNMENT)
    pages = {student: (course / "feedback" / student / ASSIGNMENT / f"{LESSON}.html").read_text()
             for student in ("alice", "bob", "carol", "dave")}
    outputs = {student: shown(page) for student, page in pages.items()}
    assert "Score: 3.0 / 3.0" in pages["alice"] and "Exercise 2 passed" in outputs["alice"]
    assert "AssertionError" not in outputs["alice"], outputs["alice"]
    assert "Score: 1.0 / 3.0" in pages["bob"] and "Exercise 1 passed" in outputs["bob"]
    assert "AssertionError: Exercise 2: expected [fast, medium, slow] (the order the waits end), got [slow, fast, medium]" \
        in outputs["bob"], outputs["bob"]
    assert "Score: 0.0 / 3.0" in pages["carol"] and "CellTimeoutError" in outputs["carol"]
    assert "AssertionError: Exercise 1: set exercise1Seconds to the measured time." in outputs["carol"], outputs["carol"]
    assert "AssertionError: Exercise 2: set finishedOrder to a thread-safe list." in outputs["carol"]
    assert "Score: 1.0 / 3.0" in pages["dave"]
    assert "AssertionError: Exercise 2: finishedOrder (ArrayList) is not thread-safe, and three threads add to it" \
        in outputs["dave"], outputs["dave"]

    nbgrader(course, "export")
    with open(course / "grades.csv", newline="") as grades:
        scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(grades)}
    assert scores == {"alice": 3.0, "bob": 1.0, "carol": 0.0, "dave": 1.0}, scores
