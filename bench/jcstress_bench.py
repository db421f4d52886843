"""jcstress's own figure beside Race's for the same count++ race (issue 16's closing note).

Builds bench/jcstress (a project of its own, outside the reactor: jcstress is no product dependency)
with mvn, runs its CountPlusPlus test (the two `count++` actors and the arbiter of notebook 08) in one
forked JVM with the JVM's default flags, ROUNDS iterations of SECONDS each, and reads the samples of
each iteration from jcstress's text report; then, in the same run, the same actors with `Race` in a
cell of the installed kernel (ROUNDS runs of SECONDS), and Python's threads-and-Barrier reference of
bench/race_bench.py. Prints runs per second and lost updates for each, and the load average.

Usage: python bench/jcstress_bench.py [--kernel conclab-java] [--rounds 3] [--seconds 2]
       (JUPYTER_PATH=<prefix>/share/jupyter; mvn and a JDK 17+ on PATH)
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client.manager import start_new_kernel

from common import run
from race_bench import python_reference

PROJECT = Path(__file__).resolve().parent / "jcstress"
TEST = "dev.conclab.bench.jcstress.CountPlusPlus"

RACE_CELL = """
class Counter { int count; }
for (int round = 0; round < %(rounds)d; round++) {
    var counted = Race.of(Counter::new).actor(c -> c.count++).actor(c -> c.count++).arbiter(c -> c.count)
            .run(Duration.ofSeconds(%(seconds)d));
    System.out.printf("Race round %%d: count++ %%.0f runs/s, lost %%d of %%d%%n", round + 1,
            counted.runsPerSecond(), counted.count(1), counted.runs());
}
"""


def build():
    subprocess.run(["mvn", "-B", "-ntp", "-q", "-f", str(PROJECT / "pom.xml"), "package"], check=True)
    return f"{PROJECT / 'target' / 'classes'}{os.pathsep}{(PROJECT / 'target' / 'classpath.txt').read_text().strip()}"


def jcstress(class_path, rounds, seconds):
    """Runs the test; returns (runs per second over the iterations, lost, runs, wall seconds, its log)."""
    results = Path(tempfile.mkdtemp(prefix="jcstress-"))
    try:
        began = time.perf_counter()
        # -jvmArgs: one fork with the flags a kernel's JVM also has, instead of jcstress's sweep of
        # flag combinations; -f 1: one fork; each iteration runs the actors for `seconds`.
        command = [shutil.which("java") or "java", "-cp", class_path, "org.openjdk.jcstress.Main",
                   "-t", TEST, "-f", "1", "-iters", str(rounds), "-time", str(seconds * 1000),
                   "-jvmArgs", "-Xmx256m", "-r", str(results)]
        log = subprocess.run(command, cwd=results, capture_output=True, text=True, check=True).stdout
        wall = time.perf_counter() - began
    finally:
        shutil.rmtree(results, ignore_errors=True)
    counts = {state: int(count.replace(",", "")) for state, count in
              re.findall(r"^\s+([12])\s+([\d,]+)\s+ACCEPTABLE", log, re.MULTILINE)}
    runs = sum(counts.values())
    return runs / (rounds * seconds), counts.get("1", 0), runs, wall, log


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kernel", default="conclab-java")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=2)
    parser.add_argument("--log", help="where to keep jcstress's console output")
    args = parser.parse_args()
    class_path = build()
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    per_second, lost, runs, wall, log = jcstress(class_path, args.rounds, args.seconds)
    if args.log:
        Path(args.log).write_text(log)
    rate = re.findall(r"Sampling Rate: ([^)]*)\)", log)
    print(f"jcstress 0.16, {args.rounds} x {args.seconds} s in one fork: count++ {per_second:.0f} runs/s "
          f"(samples / time asked for), lost {lost} of {runs}; {wall:.1f} s wall with the fork's start"
          + (f"; its progress line's last sampling rate: {rate[-1]}" if rate else ""))
    print(f"load average between: {os.getloadavg()[0]:.1f}")
    km, kc = start_new_kernel(kernel_name=args.kernel, startup_timeout=120)
    try:
        print(run(kc, RACE_CELL % {"rounds": args.rounds, "seconds": args.seconds}), end="")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    per_second, lost, runs = python_reference(args.seconds)
    print(f"Python reference (threads + Barrier per run): count++ {per_second:.0f} runs/s, lost {lost} of {runs}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
