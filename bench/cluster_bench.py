"""Cluster benchmark: each runtime.cluster operation beside its runtime.ipc (process) version, in one run.

One kernel, one three-member local cluster (Cluster.local(3), Hazelcast 5.4, members on this
machine); each operation is timed in a cell with System.nanoTime, N times after a warm-up, and
so is the same operation on the process version:
- queue: the cell puts i, a task on a member (a child JVM for ProcessQueue) takes it and puts it
  on a second queue, the cell takes it back: one round trip
- counter: incrementAndGet (ClusterCounter, Raft; SharedCounter, a mapped file)
- lock: lock + unlock (ClusterLock, a CP FencedLock; ProcessLock, a file lock)
- semaphore: release + acquire (ClusterSemaphore; ProcessSemaphore)
- map: put + get of one key (ClusterMap; Manager.map())
- pool map: map of 100 trivial inputs (ClusterPool over 3 members; ProcessPool.create(3)), per map
- printing task: one task that prints 10,000 lines, until its result is back with every line in
  the cell (a member's lines come back through a Hazelcast ReliableTopic; a child's through its
  pipe), per task
Prints the start of the cluster, then microseconds per operation, the median of ROUNDS rounds,
and the ratio cluster / process. Measure on a quiet machine; the load average is printed.

Usage: python bench/cluster_bench.py [--kernel conclab-java] [--n 300] [--rounds 3] [--only NAME,...]
"""
import argparse
import os
import statistics
import time

from common import kernel, run


def timed(body, n, setup=""):
    """A cell that runs `body` n times after n/5 warm-ups and prints microseconds per run."""
    return f"""{{
{setup}
for (int w = 0; w < {max(1, n // 5)}; w++) {{ {body} }}
long t0 = System.nanoTime();
for (int i = 0; i < {n}; i++) {{ {body} }}
System.out.println((System.nanoTime() - t0) / 1e3 / {n});
}}"""


SETUP = """
var cluster = Cluster.local(3);
var cq1 = cluster.<Integer>queue("b-in"); var cq2 = cluster.<Integer>queue("b-out");
var cc = cluster.counter("b-counter"); var cl = cluster.lock("b-lock");
var cs = cluster.semaphore("b-sem", 0); var cm = cluster.<String, Integer>map("b-map");
var cpool = cluster.pool();
var pq1 = ProcessQueue.<Integer>create(); var pq2 = ProcessQueue.<Integer>create();
var pc = SharedCounter.create(); var pl = ProcessLock.create();
var ps = ProcessSemaphore.create(0); ProcessMap<String, Integer> pm = Manager.map();
var ppool = ProcessPool.create(3);
var inputs = IntStream.range(0, 100).boxed().toList();
"""


def operations(n):
    echo_total = 10 * (n + max(1, n // 5))
    return {
        "queue": (
            timed("cq1.put(1); cq2.take();", n,
                  f"cpool.submit(() -> {{ for (int k = 0; k < {echo_total}; k++) {{ Integer v = cq1.poll(java.time.Duration.ofSeconds(5)); if (v == null) return null; cq2.put(v); }} return null; }});"),
            timed("pq1.put(1); pq2.take();", n,
                  f"Processes.start(() -> {{ for (int k = 0; k < {echo_total}; k++) {{ pq2.put(pq1.take()); }} return null; }});"),
        ),
        "counter": (timed("cc.incrementAndGet();", n), timed("pc.incrementAndGet();", n)),
        "lock": (timed("cl.lock(); cl.unlock();", n), timed("pl.lock(); pl.unlock();", n)),
        "semaphore": (timed("cs.release(); cs.acquire();", n), timed("ps.release(); ps.acquire();", n)),
        "map": (timed("cm.put(\"k\", 1); cm.get(\"k\");", n), timed("pm.put(\"k\", 1); pm.get(\"k\");", n)),
        "pool map of 100": (timed("cpool.map(x -> x + 1, inputs);", max(3, n // 30)),
                            timed("ppool.map(x -> x + 1, inputs);", max(3, n // 30))),
        "printing task": (timed(f"cpool.submit({PRINTER}).get();", 3), timed(f"ppool.submit({PRINTER}).get();", 3)),
    }


# A task that prints 10,000 lines; the cell's figure is its last line.
PRINTER = '() -> { for (int k = 0; k < 10_000; k++) System.out.println("line " + k); return null; }'


def figure(text):
    """The microseconds a timed cell printed last (a printing task's lines come before)."""
    return float(text.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kernel", default="conclab-java")
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default="", help="operations to run, separated by commas (default: all)")
    args = parser.parse_args()
    with kernel(args.kernel, startup_timeout=180) as kc:
        run(kc, "1")
        t0 = time.perf_counter()
        run(kc, SETUP)
        print(f"Cluster.local(3) and the process versions set up in {time.perf_counter() - t0:.1f} s")
        print(f"{'operation':<16} {'cluster us':>11} {'process us':>11} {'ratio':>7}")
        only = [name.strip() for name in args.only.split(",") if name.strip()]
        for name, (cluster_cell, process_cell) in operations(args.n).items():
            if only and name not in only:
                continue
            cluster = statistics.median(figure(run(kc, cluster_cell)) for _ in range(args.rounds))
            process = statistics.median(figure(run(kc, process_cell)) for _ in range(args.rounds))
            print(f"{name:<16} {cluster:>11.1f} {process:>11.1f} {cluster / process:>6.1f}x", flush=True)
        run(kc, "cluster.close(); ppool.close();")
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores)")


if __name__ == "__main__":
    main()
