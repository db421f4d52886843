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

from common import kernel, run
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
    """Runs the test; returns one (JVM args, runs, lost) per fork, jcstress's sampling rates, wall seconds, its log."""
    results = Path(tempfile.mkdtemp(prefix="jcstress-"))
    try:
        began = time.perf_counter()
        # -sc false: both actors compiled as the JVM compiles them, as in a kernel (jcstress otherwise
        # also tries each actor interpreted, C1 and C2 apart); -f 1: one fork of each JVM flag set it
        # probes; -jvmArgs: no sweep over other flags; each iteration runs the actors for `seconds`.
        command = [shutil.which("java") or "java", "-cp", class_path, "org.openjdk.jcstress.Main",
                   "-t", TEST, "-f", "1", "-sc", "false", "-iters", str(rounds), "-time", str(seconds * 1000),
                   "-jvmArgs", "-Xmx256m", "-r", str(results)]
        log = subprocess.run(command, cwd=results, capture_output=True, text=True, check=True).stdout
        wall = time.perf_counter() - began
    finally:
        shutil.rmtree(results, ignore_errors=True)
    progress = log.split("RUN RESULTS:")[0]
    forks = []
    for block in re.findall(r"JVM args: \[([^\]]*)\]\s+Fork: #\d+\s+RESULT.*?\n((?:\s+[12]\s+[\d,]+ .*\n)+)", progress):
        counts = {state: int(count.replace(",", "")) for state, count in re.findall(r"^\s+([12])\s+([\d,]+)", block[1], re.MULTILINE)}
        forks.append((block[0], sum(counts.values()), counts.get("1", 0)))
    return forks, re.findall(r"Sampling Rate: ([^)]*)\)", log), wall, log


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kernel", default="conclab-java")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=2)
    parser.add_argument("--log", help="where to keep jcstress's console output")
    args = parser.parse_args()
    class_path = build()
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    forks, rates, wall, log = jcstress(class_path, args.rounds, args.seconds)
    if args.log:
        Path(args.log).write_text(log)
    for flags, runs, lost in forks:
        print(f"jcstress 0.16 [{flags}]: count++ {runs / (args.rounds * args.seconds):.0f} runs/s "
              f"({runs} samples in {args.rounds} x {args.seconds} s), lost {lost} of {runs}")
    scale = {"": 1, "K": 1e3, "M": 1e6, "G": 1e9}
    values = [float(v) * scale[u] for v, u in (re.match(r"([\d.]+) ?([KMG]?)", rate).groups() for rate in rates)]
    if values:
        print(f"jcstress's own sampling rate (its progress line): highest {max(values):.0f}/s, last {values[-1]:.0f}/s")
    print(f"jcstress: {wall:.1f} s wall in all, with its probes and forks")
    print(f"load average between: {os.getloadavg()[0]:.1f}")
    with kernel(args.kernel) as kc:
        print(run(kc, RACE_CELL % {"rounds": args.rounds, "seconds": args.seconds}), end="")
    per_second, lost, runs = python_reference(args.seconds)
    print(f"Python reference (threads + Barrier per run): count++ {per_second:.0f} runs/s, lost {lost} of {runs}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
