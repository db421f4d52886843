"""Runtime benchmark: figures for threads, child JVMs, pools and queues, measured inside cells.

Prints: lines per second through the kernel to this client; child JVM start -> result p50/p95
(20 starts) and to its first output line (20 starts back to back, 10 starts 0.5 s apart, and
5 cells that start four children at once, as notebooks 02 and 03 do); a process-pool map of 1,000 small tasks over 2 workers
(5 runs); Python's multiprocessing Process start -> join and Pool(2).map of 1,000, measured right
after the kernel's figure in the same run, with the ratio; a queue round
trip between the notebook JVM and a child JVM (1,000 round trips). Each cell times itself with
System.nanoTime and prints the figure; this script collects what the cells print.

Usage: python bench/runtime_bench.py [--kernel conclab-java] [--only output,children,pool,queue]
"""
import argparse
import multiprocessing
import os
import platform
import statistics
import subprocess
import time

from common import kernel, run


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def python_process_start_join():
    """Python's reference for a child: multiprocessing.Process start -> join (fork on Linux)."""
    began = time.perf_counter()
    child = multiprocessing.Process(target=int)
    child.start()
    child.join()
    return (time.perf_counter() - began) * 1000


def double(x):
    return x * 2


def python_figures():
    """Python's child start and Pool(2).map of 1,000, measured in the same run as the kernel's."""
    starts = [python_process_start_join() for _ in range(20)]
    with multiprocessing.Pool(2) as pool:
        pool.map(double, [1, 2, 3])
        maps = []
        for _ in range(5):
            began = time.perf_counter()
            pool.map(double, range(1000))
            maps.append((time.perf_counter() - began) * 1000)
    return percentile(starts, 0.5), statistics.median(maps)


def output_figures(kc):
    lines = 100_000
    began = time.perf_counter()
    shown = run(kc, f"for (int i = 0; i < {lines}; i++) System.out.println(\"line \" + i);")
    elapsed = time.perf_counter() - began
    print(f"{lines:,} lines ({len(shown):,} chars) from a cell to this client: {elapsed:.2f} s, "
          f"{lines / elapsed:,.0f} lines/s (the kernel keeps iopub under 800 kB/s by design)")


def children_figures(kc):
    starts = [float(run(kc, "long t0 = System.nanoTime();\nProcesses.start(() -> 1).result();\n"
                            "System.out.println((System.nanoTime() - t0) / 1e6);"))
              for _ in range(20)]
    py_start, py_map = python_figures()
    print(f"child JVM start -> result, 20 starts: p50 {percentile(starts, 0.5):.0f} ms, "
          f"p95 {percentile(starts, 0.95):.0f} ms; Python's Process start -> join p50 {py_start:.1f} ms "
          f"({percentile(starts, 0.5) / py_start:.0f}x)")

    # Both JVMs read the same wall clock: the child stamps its first line, the parent its start call.
    # Back to back, each cell's child takes the spare that the previous one's start launched,
    # often before it is ready.
    first_lines = []
    for _ in range(20):
        out = run(kc, "long t0 = System.currentTimeMillis();\n"
                      "Processes.start(() -> { System.out.println(\"first \" + System.currentTimeMillis()); return null; }).join();\n"
                      "System.out.println(\"began \" + t0);")
        stamps = dict(line.split() for line in out.splitlines())
        first_lines.append(float(stamps["first"]) - float(stamps["began"]))
    print(f"child JVM start -> its first output line, 20 starts: p50 {percentile(first_lines, 0.5):.0f} ms, "
          f"p95 {percentile(first_lines, 0.95):.0f} ms (a hello-world JVM: see hello_jvm_ms below)")
    # As a user starts a child after reading the last cell's output: the spare has finished starting.
    paused = []
    for _ in range(10):
        time.sleep(0.5)
        paused.extend(first_line_delays(kc, 1))
    print(f"  the same, 0.5 s after the previous cell, 10 starts: p50 {percentile(paused, 0.5):.0f} ms, "
          f"p95 {percentile(paused, 0.95):.0f} ms")
    # As notebooks 02 and 03 do: one cell starts four children at once.
    cells = []
    for _ in range(5):
        time.sleep(0.5)
        cells.append(sorted(first_line_delays(kc, 4)))
    four = [delay for cell in cells for delay in cell]
    print(f"  four started at once by one cell, 5 cells: p50 {percentile(four, 0.5):.0f} ms, "
          f"p95 {percentile(four, 0.95):.0f} ms; median of each cell's first {statistics.median(c[0] for c in cells):.0f} ms, "
          f"of its last {statistics.median(c[-1] for c in cells):.0f} ms")
    print(f"hello_jvm_ms (java -version, start to exit, 10 runs): p50 {percentile(hello_jvm_ms(10), 0.5):.0f} ms")


def hello_jvm_ms(runs):
    """How long `java -version` takes from start to exit, each of `runs` times, in ms: a JVM's own start."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run([os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin", "java"), "-Xshare:auto",
                        "-XX:+UseSerialGC", "-version"], capture_output=True, check=True)
        times.append((time.perf_counter() - began) * 1000)
    return times


def first_line_delays(kc, children):
    """Starts `children` child JVMs in one cell; returns each one's start call -> first line, in ms."""
    out = run(kc, "long t0 = System.currentTimeMillis();\n"
                  "var started = new ArrayList<ChildProcess<Object>>();\n"
                  f"for (int i = 0; i < {children}; i++) "
                  "started.add(Processes.start(() -> { System.out.println(\"first \" + System.currentTimeMillis()); return null; }));\n"
                  "Processes.joinAll(started);\n"
                  "System.out.println(\"began \" + t0);")
    stamps = [line.split() for line in out.splitlines()]
    began = next(float(value) for key, value in stamps if key == "began")
    return [float(value) - began for key, value in stamps if key == "first"]


def pool_figures(kc):
    run(kc, "var warm = ProcessPool.create(1);\nwarm.submit(() -> 1).get();")
    warm = [float(run(kc, "long t0 = System.nanoTime();\nwarm.submit(() -> 1).get();\n"
                          "System.out.println((System.nanoTime() - t0) / 1e6);"))
            for _ in range(20)]
    print(f"one task on a warm pool worker (ProcessPool.create(1).submit), 20 runs: p50 {percentile(warm, 0.5):.2f} ms, "
          f"p95 {percentile(warm, 0.95):.2f} ms")
    run(kc, "warm.close();")

    # Each map is a cell of its own, as in a lesson: a new class, so a new lambda for the workers to link.
    run(kc, "var benchPool = ProcessPool.create(2);\nbenchPool.map(x -> x, List.of(1, 2, 3));")
    maps = [float(run(kc, "long t0 = System.nanoTime();\n"
                          "benchPool.map(x -> x * 2, IntStream.range(0, 1000).boxed().toList());\n"
                          "System.out.println((System.nanoTime() - t0) / 1e6);"))
            for _ in range(5)]
    py_start, py_map = python_figures()
    print(f"pool map of 1,000 small tasks over 2 workers, 5 runs: median {statistics.median(maps):.1f} ms "
          f"({min(maps):.1f}-{max(maps):.1f}; the first {maps[0]:.1f}); Python's Pool(2).map median {py_map:.1f} ms "
          f"({statistics.median(maps) / py_map:.1f}x)")
    run(kc, "benchPool.close();")


def queue_figures(kc):
    round_trip = float(run(kc, "var toChild = ProcessQueue.<Integer>create();\n"
                               "var fromChild = ProcessQueue.<Integer>create();\n"
                               "var echo = Processes.start(\"echo\", () -> { for (int i = 0; i < 1100; i++) fromChild.put(toChild.take()); return null; });\n"
                               "for (int i = 0; i < 100; i++) { toChild.put(i); fromChild.take(); }\n"
                               "long t0 = System.nanoTime();\n"
                               "for (int i = 0; i < 1000; i++) { toChild.put(i); fromChild.take(); }\n"
                               "echo.result();\n"
                               "System.out.println((System.nanoTime() - t0) / 1e6 / 1000);"))
    print(f"queue round trip notebook -> child JVM -> notebook, 1,000 after 100 warm-up: {round_trip:.2f} ms each")


FIGURES = {"output": output_figures, "children": children_figures, "pool": pool_figures, "queue": queue_figures}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kernel", default="conclab-java")
    parser.add_argument("--only", default=",".join(FIGURES),
                        help="which figures, comma-separated, of: " + ", ".join(FIGURES))
    args = parser.parse_args()
    chosen = args.only.split(",")
    unknown = [name for name in chosen if name not in FIGURES]
    if unknown:
        parser.error(f"--only: no figures called {', '.join(unknown)}; choose among {', '.join(FIGURES)}")
    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}")
    with kernel(args.kernel) as kc:
        run(kc, "1")
        for name in chosen:
            FIGURES[name](kc)


if __name__ == "__main__":
    main()
