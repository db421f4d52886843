"""IPC benchmark: each shared object's round trip beside Python's multiprocessing, in one run.

For each of queue, pipe, semaphore, manager map and manager list, the same exchange between this
machine's two kinds of process:
- Java: a cell of the kernel (the notebook JVM, which serves the objects) and a child JVM
  started with Processes.start; the cell or the child times N exchanges with System.nanoTime.
- Python: this script and a multiprocessing.Process child; timed with time.perf_counter.
The exchanges:
- queue: the notebook puts i on one queue, the child takes it and puts it on another, the notebook
  takes it back (multiprocessing.Queue).
- pipe: the notebook sends on one end, the child receives and sends it back (multiprocessing.Pipe).
- semaphore: the notebook releases one semaphore, the child acquires it and releases a second, the
  notebook acquires that (two multiprocessing.Semaphore(0)).
- map / list: the child reads one entry of the notebook's manager map / list, N times
  (multiprocessing.Manager().dict() / .list()).
Prints microseconds per exchange, the median of ROUNDS rounds of N after a warm-up, and the ratio.

Usage: python bench/ipc_bench.py [--kernel conclab-java] [--n 2000] [--rounds 5] [--objects queue,pipe]
"""
import argparse
import multiprocessing as mp
import os
import platform
import statistics
import time

from common import kernel, run

WARM_UP = 500


# Each Java exchange: a cell that prints the microseconds per exchange of `n` after WARM_UP.
JAVA = {
    "queue": """
var toChild = ProcessQueue.<Integer>create();
var fromChild = ProcessQueue.<Integer>create();
var echo = Processes.start("echo", () -> { for (int i = 0; i < {total}; i++) fromChild.put(toChild.take()); return null; });
for (int i = 0; i < {warm}; i++) { toChild.put(i); fromChild.take(); }
long t0 = System.nanoTime();
for (int i = 0; i < {n}; i++) { toChild.put(i); fromChild.take(); }
long t1 = System.nanoTime();
echo.result();
System.out.println((t1 - t0) / 1e3 / {n});
""",
    "pipe": """
var pipe = ProcessPipe.create();
var far = pipe.right();
var echo = Processes.start("echo", () -> { for (int i = 0; i < {total}; i++) far.send(far.receive()); return null; });
var near = pipe.left();
for (int i = 0; i < {warm}; i++) { near.send(i); near.receive(); }
long t0 = System.nanoTime();
for (int i = 0; i < {n}; i++) { near.send(i); near.receive(); }
long t1 = System.nanoTime();
echo.result();
System.out.println((t1 - t0) / 1e3 / {n});
""",
    "semaphore": """
var ping = ProcessSemaphore.create(0);
var pong = ProcessSemaphore.create(0);
var echo = Processes.start("echo", () -> { for (int i = 0; i < {total}; i++) { ping.acquire(); pong.release(); } return null; });
for (int i = 0; i < {warm}; i++) { ping.release(); pong.acquire(); }
long t0 = System.nanoTime();
for (int i = 0; i < {n}; i++) { ping.release(); pong.acquire(); }
long t1 = System.nanoTime();
echo.result();
System.out.println((t1 - t0) / 1e3 / {n});
""",
    "map": """
ProcessMap<String, Integer> shared = Manager.map();
shared.put("k", 1);
var reader = Processes.start("reader", () -> {
    for (int i = 0; i < {warm}; i++) shared.get("k");
    long t0 = System.nanoTime();
    for (int i = 0; i < {n}; i++) shared.get("k");
    return (System.nanoTime() - t0) / 1e3 / {n};
});
System.out.println(reader.result());
""",
    "list": """
ProcessList<Integer> shared = Manager.list();
shared.add(1);
var reader = Processes.start("reader", () -> {
    for (int i = 0; i < {warm}; i++) shared.get(0);
    long t0 = System.nanoTime();
    for (int i = 0; i < {n}; i++) shared.get(0);
    return (System.nanoTime() - t0) / 1e3 / {n};
});
System.out.println(reader.result());
""",
}


def java_round(kc, kind, n):
    code = JAVA[kind].replace("{n}", str(n)).replace("{warm}", str(WARM_UP)).replace("{total}", str(n + WARM_UP))
    return float(run(kc, "{\n" + code + "}"))


def _echo_queue(inbox, outbox, total):
    for _ in range(total):
        outbox.put(inbox.get())


def _echo_pipe(end, total):
    for _ in range(total):
        end.send(end.recv())


def _echo_semaphore(ping, pong, total):
    for _ in range(total):
        ping.acquire()
        pong.release()


def _read_entries(shared, key, n, answer):
    for _ in range(WARM_UP):
        shared[key]
    began = time.perf_counter()
    for _ in range(n):
        shared[key]
    answer.put((time.perf_counter() - began) * 1e6 / n)


def python_round(kind, n):
    total = n + WARM_UP
    if kind == "queue":
        inbox, outbox = mp.Queue(), mp.Queue()
        child = mp.Process(target=_echo_queue, args=(inbox, outbox, total))
        child.start()
        exchange = lambda i: (inbox.put(i), outbox.get())
    elif kind == "pipe":
        near, far = mp.Pipe()
        child = mp.Process(target=_echo_pipe, args=(far, total))
        child.start()
        exchange = lambda i: (near.send(i), near.recv())
    elif kind == "semaphore":
        ping, pong = mp.Semaphore(0), mp.Semaphore(0)
        child = mp.Process(target=_echo_semaphore, args=(ping, pong, total))
        child.start()
        exchange = lambda i: (ping.release(), pong.acquire())
    else:
        with mp.Manager() as manager:
            shared = manager.dict({"k": 1}) if kind == "map" else manager.list([1])
            answer = mp.Queue()
            child = mp.Process(target=_read_entries, args=(shared, "k" if kind == "map" else 0, n, answer))
            child.start()
            figure = answer.get()
            child.join()
            return figure
    for i in range(WARM_UP):
        exchange(i)
    began = time.perf_counter()
    for i in range(n):
        exchange(i)
    figure = (time.perf_counter() - began) * 1e6 / n
    child.join()
    return figure


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kernel", default="conclab-java")
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--objects", default=",".join(JAVA), help="which of them, comma-separated (default: all)")
    args = parser.parse_args()
    kinds = args.objects.split(",")
    unknown = [kind for kind in kinds if kind not in JAVA]
    if unknown:
        parser.error(f"unknown objects {unknown}: choose among {', '.join(JAVA)}")
    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f}; {args.rounds} rounds of {args.n} after {WARM_UP} warm-up")
    with kernel(args.kernel) as kc:
        run(kc, "1")
        print(f"{'object':<10} {'java µs':>10} {'python µs':>10} {'ratio':>7}")
        for kind in kinds:
            java = statistics.median(java_round(kc, kind, args.n) for _ in range(args.rounds))
            python = statistics.median(python_round(kind, args.n) for _ in range(args.rounds))
            print(f"{kind:<10} {java:>10.1f} {python:>10.1f} {java / python:>6.2f}x", flush=True)


if __name__ == "__main__":
    main()
