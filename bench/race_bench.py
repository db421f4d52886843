"""Race lab benchmark: how many runs per second `Race` reaches in a cell (issue 16).

Runs, in the installed kernel, the count++ race and the store-buffering (Dekker) race of notebook 08
for 2 s each, three times, and prints runs per second and how often the interesting outcome showed.
Python's reference, in the same run: the same count++ race as a jcstress-like harness in Python
(two long-lived threads, a threading.Barrier per run, fresh state per run), for 2 s. jcstress's
own figure for the same count++ race: bench/jcstress_bench.py.

Usage: python bench/race_bench.py [--kernel conclab-java]   (JUPYTER_PATH=<prefix>/share/jupyter)
"""
import argparse
import os
import threading
import time

from common import kernel, run

CELL = """
class Counter { int count; }
class Flags { int x, y, r1, r2; }
for (int round = 0; round < 3; round++) {
    var counted = Race.of(Counter::new).actor(c -> c.count++).actor(c -> c.count++).arbiter(c -> c.count)
            .run(Duration.ofSeconds(2));
    var dekker = Race.of(Flags::new).actor(s -> { s.x = 1; s.r1 = s.y; }).actor(s -> { s.y = 1; s.r2 = s.x; })
            .arbiter(s -> s.r1 + ", " + s.r2).run(Duration.ofSeconds(2));
    System.out.printf("count++ %.0f runs/s, lost %d of %d; Dekker %.0f runs/s, both 0 in %d of %d%n",
            counted.runsPerSecond(), counted.count(1), counted.runs(),
            dekker.runsPerSecond(), dekker.count("0, 0"), dekker.runs());
}
"""


def python_reference(seconds=2.0):
    start_line = threading.Barrier(3)
    finish_line = threading.Barrier(3)
    state = {"count": 0, "stop": False}

    def actor():
        while True:
            start_line.wait()
            if state["stop"]:
                return
            state["count"] += 1
            finish_line.wait()

    workers = [threading.Thread(target=actor) for _ in range(2)]
    for worker in workers:
        worker.start()
    runs = lost = 0
    began = time.perf_counter()
    while time.perf_counter() - began < seconds:
        state["count"] = 0
        start_line.wait()
        finish_line.wait()
        runs += 1
        lost += state["count"] == 1
    elapsed = time.perf_counter() - began
    state["stop"] = True
    start_line.wait()
    for worker in workers:
        worker.join()
    return runs / elapsed, lost, runs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kernel", default="conclab-java")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    with kernel(args.kernel) as kc:
        print(run(kc, CELL), end="")
    per_second, lost, runs = python_reference()
    print(f"Python reference (threads + Barrier per run): count++ {per_second:.0f} runs/s, lost {lost} of {runs}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
