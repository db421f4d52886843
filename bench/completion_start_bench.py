"""Completion right after a start, while the executor warms up: what JupyterLab's completer sees.

Starts the kernel, runs `1+1`, then sends complete_request back to back for --seconds and prints,
per start, the first completion's round trip, the p50 and max of all, and how many took over 1 s
(JupyterLab 4's completer drops a provider that answers later); the same for the reference
kernel in the same run. With --paths, the same kernel name under two JUPYTER_PATHs (two installs,
e.g. main's and a branch's), alternating, instead of a reference kernel.

Usage: python bench/completion_start_bench.py [--kernel conclab-java] [--reference python3]
       [--starts 3] [--seconds 8] [--paths LABEL=DIR LABEL=DIR]
"""
import argparse
import os
import statistics
import time

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

TEXTS = {"java": ("System.out.pri", "println"), "python": ("import sys\nsys.stdout.wri", "sys.stdout.write")}


def one_start(name, text, expected, seconds):
    km = KernelManager(kernel_name=name)
    # A fresh spec manager reads JUPYTER_PATH as it is now (--paths changes it between starts).
    km.kernel_spec_manager = KernelSpecManager()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        kc.execute_interactive("1+1", timeout=120, output_hook=lambda msg: None)
        began, times = time.perf_counter(), []
        while time.perf_counter() - began < seconds:
            sent = time.perf_counter()
            reply = kc.complete(text, len(text), reply=True, timeout=120)
            times.append((time.perf_counter() - sent) * 1000)
            if not any(expected in match for match in reply["content"]["matches"]):
                raise RuntimeError(f"no {expected!r} in the completions of {text!r}: {reply['content']}")
        return times
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def report(label, times):
    print(f"{label:24s} first {times[0]:6.0f} ms, p50 {statistics.median(times):6.1f} ms, max {max(times):6.0f} ms, "
          f"{sum(t > 1000 for t in times)} of {len(times)} over 1 s, load {os.getloadavg()[0]:.1f}", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kernel", default="conclab-java")
    parser.add_argument("--reference", default="python3")
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--paths", nargs=2, metavar="LABEL=DIR", help="compare two installs of --kernel")
    args = parser.parse_args()
    if args.paths:
        runs = [(label, args.kernel, "java", path) for label, path in (p.split("=", 1) for p in args.paths)]
    else:
        runs = [(args.kernel, args.kernel, "java", None), (args.reference, args.reference, "python", None)]
    for _ in range(args.starts):
        for label, name, language, path in runs:
            if path:
                os.environ["JUPYTER_PATH"] = path
            report(label, one_start(name, *TEXTS[language], args.seconds))


if __name__ == "__main__":
    main()
