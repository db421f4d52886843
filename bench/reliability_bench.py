"""Reliability figures for docs/reliability.md, measured through real Jupyter clients.

- cells: N cells in a row, each printing a line; resident memory of the kernel and of its
  executor every N/10 cells, and whether every line arrived in its cell.
- kernels: K kernels started at once; for each, launch -> first kernel_info_reply, then, with all
  K running, the kernel_info round trip of each.
- flood: a cell prints L lines while the heartbeat is pinged every 50 ms; the slowest answer.
- freeze: a second client that only listens to iopub is frozen (SIGSTOP, as a suspended laptop)
  while the first runs F cells of 2 MB of output each; how many rows reach it once it wakes.
- kill: the kernel is sent SIGKILL while its cell has a child JVM and a thread running; how long
  until the executor and the child have exited.
Each figure can be taken for ipykernel (--reference python3) in the same run.

Usage: python bench/reliability_bench.py [--kernel conclab-java] [--reference python3]
       [--cells 10000] [--kernels 20] [--flood 10000000] [--frozen-cells 5]
       [--only cells,kernels,flood,freeze,kill]
"""
import argparse
import os
import platform
import select
import signal
import subprocess
import sys
import threading
import time

import zmq
from jupyter_client.manager import KernelManager

PRINT = {"java": 'System.out.println("cell {i}");', "python": 'print("cell {i}")'}
# 20,000 rows of 100 characters: the 2 MB a cell shows before holding the rest back in a file.
ROWS = {
    "java": 'for (int j = 0; j < 20_000; j++) System.out.println(String.format("row %05d ", j) + "x".repeat(89));',
    "python": 'for j in range(20_000): print(f"row {j:05d} " + "x" * 89)',
}
# Listens to iopub only; says "ready" at its first message, then counts rows until the end marker.
LISTENER = r"""
import sys, zmq, json
info = json.load(open(sys.argv[1]))
sub = zmq.Context().socket(zmq.SUB)
sub.setsockopt(zmq.SUBSCRIBE, b"")
sub.connect(f"{info['transport']}://{info['ip']}:{info['iopub_port']}")
rows, ready = 0, False
while sub.poll(120_000):
    frames = sub.recv_multipart()
    if not ready:
        print("ready", flush=True)
        ready = True
    if json.loads(frames[-4])["msg_type"] != "stream":
        continue
    text = json.loads(frames[-1])["text"]
    rows += text.count("row ")
    if "end of the frozen run" in text:
        break
print(rows, flush=True)
"""
FLOOD = {
    "java": 'for (int i = 0; i < {n}; i++) System.out.println("flood line " + i);',
    "python": 'for i in range({n}): print("flood line", i)',
}


def start(name):
    manager = KernelManager(kernel_name=name)
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=300)
    return manager, client


def stop(manager, client):
    client.stop_channels()
    manager.shutdown_kernel(now=True)


def rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024
    except (FileNotFoundError, StopIteration):
        return 0.0


def children(pid):
    """Children of every thread of `pid`: a child is listed under the thread that started it."""
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as listed:
                found.extend(int(child) for child in listed.read().split())
        except FileNotFoundError:
            continue
    return found


def descendants(pid):
    found, todo = [], [pid]
    while todo:
        for child in children(todo.pop()):
            found.append(child)
            todo.append(child)
    return found


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def printed(client, code, timeout=600):
    text = []

    def hook(msg):
        if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
            text.append(msg["content"]["text"])

    reply = client.execute_interactive(code, timeout=timeout, output_hook=hook)
    return reply["content"]["status"], "".join(text)


def cells(name, language, count):
    """Runs `count` printing cells; returns (samples of (cells, kernel MB, executor MB), lines lost)."""
    manager, client = start(name)
    pid = manager.provisioner.process.pid
    samples, lost, every = [], 0, max(1, count // 10)
    began = time.perf_counter()
    for i in range(1, count + 1):
        status, text = printed(client, PRINT[language].format(i=i))
        lost += status != "ok" or text != f"cell {i}\n"
        if i % every == 0:
            samples.append((i, rss_mb(pid), sum(rss_mb(child) for child in descendants(pid))))
    elapsed = time.perf_counter() - began
    stop(manager, client)
    return samples, lost, elapsed


def many_kernels(name, count, reply_timeout=30):
    """Starts `count` kernels at once; returns (launch -> ready seconds each, kernel_info seconds each, leftovers)."""
    started, ready = [None] * count, [None] * count

    def launch(index):
        began = time.perf_counter()
        started[index] = start(name)
        ready[index] = time.perf_counter() - began

    threads = [threading.Thread(target=launch, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    round_trips = []
    for manager, client in started:
        began = time.perf_counter()
        client.kernel_info(reply=True, timeout=reply_timeout)
        round_trips.append(time.perf_counter() - began)
    pids = [pid for manager, _ in started for pid in [manager.provisioner.process.pid] + descendants(manager.provisioner.process.pid)]
    for manager, client in started:
        stop(manager, client)
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return ready, round_trips, sum(alive(pid) for pid in pids)


def heartbeat_under_flood(name, language, lines):
    """Prints `lines` lines in one cell while pinging the heartbeat; returns (slowest ping s, cell s, pings)."""
    manager, client = start(name)
    info = manager.get_connection_info()
    context = zmq.Context()
    heartbeat = context.socket(zmq.REQ)
    heartbeat.setsockopt(zmq.LINGER, 0)
    heartbeat.connect(f"{info['transport']}://{info['ip']}:{info['hb_port']}")
    done = threading.Event()
    result = {}

    def flood():
        began = time.perf_counter()
        result["status"], _ = "sent", None
        reply = client.execute_interactive(FLOOD[language].format(n=lines), timeout=3600, output_hook=lambda msg: None)
        result["status"] = reply["content"]["status"]
        result["seconds"] = time.perf_counter() - began
        done.set()

    runner = threading.Thread(target=flood)
    runner.start()
    slowest, pings = 0.0, 0
    while not done.is_set():
        began = time.perf_counter()
        heartbeat.send(b"ping")
        if not heartbeat.poll(10_000):
            slowest = float("inf")
            break
        heartbeat.recv()
        slowest = max(slowest, time.perf_counter() - began)
        pings += 1
        time.sleep(0.05)
    runner.join()
    context.destroy()
    stop(manager, client)
    return slowest, result.get("seconds", float("nan")), pings


def frozen_listener(name, language, cells):
    """Freezes an iopub listener while `cells` cells of 20,000 rows run; returns (rows sent, rows it got)."""
    manager, client = start(name)
    listener = subprocess.Popen([sys.executable, "-c", LISTENER, manager.connection_file], stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not listener_ready(listener, client):
        pass
    os.kill(listener.pid, signal.SIGSTOP)
    sent = 0
    for _ in range(cells):
        _, text = printed(client, ROWS[language])
        sent += text.count("row ")
    os.kill(listener.pid, signal.SIGCONT)
    printed(client, {"java": 'System.out.println("end of the frozen run");', "python": 'print("end of the frozen run")'}[language])
    received = int(listener.communicate(timeout=180)[0].split()[-1])
    stop(manager, client)
    return sent, received


def listener_ready(listener, client):
    """Sends a kernel_info (its status messages reach iopub) and waits up to 1 s for the listener's word."""
    client.kernel_info()
    return bool(select.select([listener.stdout], [], [], 1.0)[0]) and listener.stdout.readline().strip() == "ready"


def killed_kernel(name):
    """SIGKILLs a kernel whose cell runs a child JVM and a thread; returns seconds until all its processes exited."""
    manager, client = start(name)
    status, _ = printed(client, 'var sleeper = Processes.start("sleeper", () -> { Thread.sleep(600_000); return null; });\n'
                                'Threads.start("spinner", () -> { while (true) { } });\n'
                                'while (ProcessHandle.current().children().count() == 0) Thread.sleep(10);')
    pid = manager.provisioner.process.pid
    left = descendants(pid)
    began = time.perf_counter()
    os.kill(pid, signal.SIGKILL)
    while any(alive(child) for child in left) and time.perf_counter() - began < 30:
        time.sleep(0.005)
    elapsed = time.perf_counter() - began
    client.stop_channels()
    manager.cleanup_resources()
    return len(left), elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kernel", default="conclab-java")
    parser.add_argument("--reference", default="python3")
    parser.add_argument("--cells", type=int, default=10_000)
    parser.add_argument("--kernels", type=int, default=20)
    parser.add_argument("--flood", type=int, default=10_000_000)
    parser.add_argument("--frozen-cells", type=int, default=5)
    parser.add_argument("--only", default="cells,kernels,flood,freeze,kill")
    args = parser.parse_args()
    only = set(args.only.split(","))
    print(f"machine: {platform.node()} {os.cpu_count()} cores, {platform.platform()}")
    for name, language in ((args.kernel, "java"), (args.reference, "python")):
        if not name:
            continue
        print(f"== {name}")
        if "cells" in only:
            samples, lost, elapsed = cells(name, language, args.cells)
            print(f"{args.cells} printing cells in {elapsed:.1f} s, {lost} with a wrong or missing line")
            for done, kernel_mb, rest_mb in samples:
                print(f"  after {done:>6} cells: kernel {kernel_mb:6.1f} MB, its children {rest_mb:6.1f} MB")
        if "kernels" in only:
            ready, trips, left = many_kernels(name, args.kernels)
            print(f"{args.kernels} kernels started at once: launch -> ready max {max(ready):.2f} s, median {sorted(ready)[len(ready) // 2]:.2f} s; "
                  f"then kernel_info round trip max {max(trips) * 1000:.1f} ms; processes left after shutdown: {left}")
        if "flood" in only and (language == "java" or args.flood <= 1_000_000):
            slowest, seconds, pings = heartbeat_under_flood(name, language, args.flood)
            print(f"flood of {args.flood:,} lines in {seconds:.1f} s: slowest of {pings} heartbeats {slowest * 1000:.1f} ms")
        if "freeze" in only:
            sent, received = frozen_listener(name, language, args.frozen_cells)
            print(f"a listener frozen through {args.frozen_cells} cells of 20,000 rows: {sent:,} rows shown, {received:,} reached it after it woke")
        if "kill" in only and language == "java":
            count, elapsed = killed_kernel(name)
            print(f"SIGKILL of the kernel: its {count} processes (executor, child JVM) all exited in {elapsed:.2f} s")


if __name__ == "__main__":
    main()
