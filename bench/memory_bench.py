"""Memory of a kernel tree (the kernel process and its children), ours beside ipykernel's in one run.

Two measurements, both through jupyter_client over the real sockets:
- after N cells (default 250 x the trivial cell): RSS and PSS of each process of one kernel's tree,
  right after the last cell and again after the kernel sat idle for a few seconds;
- with K kernels running at once (default 20; --kernels 0 skips it): each kernel runs a few cells,
  then the PSS of every kernel's tree is summed from /proc/PID/smaps_rollup and divided by K.
  PSS divides every shared page among the processes that map it, so a class-data archive mapped
  by 20 executors counts once in the sum.

Usage: JUPYTER_PATH=... python bench/memory_bench.py [--kernel conclab-java] [--reference python3]
           [--before conclab-before] [--cells 250] [--idle 6] [--kernels 20]
"""
import argparse
import os
import statistics
import time

from jupyter_client.manager import KernelManager

TRIVIAL = {"java": "int x = 1;", "python": "x = 1"}
# A few cells of the kind a lesson runs, for the many-kernels measurement.
LESSON = {
    "java": ["int x = 1;", "1+1", "var list = new java.util.ArrayList<Integer>(); for (int i = 0; i < 1000; i++) list.add(i);",
             "list.stream().mapToInt(Integer::intValue).sum()", "System.out.println(\"hello\");"],
    "python": ["x = 1", "1+1", "lst = list(range(1000))", "sum(lst)", "print('hello')"],
}


def start(name):
    km = KernelManager(kernel_name=name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=300)
    return km, kc


def run(kc, code, timeout=300):
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda msg: None)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"cell failed: {code!r}: {reply['content']}")


def tree(pid):
    """The process and all its descendants; a child is listed under the thread that started it."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    pending.extend(int(child) for child in children.read().split())
            found.append(current)
        except FileNotFoundError:
            continue
    return found


def rollup(pid):
    """{'Rss': kB, 'Pss': kB, ...} from /proc/PID/smaps_rollup."""
    fields = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as lines:
            for line in lines:
                parts = line.split()
                if len(parts) >= 2 and parts[0].endswith(":") and parts[1].isdigit():
                    fields[parts[0][:-1]] = int(parts[1])
    except FileNotFoundError:
        pass
    return fields


def name_of(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            argv = cmdline.read().split(b"\0")
        main = next((arg.decode() for arg in reversed(argv) if arg.startswith(b"dev.conclab")), None)
        return main.rsplit(".", 1)[-1] if main else os.path.basename(argv[0].decode())
    except (FileNotFoundError, IndexError):
        return "?"


def report_tree(label, pid):
    total_rss = total_pss = 0
    parts = []
    for member in tree(pid):
        fields = rollup(member)
        total_rss += fields.get("Rss", 0)
        total_pss += fields.get("Pss", 0)
        parts.append(f"{name_of(member)} {fields.get('Rss', 0) / 1024:.0f}/{fields.get('Pss', 0) / 1024:.0f}")
    print(f"  {label}: RSS {total_rss / 1024:.0f} MB, PSS {total_pss / 1024:.0f} MB  (RSS/PSS MB: {', '.join(parts)})")
    return total_rss / 1024, total_pss / 1024


def after_cells(name, language, cells, idle):
    print(f"== {name}: {cells} x {TRIVIAL[language]!r}")
    km, kc = start(name)
    try:
        samples = []
        for _ in range(cells):
            began = time.perf_counter()
            run(kc, TRIVIAL[language])
            samples.append((time.perf_counter() - began) * 1000)
        tail = sorted(samples[-100:])
        print(f"  round trip of the last 100 cells: p50 {tail[len(tail) // 2]:.2f} ms, p95 {tail[int(len(tail) * 0.95) - 1]:.2f} ms")
        right_after = report_tree("right after the last cell", km.provisioner.process.pid)
        time.sleep(idle)
        after_idle = report_tree(f"after {idle} s idle", km.provisioner.process.pid)
        began = time.perf_counter()
        run(kc, TRIVIAL[language])
        print(f"  the next cell after the idle time: {(time.perf_counter() - began) * 1000:.1f} ms")
        return right_after, after_idle
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def many_kernels(name, language, count, idle):
    print(f"== {name}: {count} kernels at once, {len(LESSON[language])} cells each")
    kernels = []
    try:
        for _ in range(count):
            km = KernelManager(kernel_name=name)
            km.start_kernel()
            kernels.append((km, None))
        ready = []
        for km, _ in kernels:
            kc = km.client()
            kc.start_channels()
            kc.wait_for_ready(timeout=600)
            ready.append((km, kc))
        kernels = ready
        for _, kc in kernels:
            for code in LESSON[language]:
                run(kc, code, timeout=600)
        time.sleep(idle)
        per_kernel = []
        for km, _ in kernels:
            per_kernel.append(sum(rollup(member).get("Pss", 0) for member in tree(km.provisioner.process.pid)) / 1024)
        total = sum(per_kernel)
        print(f"  PSS of all {count} kernel trees: {total:.0f} MB, {total / count:.0f} MB per kernel"
              f" (min {min(per_kernel):.0f}, median {statistics.median(per_kernel):.0f}, max {max(per_kernel):.0f})")
        return total / count
    finally:
        for km, kc in kernels:
            if kc is not None:
                kc.stop_channels()
            km.shutdown_kernel(now=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kernel", default="conclab-java")
    parser.add_argument("--reference", default="python3")
    parser.add_argument("--before", help="another install of this kernel to measure beside it (e.g. the previous version)")
    parser.add_argument("--cells", type=int, default=250)
    parser.add_argument("--idle", type=float, default=6.0, help="seconds idle before the second reading")
    parser.add_argument("--kernels", type=int, default=20, help="kernels at once for PSS; 0 skips")
    parser.add_argument("--only-ours", action="store_true", help="skip the reference (for trying options)")
    args = parser.parse_args()
    print(f"load average: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
    kernels = ([(args.before, "java")] if args.before else []) + [(args.kernel, "java")]
    kernels += [] if args.only_ours else [(args.reference, "python")]
    results = {}
    for name, language in kernels:
        if args.cells:
            results[name] = after_cells(name, language, args.cells, args.idle)
    for name, language in kernels:
        if args.kernels:
            results[name + " many"] = many_kernels(name, language, args.kernels, args.idle)
    if not args.only_ours:
        print("== ratios (ours / reference)")
        if args.cells:
            print(f"RSS after {args.cells} cells and idle: {results[args.kernel][1][0] / results[args.reference][1][0]:.2f}x")
        if args.kernels:
            print(f"PSS per kernel, {args.kernels} at once: {results[args.kernel + ' many'] / results[args.reference + ' many']:.2f}x")
    print(f"load average: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")


if __name__ == "__main__":
    main()
