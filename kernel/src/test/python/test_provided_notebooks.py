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
    # Each process starts before it finishes; which process starts when is the machine's business
    # (on a loaded machine a JVM can take longer to start than another's 2-second sleep).
    for i in range(4):
        assert basic.index(f"Process {i}: Starting") < basic.index(f"Process {i}: Finishing"), basic
    assert len(basic) == 9 and basic[-1] == "All processes completed.", basic
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
    contention = [o for o in cells[7]["outputs"] if "image/svg+xml" in o.get("data", {})][0]["data"]["image/svg+xml"]
    table = re.findall(r'<text class="wait-table"[^>]*>([^<]*)<', contention)
    assert any(re.match(r"blocked entering synchronized on Counter: \d+ waits, .*; held by synchronized-[01]", row)
               for row in table), table
    assert any(row.startswith("parked on java.util.concurrent.locks.ReentrantLock") for row in table), table
    # Starting a thread may wait briefly on the Thread object itself; the counting takes no lock.
    assert not any("atomic-" in row and " on java.lang.Thread:" not in row for row in table), table
    # The deadlock to read in the debugger, bounded: a thread gives up on the other's lock.
    assert "until one gave up waiting" in text(cells[8]), text(cells[8])
    assert "Exercise 1 passed" in text(cells[10]) and "Exercise 2 passed" in text(cells[12])


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
    assert chart and ">manager</text>" in chart[0]["data"]["image/svg+xml"]
    assert all(f"Exercise {n} passed" in text(cells[8 + 2 * n]) for n in (1, 2, 3))
def errors(cells):
    return [o for cell in cells for o in cell.get("outputs", []) if o["output_type"] == "error"]


def svg(cell):
    images = [o["data"]["image/svg+xml"] for o in cell.get("outputs", []) if "image/svg+xml" in o.get("data", {})]
    assert images, cell.get("outputs")
    return images[0]


def test_key_differences_are_measured_charted_and_restated():
    cells = run("03-key-differences-measured.ipynb")
    assert not errors(cells), errors(cells)
    # Waiting overlaps on threads whatever the load: 4 half-second waits, 2 s on one thread.
    serial = seconds(r"I/O-bound, 1 thread :\s+([\d.]+) s", cells[3])
    four = seconds(r"I/O-bound, 4 threads:\s+([\d.]+) s", cells[3])
    assert serial >= 1.9 and four < serial * 0.5, (serial, four)
    for kind in ("CPU-bound", "I/O-bound"):
        cell = cells[2] if kind == "CPU-bound" else cells[3]
        for workers in ("1 process  ", "2 processes", "4 processes", "1 thread ", "2 threads", "4 threads"):
            assert seconds(rf"{kind}, {workers}:\s+([\d.]+) s", cell) > 0
    assert ">4 JVMs</text>" in svg(cells[2]) and ">4 threads</text>" in svg(cells[3])
    assert "I/O-bound, threads" in svg(cells[4]) and "CPU-bound, processes" in svg(cells[4])
    thread_ms = seconds(r"a thread:\s+([\d.]+) ms", cells[5])
    jvm_ms = seconds(r"a child JVM:\s+([\d.]+) ms", cells[5])
    assert jvm_ms > thread_ms, (jvm_ms, thread_ms)
    assert ">child JVM</text>" in svg(cells[5])
    assert seconds(r"a child JVM:\s+([\d.]+) MB resident", cells[6]) > 5
    assert ">idle child JVM</text>" in svg(cells[6])
    table = [o["data"]["text/markdown"] for o in cells[7]["outputs"] if "text/markdown" in o.get("data", {})]
    assert table and "| **GIL impact** | no GIL" in table[0] and "ms per child JVM" in table[0], cells[7]["outputs"]
    assert "Exercise 1 passed" in text(cells[9]) and "Exercise 2 passed" in text(cells[11]) \
        and "Exercise 3 passed" in text(cells[13])


def test_combining_threads_and_processes_overlaps_waiting_with_computing():
    cells = run("06-combining-threads-and-processes.ipynb")
    assert not errors(cells), errors(cells)
    seed = text(cells[1]).splitlines()
    assert sorted(seed[:4]) == ["CPU task finished", "CPU task started", "IO task finished", "IO task started"], seed
    assert seed[-1].startswith("Total time: ")
    mixed = text(cells[3])
    assert "[download-0] downloading page 0" in mixed and re.search(r"\[pool-worker-\d\] crunched page 3", mixed), mixed
    timeline = svg(cells[3])
    assert ">download-3</text>" in timeline and ">pool-worker-0 (process)</text>" in timeline
    computing = seconds(r"at the same time: +[\d.]+ s \(computing ([\d.]+) s", cells[4])
    together = seconds(r"at the same time: +([\d.]+) s", cells[4])
    downloading = seconds(r"then downloading ([\d.]+) s", cells[4])
    assert downloading >= 0.95
    # Together, the downloads' waiting hides behind the computing instead of adding to it.
    assert together < computing + 0.75 * downloading, (together, computing, downloading)
    assert ">at the same time</text>" in svg(cells[4])
    assert "one JVM, " in text(cells[5])
    assert "Exercise 1 passed" in text(cells[7]) and "Exercise 2 passed" in text(cells[9])


def test_best_practices_run_on_this_jdk_with_clean_shutdowns():
    notebook = nbformat.read(NOTEBOOKS / "07-best-practices.ipynb", as_version=4)
    client = NotebookClient(notebook, kernel_name="conclab-java", timeout=300, startup_timeout=120)
    client.execute()
    cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert not errors(cells), errors(cells)
    fetched = text(cells[0])
    assert fetched.count("page-") == 8 and seconds(r"8 fetches on 4 threads: ([\d.]+) s", cells[0]) < 3.0, fetched
    jdk = int(re.match(r"\d+", notebook.metadata.language_info.version).group())
    if jdk >= 21:
        assert seconds(r"10,000 one-second waits on virtual threads: ([\d.]+) s", cells[1]) < 5.0
    else:
        assert f"Virtual threads need JDK 21 or newer; this kernel runs JDK {jdk}" in text(cells[1])
    assert "poller: stopped, cleaned up" in text(cells[2]) and "pool terminated: true" in text(cells[2])
    assert 'Stopped thread "heartbeat"' in text(cells[4]) and "heartbeat alive: false" in text(cells[4])
    assert "best of two: 1899" in text(cells[5]) and seconds(r"best of two: \d+, in ([\d.]+) s", cells[5]) < 1.5
    assert "shop A quotes 1999 (on pool-" in text(cells[5]), "an async task's output lands in its cell"
    assert "no quote: shop E is down" in text(cells[6]) and "cheapest of four: 1500" in text(cells[6])
    bar = [o["data"]["text/plain"] for o in cells[7]["outputs"] if o["output_type"] == "display_data"]
    assert bar and bar[0].startswith("counting primes: 200/200"), bar
    assert "664,579 primes below 10,000,000" in text(cells[7])
    assert "Exercise 1 passed" in text(cells[9]) and "Exercise 2 passed" in text(cells[11]) \
        and "Exercise 3 passed" in text(cells[14])


def test_races_show_their_outcomes_and_the_fixed_versions_none_forbidden():
    cells = run("08-races-you-can-see.ipynb")
    assert not errors(cells), errors(cells)
    for index, races in ((0, 3), (1, 2), (2, 2), (3, 3)):
        tables = [o["data"]["text/html"] for o in cells[index]["outputs"] if "text/html" in o.get("data", {})]
        assert tables and tables[0].count('<img src="data:image/svg+xml;base64,') == races, cells[index]["outputs"]
    # Whether a broken race shows its interesting outcome depends on the load; the check cell
    # asserts that the fixed versions never showed a forbidden one.
    assert "the fixed races gave no forbidden outcome" in text(cells[4])
    assert "Exercise 1 passed" in text(cells[6]) and "Exercise 2 passed" in text(cells[8])
    # Part 2: Lincheck's schedule of count++, one column per thread, found again on replay.
    table = cells[9]["outputs"][0]["data"]["text/html"]
    assert "not linearizable" in table and "<th>Thread 1</th><th>Thread 2</th>" in table, table
    assert "count ➜ 0" in table and "count = 1" in table, table
    assert "replay found the same schedule: true" in text(cells[10])
    assert "invariant broken" in cells[11]["outputs"][0]["data"]["text/html"]
    assert "Exercise 3 passed" in text(cells[14])


def test_a_three_member_cluster_runs_the_queue_lock_and_pool_and_survives_a_killed_member():
    cells = run("09-beyond-one-machine.ipynb")
    # On JDK 24+ the JDK's warning of Hazelcast's sun.misc.Unsafe calls comes first (README).
    result = [o for o in cells[0]["outputs"] if o["output_type"] == "execute_result"]
    assert result and result[0]["data"]["text/plain"] == "[member-0, member-1, member-2]", cells[0]["outputs"]
    done = sorted(line for line in text(cells[1]).splitlines() if "done" in line)
    assert sorted(re.sub(r"\[member-\d\] ", "", line) for line in done) == [f"producer {p} done" for p in range(3)], done
    assert all(re.match(r"\[member-\d\] producer", line) for line in done), done
    assert "the notebook took 9 items" in text(cells[1])
    assert "locked: 300 of 300" in text(cells[2]) and "counter: 300 of 300" in text(cells[2]), text(cells[2])
    assert cells[4]["outputs"][-1]["data"]["text/plain"] == "[55, 5050, 500500, 50005000]"
    assert any("image/svg+xml" in o.get("data", {}) for o in cells[5]["outputs"]), "the cost chart is an image"
    fault = text(cells[6])
    assert "member-1 left the cluster while running item" in fault and "members now: [member-0, member-2]" in fault, fault
    assert cells[6]["outputs"][-1]["data"]["text/plain"] == "[0, 2, 4, 6, 8, 10, 12, 14, 16]"
    assert "Exercise 1 passed" in text(cells[8]) and "Exercise 2 passed" in text(cells[10])
