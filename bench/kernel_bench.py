"""Protocol-level benchmark: times real Jupyter round trips against a kernel and ipykernel.

Prints, per kernel: start -> kernel_info_reply and start -> the result of `1+1` (medians of 5
starts), trivial-cell round trip p50/p95 (200 back to back after 50 unmeasured, once the kernel
has settled after its first cell: its processes used under a tenth of a core for half a second,
as when a person reads the first result; --no-settle times them right after the first cell,
while a kernel may still warm up), RSS of the kernel and its children after 250 cells,
complete_request round trips (p50 of 20) for a few texts, and, for the Java kernel, how long a
two-thread experiment takes when written as separate top-level statements versus one block (the
cell times itself with System.nanoTime).

With --restarts it prints instead, per kernel: start -> first result (as above), restart_kernel ->
the result of the next `1+1` (median of 5, the client kept, as JupyterLab's "Restart Kernel" does),
and, for the Java kernel, the executor replaced: the time of a cell that ends the executor JVM
(`Runtime.getRuntime().halt(1)`) until its error, and from that error to the next `1+1`'s result.

Usage: python bench/kernel_bench.py [--kernel conclab-java] [--reference python3] [--quick | --restarts] [--no-settle]
"""
import argparse
import os
import platform
import statistics
import time

from jupyter_client.manager import KernelManager

TRIVIAL = {
    "java": ["int x = 1;", "1+1"],
    "python": ["x = 1", "1+1"],
}
# Completions at the end of each text: few matches (signatures shown) to many (kinds only).
COMPLETIONS = {
    "java": ["System.out.pri", "java.util.concurrent.Ex", "Str", "Thread.currentThread()."],
    "python": ["import sys\nsys.stdout.wri", "import concurrent.futures\nconcurrent.futures.Th", "st",
               "import threading\nthreading.current_thread()."],
}


def start(name):
    km = KernelManager(kernel_name=name)
    began = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    return km, kc, time.perf_counter() - began


def startup_median(name, runs=5):
    """Medians of start -> kernel_info_reply and start -> the result of the first cell `1+1`."""
    infos, results = [], []
    for _ in range(runs):
        began = time.perf_counter()
        km, kc, elapsed = start(name)
        infos.append(elapsed)
        run(kc, "1+1")
        results.append(time.perf_counter() - began)
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return statistics.median(infos), statistics.median(results)


def run(kc, code, timeout=120, expect="ok"):
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda msg: None)
    if reply["content"]["status"] != expect:
        raise RuntimeError(f"cell {code!r} ended {reply['content']['status']}, not {expect}: {reply['content']}")
    return reply


# Between two measured restarts or replacements: long enough for the previous kernel's warm-up to
# end, so that each measurement starts from a kernel at rest, as a person's restart does.
SETTLE_SECONDS = 4
ENDS_EXECUTOR = "Runtime.getRuntime().halt(1);"


def restarts(name, language, runs=5):
    """Medians of restart_kernel -> the next `1+1` result; for Java also the executor replaced
    (the ending cell's own answer, and from it to the next `1+1` result)."""
    km, kc, _ = start(name)
    restarted, ending, after_ending = [], [], []
    try:
        run(kc, "1+1")
        time.sleep(SETTLE_SECONDS)
        for _ in range(runs):
            began = time.perf_counter()
            km.restart_kernel(now=False)
            kc.wait_for_ready(timeout=120)
            run(kc, "1+1")
            restarted.append(time.perf_counter() - began)
            time.sleep(SETTLE_SECONDS)
        if language == "java":
            for _ in range(runs):
                began = time.perf_counter()
                run(kc, ENDS_EXECUTOR, expect="error")
                answered = time.perf_counter()
                run(kc, "1+1")
                ending.append(answered - began)
                after_ending.append(time.perf_counter() - answered)
                time.sleep(SETTLE_SECONDS)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    figures = {"restart_ms": statistics.median(restarted) * 1000}
    print(f"restart_kernel -> first result (1+1), median of {runs}: {figures['restart_ms']:.0f} ms"
          f" (each: {', '.join(f'{x * 1000:.0f}' for x in restarted)})")
    if ending:
        figures["ending_ms"] = statistics.median(ending) * 1000
        figures["replaced_ms"] = statistics.median(after_ending) * 1000
        print(f"cell {ENDS_EXECUTOR!r} -> its error, median of {runs}: {figures['ending_ms']:.0f} ms"
              f" (each: {', '.join(f'{x * 1000:.0f}' for x in ending)})")
        print(f"that error -> the next result (1+1), executor replaced, median of {runs}: {figures['replaced_ms']:.0f} ms"
              f" (each: {', '.join(f'{x * 1000:.0f}' for x in after_ending)})")
        total = [a + b for a, b in zip(ending, after_ending)]
        figures["ending_to_result_ms"] = statistics.median(total) * 1000
        print(f"ending cell sent -> the next result, median of {runs}: {figures['ending_to_result_ms']:.0f} ms")
    return figures


def measure_restarts(name, language):
    print(f"== {name}")
    _, first = startup_median(name)
    print(f"start -> first result (1+1), median of 5: {first * 1000:.0f} ms")
    figures = restarts(name, language)
    figures["first_ms"] = first * 1000
    return figures


def completion_trips(kc, code, count=20, warmup=3):
    """complete_request round trips for the cursor at the end of `code`: (p50 ms, matches)."""
    samples, matches = [], 0
    for i in range(warmup + count):
        began = time.perf_counter()
        reply = kc.complete(code, len(code), reply=True, timeout=120)
        if i >= warmup:
            samples.append((time.perf_counter() - began) * 1000)
        matches = len(reply["content"]["matches"])
    return statistics.median(samples), matches


def round_trips(kc, code, count=200, warmup=50):
    for _ in range(warmup):
        run(kc, code)
    samples = []
    for _ in range(count):
        began = time.perf_counter()
        run(kc, code)
        samples.append((time.perf_counter() - began) * 1000)
    samples.sort()
    return samples[len(samples) // 2], samples[int(len(samples) * 0.95) - 1]


def rss_mb(pid):
    """Resident memory of a process and all its descendants, from /proc."""
    total = 0
    for current in tree_pids(pid):
        try:
            with open(f"/proc/{current}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total / 1024


def tree_pids(pid):
    """A process and all its descendants (a child is listed under the thread that started it)."""
    found, pids = [], [pid]
    while pids:
        current = pids.pop()
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    pids.extend(int(child) for child in children.read().split())
            found.append(current)
        except FileNotFoundError:
            continue
    return found


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total / os.sysconf("SC_CLK_TCK")


def settle(pid, window=0.5, share=0.1, bound=90):
    """Waits (at most `bound` s) until the process tree uses under `share` of a core for `window`
    s; returns the seconds waited."""
    began = time.perf_counter()
    while time.perf_counter() - began < bound:
        pids = tree_pids(pid)
        before = cpu_seconds(pids)
        time.sleep(window)
        if cpu_seconds(pids) - before < share * window:
            break
    return time.perf_counter() - began


def cell_output(kc, code):
    texts = []

    def hook(msg):
        if msg["msg_type"] == "stream":
            texts.append(msg["content"]["text"])
        elif msg["msg_type"] == "execute_result":
            texts.append(msg["content"]["data"]["text/plain"])

    kc.execute_interactive(code, timeout=120, output_hook=hook)
    return "".join(texts)


THREADS_SETUP = """
long burn(long n) { long s = 0; for (long i = 0; i < n; i++) { s += i % 7; } return s; }
burn(1_000_000);
"""
SEPARATE = """long t0 = System.nanoTime();
Thread a = new Thread(() -> burn(200_000_000L));
Thread b = new Thread(() -> burn(200_000_000L));
a.start();
b.start();
a.join();
b.join();
(System.nanoTime() - t0) / 1_000_000"""
BLOCK = """long blockMillis;
{
    long t0 = System.nanoTime();
    Thread a = new Thread(() -> burn(200_000_000L));
    Thread b = new Thread(() -> burn(200_000_000L));
    a.start();
    b.start();
    a.join();
    b.join();
    blockMillis = (System.nanoTime() - t0) / 1_000_000;
}
blockMillis"""
ONE_THREAD = """long t0 = System.nanoTime();
Thread a = new Thread(() -> burn(200_000_000L));
a.start();
a.join();
(System.nanoTime() - t0) / 1_000_000"""


def threads_experiment(kc, repeats=7):
    run(kc, THREADS_SETUP)
    results = {}
    for label, code in [("separate statements", SEPARATE), ("one block", BLOCK), ("one thread", ONE_THREAD)]:
        millis = sorted(int(cell_output(kc, code).strip()) for _ in range(repeats))
        results[label] = (millis[0], statistics.median(millis), millis[-1])
    return results


def measure(name, language, experiment, quick=False, settled=True):
    print(f"== {name}")
    startup, first = startup_median(name)
    print(f"start -> kernel_info_reply, median of 5: {startup * 1000:.0f} ms")
    print(f"start -> first result (1+1), median of 5: {first * 1000:.0f} ms")
    km, kc, _ = start(name)
    try:
        run(kc, TRIVIAL[language][0])
        figures = {"startup_ms": startup * 1000, "first_ms": first * 1000}
        if settled:
            print(f"settled {settle(km.provisioner.process.pid):.1f} s after the first cell")
        for code in TRIVIAL[language]:
            p50, p95 = round_trips(kc, code)
            figures[code] = (p50, p95)
            print(f"round trip {code!r}: p50 {p50:.2f} ms, p95 {p95:.2f} ms")
        cells_so_far = 2 * 250 + 1
        for i in range(max(0, 250 - cells_so_far)):
            run(kc, TRIVIAL[language][0])
        figures["rss_mb"] = rss_mb(km.provisioner.process.pid)
        print(f"RSS of kernel and children after 250+ cells: {figures['rss_mb']:.0f} MB")
        if quick:
            return figures
        for code in COMPLETIONS[language]:
            p50, matches = completion_trips(kc, code)
            figures["complete " + code] = p50
            print(f"completion {code!r}: p50 {p50:.1f} ms, {matches} matches")
        if experiment:
            for label, (low, median, high) in threads_experiment(kc).items():
                print(f"two CPU-bound threads, {label}: median {median} ms (min {low}, max {high})")
        return figures
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kernel", default="conclab-java")
    parser.add_argument("--reference", default="python3")
    parser.add_argument("--quick", action="store_true", help="start-up, trivial round trips and RSS only")
    parser.add_argument("--no-settle", action="store_true",
                        help="time the trivial cells right after the first one, not once the kernel is idle")
    parser.add_argument("--restarts", action="store_true",
                        help="start, restart and (Java) executor replacement -> first result only")
    args = parser.parse_args()
    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"load average: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
    if args.restarts:
        ours = measure_restarts(args.kernel, "java")
        reference = measure_restarts(args.reference, "python")
        print(f"load average: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
        print("== ratios (ours / ipykernel)")
        print(f"start -> first result: {ours['first_ms'] / reference['first_ms']:.2f}x")
        print(f"restart -> first result: {ours['restart_ms'] / reference['restart_ms']:.2f}x")
        print(f"executor replaced, ending cell sent -> next result, against ipykernel's restart:"
              f" {ours['ending_to_result_ms'] / reference['restart_ms']:.2f}x")
        return
    ours = measure(args.kernel, "java", experiment=not args.quick, quick=args.quick, settled=not args.no_settle)
    reference = measure(args.reference, "python", experiment=False, quick=args.quick, settled=not args.no_settle)
    print("== ratios (ours / ipykernel)")
    print(f"startup: {ours['startup_ms'] / reference['startup_ms']:.2f}x")
    print(f"start -> first result: {ours['first_ms'] / reference['first_ms']:.2f}x")
    for (code, (p50, _)), (ref_code, (ref_p50, _)) in zip(
            [(c, ours[c]) for c in TRIVIAL["java"]], [(c, reference[c]) for c in TRIVIAL["python"]]):
        print(f"round trip p50 {code!r} vs {ref_code!r}: {p50 / ref_p50:.2f}x")
    print(f"RSS: {ours['rss_mb'] / reference['rss_mb']:.2f}x")
    for code, ref_code in zip(COMPLETIONS["java"], COMPLETIONS["python"]) if not args.quick else []:
        ratio = ours["complete " + code] / reference["complete " + ref_code]
        print(f"completion p50 {code!r} vs {ref_code!r}: {ratio:.2f}x")


if __name__ == "__main__":
    main()
