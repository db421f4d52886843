"""How long Lincheck's interleaving search takes for notebook 08's count++ example (issue 16).

In one kernel, ROUNDS times: a child JVM with an empty task (the floor every search pays, since the
search runs in a child JVM), then notebook 08's search (`Interleavings.of(BenchCounter::new)
.operation("inc", BenchCounter::inc).bounds(2, 1, 3).check()`), its wall time in the cell and the time
inside Lincheck (`elapsed()`, measured in the child). No Python tool explores schedules, so there is
no Python reference; the load average is printed before and after.

Usage: python bench/interleaving_bench.py [--kernel conclab-java] [--rounds 5]
       (JUPYTER_PATH=<prefix>/share/jupyter)
"""
import argparse
import os

from common import kernel, run

CELL = """
class BenchCounter {
    int count;

    int inc() { return ++count; }
}
for (int round = 1; round <= %(rounds)d; round++) {
    long began = System.nanoTime();
    // With a JVM option, as the search's child has: a fresh JVM, not the spare one a plain start takes.
    Processes.start("empty", List.of("-XX:+IgnoreUnrecognizedVMOptions"), () -> 1).result();
    double empty = (System.nanoTime() - began) / 1e9;
    began = System.nanoTime();
    var found = Interleavings.of(BenchCounter::new).title("count++").operation("inc", BenchCounter::inc)
            .bounds(2, 1, 3).check();
    double wall = (System.nanoTime() - began) / 1e9;
    System.out.printf("round %%d: empty child JVM %%.2f s; count++ search %%.2f s wall, %%.2f s in Lincheck; found the lost update: %%s%%n",
            round, empty, wall, found.elapsed().toNanos() / 1e9, found.violated());
}
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kernel", default="conclab-java")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    with kernel(args.kernel) as kc:
        print(run(kc, CELL % {"rounds": args.rounds}), end="")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
