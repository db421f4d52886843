"""What the sleeping debugging agent costs a notebook that does not debug (issue 15: within 3 %).

Starts the kernel twice, without the executor's JDWP agent (the installed kernelspec, the default)
and with it (the kernel JVM run with -Dconclab.debugger=on, as the conclab-java-debug kernel ./install.sh installs:
a copy of the installed kernelspec with that option, made by this script), and measures, alternating between the two so that both see the same load:
- the trivial round trip: `int x = 1;`, execute_request to execute_reply, median;
- a CPU-bound cell: a 300-million-step loop, median;
- a cell that throws and catches 200,000 exceptions (the agent's onthrow= watches throws), median.
Prints each figure, the ratio (agent / no agent) and the load average. Run with JUPYTER_PATH set to
where `./install.sh --prefix` put the kernel.
"""
import argparse
import json
import os
import shutil
import statistics
import tempfile
import time

from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager

CPU_CELL = "long s = 0; for (int i = 0; i < 300_000_000; i++) { s += (i * 31L) ^ (s >>> 3); } s"
THROW_CELL = ("int c = 0; for (int i = 0; i < 200_000; i++) { try { Integer.parseInt(\"x\" + i); }"
              " catch (NumberFormatException e) { c++; } } c")


def agent_spec(kernel):
    """A kernelspec like `kernel` whose kernel JVM runs with -Dconclab.debugger=on, in a temp dir."""
    spec = KernelSpecManager().get_kernel_spec(kernel)
    root = tempfile.mkdtemp(prefix="conclab-noagent-")
    target = os.path.join(root, "kernels", kernel + "-agent")
    shutil.copytree(spec.resource_dir, target)
    argv = list(spec.argv)
    argv = [a for a in argv if not a.startswith("-Dconclab.debugger=")]
    argv.insert(argv.index("-cp"), "-Dconclab.debugger=on")
    with open(os.path.join(target, "kernel.json")) as f:
        data = json.load(f)
    data["argv"] = argv
    with open(os.path.join(target, "kernel.json"), "w") as f:
        json.dump(data, f)
    return root, kernel + "-agent"


def timed(client, code):
    start = time.perf_counter()
    reply = client.execute_interactive(code, timeout=600, output_hook=lambda msg: None)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"{code!r} failed: {reply['content']}")
    return (time.perf_counter() - start) * 1000


def start(name):
    manager = KernelManager(kernel_name=name)
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=300)
    timed(client, "1")
    return manager, client


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kernel", default="conclab-java")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--trivial", type=int, default=40, help="trivial cells per round and kernel")
    args = parser.parse_args()
    root, debugging = agent_spec(args.kernel)
    os.environ["JUPYTER_PATH"] = root + os.pathsep + os.environ.get("JUPYTER_PATH", "")
    print("load average before:", open("/proc/loadavg").read().split()[:3])
    kernels = {"agent": start(debugging), "no agent": start(args.kernel)}
    figures = {name: {"trivial": [], "cpu": [], "throw": []} for name in kernels}
    try:
        for name, (_, client) in kernels.items():
            for _ in range(3):
                timed(client, CPU_CELL)
                timed(client, THROW_CELL)
        for round_number in range(args.rounds):
            # Each kernel goes first every other round: a load that rises or falls favours neither.
            order = list(kernels.items()) if round_number % 2 == 0 else list(reversed(kernels.items()))
            for name, (_, client) in order:
                figures[name]["trivial"] += [timed(client, "int x = 1;") for _ in range(args.trivial)]
                figures[name]["cpu"].append(timed(client, CPU_CELL))
                figures[name]["throw"].append(timed(client, THROW_CELL))
    finally:
        for manager, client in kernels.values():
            client.stop_channels()
            manager.shutdown_kernel(now=True)
        shutil.rmtree(root, ignore_errors=True)
    for figure, label in (("trivial", "`int x = 1;` round trip, median"), ("cpu", "CPU-bound cell, median"),
                          ("throw", "200,000 caught exceptions, median")):
        with_agent = statistics.median(figures["agent"][figure])
        without = statistics.median(figures["no agent"][figure])
        print(f"{label}: agent {with_agent:.1f} ms, no agent {without:.1f} ms, ratio {with_agent / without:.3f}")
    print("load average after:", open("/proc/loadavg").read().split()[:3])


if __name__ == "__main__":
    main()
