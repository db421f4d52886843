"""nbclient runs notebooks/00-smoke.ipynb on the installed kernel, and nbconvert turns an executed
notebook into HTML; checks what a reader sees."""
import base64
import re
import subprocess
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[4] / "notebooks" / "00-smoke.ipynb"


def outputs_of(cell):
    return cell.get("outputs", [])


def test_smoke_notebook_runs_and_shows_its_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, kernel_name="conclab-java", timeout=120, startup_timeout=120).execute()
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]

    printed = "".join(o.get("text", "") for o in outputs_of(code_cells[0]) if o["output_type"] == "stream")
    assert printed.startswith("hello from Java "), printed

    assert outputs_of(code_cells[1]) == [], "a declaration shows nothing"

    results = [o for o in outputs_of(code_cells[2]) if o["output_type"] == "execute_result"]
    assert [r["data"]["text/plain"] for r in results] == ["42"]

    displays = [o for o in outputs_of(code_cells[3]) if o["output_type"] == "display_data"]
    assert displays and displays[0]["data"]["text/html"] == "<b>bold</b>"

    lines = "".join(o.get("text", "") for o in outputs_of(code_cells[4]) if o["output_type"] == "stream").splitlines()
    assert sorted(lines) == ["worker 0 done", "worker 1 done", "worker 2 done"], lines


def test_nbconvert_executes_a_notebook_into_html_with_its_chart(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell('System.out.println("hello from nbconvert");'),
        nbformat.v4.new_code_cell('Chart.bars("Time per job", "ms").bar("one thread", 40).bar("two threads", 21)'),
    ])
    notebook.metadata["kernelspec"] = {"name": "conclab-java", "display_name": "Java", "language": "java"}
    nbformat.write(notebook, tmp_path / "converted.ipynb")
    run = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--execute",
                          "--ExecutePreprocessor.kernel_name=conclab-java", str(tmp_path / "converted.ipynb")],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    html = (tmp_path / "converted.html").read_text()
    assert "hello from nbconvert" in html
    images = [base64.b64decode(data).decode() for data in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)]
    assert any(">two threads</text>" in svg for svg in images), "the HTML shows the chart as an image"
