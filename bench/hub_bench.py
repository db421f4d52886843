"""A class on one JupyterHub node: N students (20 by default) log in at once, open notebook 01 and run
it top to bottom through the single-user servers' REST and kernel websocket APIs, as in
kernel/src/test/python/test_hub.py. Then the same class runs the lesson's Python version on
ipykernel, on a hub of its own, in the same run.

Prints, per kernel: each student's start (POST /api/sessions) -> first cell's reply, and login ->
first reply (p50, p95); the whole notebook's time (p50); the proportional memory (PSS, shared pages
counted once) of everything under the hub and per student (single-user server, kernel, executor),
with every kernel still running; and the node's used memory (MemTotal - MemAvailable) before the hub
and at that moment (other work on the machine shows in it; the PSS figures are the hub's alone).

Needs the test virtualenv with jupyterhub (kernel/src/test/python/requirements.txt), the proxy from
npm (npm ci --prefix kernel/src/test/hub) and the built kernel (mvn package; install.sh --no-build
runs into the hub's environment).

Usage: python bench/hub_bench.py [--users 20] [--reference python3 | --reference none]
"""
import argparse
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "kernel" / "src" / "test" / "python"))
from hub_class import NOTEBOOK, REPO, Hub, Student, pss_kb  # noqa: E402

# The lesson's seed in Python: the same waits, one after the other, then on two threads.
PYTHON_CELLS = [
    'import threading, time\n\ndef task(name):\n    print(f"Task {name} started")\n    time.sleep(2)\n'
    '    print(f"Task {name} finished")',
    'start = time.perf_counter()\ntask("A")\ntask("B")\n'
    'print(f"Total time, one after the other: {time.perf_counter() - start:.2f} s")',
    'start = time.perf_counter()\nthreads = [threading.Thread(target=task, args=(n,)) for n in "AB"]\n'
    'for t in threads: t.start()\nfor t in threads: t.join()\nprint(f"Total time: {time.perf_counter() - start:.2f} seconds")',
]


def used_mb():
    info = {line.split(":")[0]: int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()}
    return (info["MemTotal"] - info["MemAvailable"]) / 1024


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(fraction * len(values)) - 1))]


def python_notebook(path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in PYTHON_CELLS])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, path)
    return path


def measure(label, notebook, users, root):
    before = used_mb()
    hub = Hub(root, notebooks=(notebook,))
    hub.start()
    try:
        def student(name):
            person = Student(hub, name)
            began = time.monotonic()
            person.log_in()
            run = person.run_notebook(notebook.name)
            run.logged_in = began
            failed = [r for r in run.replies if r["status"] != "ok"]
            if failed:
                raise RuntimeError(f"{name}: cells failed: {failed}")
            return run, time.monotonic()

        began = time.monotonic()
        with ThreadPoolExecutor(users) as pool:
            results = list(pool.map(student, [f"student{i:02}" for i in range(users)]))
        everyone = time.monotonic() - began
        tree = hub.processes()
        hub_pss = sum(pss_kb(p.pid) for p in tree) / 1024
        servers = [p for p in tree if "jupyterhub.singleuser" in p.command]
        per_student = [(pss_kb(s.pid) + sum(pss_kb(p.pid) for p in descendants_of(s.pid, tree))) / 1024 for s in servers]
        kernels = [(sum(pss_kb(p.pid) for p in descendants_of(s.pid, tree))) / 1024 for s in servers]
        during = used_mb()
    finally:
        left = hub.stop()
    first = [(run.first_result - run.started) * 1000 for run, _ in results]
    login_first = [(run.first_result - run.logged_in) * 1000 for run, _ in results]
    whole = [(done - run.started) for run, done in results]
    print(f"{label}: {users} students at once, all done in {everyone:.0f} s")
    print(f"  start -> first reply   p50 {percentile(first, .5):8.0f} ms   p95 {percentile(first, .95):8.0f} ms")
    print(f"  login -> first reply   p50 {percentile(login_first, .5):8.0f} ms   p95 {percentile(login_first, .95):8.0f} ms")
    print(f"  whole notebook         p50 {statistics.median(whole):8.1f} s")
    print(f"  PSS under the hub      {hub_pss:8.0f} MB  ({len(tree)} processes)")
    print(f"  PSS per student        {statistics.mean(per_student):8.0f} MB  (server {statistics.mean(per_student) - statistics.mean(kernels):.0f}, kernel tree {statistics.mean(kernels):.0f})")
    print(f"  node memory used       {before:8.0f} MB before the hub, {during:.0f} MB with every kernel running (+{during - before:.0f})")
    print(f"  left after the hub stopped: {len(left)} processes")
    return left


def descendants_of(pid, tree):
    by_parent = {}
    for process in tree:
        try:
            parent = int(Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        by_parent.setdefault(parent, []).append(process)
    found, queue = [], [pid]
    while queue:
        for child in by_parent.get(queue.pop(), []):
            found.append(child)
            queue.append(child.pid)
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--reference", default="python3", help="ipykernel's class too (python3), or none")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        (scratch / "java").mkdir()
        measure("conclab-java, notebook 01", REPO / "notebooks" / NOTEBOOK, args.users, scratch / "java")
        if args.reference != "none":
            (scratch / "python").mkdir()
            measure("ipykernel, the lesson's Python seed", python_notebook(scratch / "01-threads.ipynb"),
                    args.users, scratch / "python")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
