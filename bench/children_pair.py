"""Child JVM start -> first line for two installs of the kernel at once, their cells in turn, so
that both meet the same load (figures from separate runs hardly compare on a busy machine).

Prints for each install: 40 starts back to back (blocks of 5, the installs in turn), 20 starts
0.5 s apart, and 10 cells that start four children at once (p50 of the 40; medians of each cell's
first and last first line), then a hello-world JVM's start to exit and the load average.

Usage: python bench/children_pair.py --base DIR --branch DIR
  (each DIR is an install's --prefix: the kernel is looked up in DIR/share/jupyter)
"""
import argparse
import os
import statistics
import time

from jupyter_client.manager import start_new_kernel

from common import run
from runtime_bench import first_line_delays, hello_jvm_ms, percentile

BACK_TO_BACK = ("long t0 = System.currentTimeMillis();\n"
                "Processes.start(() -> { System.out.println(\"first \" + System.currentTimeMillis()); return null; }).join();\n"
                "System.out.println(\"began \" + t0);")


def back_to_back(kc):
    stamps = dict(line.split() for line in run(kc, BACK_TO_BACK).splitlines())
    return float(stamps["first"]) - float(stamps["began"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True, help="the --prefix of the install to compare against")
    parser.add_argument("--branch", required=True, help="the --prefix of the install under test")
    parser.add_argument("--kernel", default="conclab-java")
    args = parser.parse_args()
    kernels = {}
    try:
        for name, prefix in (("base", args.base), ("branch", args.branch)):
            # jupyter_client reads JUPYTER_PATH when it looks the kernel up, at each start.
            os.environ["JUPYTER_PATH"] = os.path.join(os.path.abspath(prefix), "share", "jupyter")
            kernels[name] = start_new_kernel(kernel_name=args.kernel, startup_timeout=120)
        figures = {name: {"back": [], "paused": [], "four": [], "first": [], "last": []} for name in kernels}
        for _, kc in kernels.values():
            run(kc, "1")
        print(f"load average {os.getloadavg()[0]:.1f}")
        for _ in range(8):
            for name, (_, kc) in kernels.items():
                figures[name]["back"].extend(back_to_back(kc) for _ in range(5))
        for _ in range(20):
            for name, (_, kc) in kernels.items():
                time.sleep(0.5)
                figures[name]["paused"].extend(first_line_delays(kc, 1))
        for _ in range(10):
            for name, (_, kc) in kernels.items():
                time.sleep(0.5)
                four = sorted(first_line_delays(kc, 4))
                figures[name]["four"].extend(four)
                figures[name]["first"].append(four[0])
                figures[name]["last"].append(four[-1])
        for name, f in figures.items():
            print(f"{name}: back to back p50 {percentile(f['back'], .5):.0f} ms (p95 {percentile(f['back'], .95):.0f}); "
                  f"0.5 s apart p50 {percentile(f['paused'], .5):.0f} ms (p95 {percentile(f['paused'], .95):.0f}); "
                  f"four at once p50 {percentile(f['four'], .5):.0f} ms, each cell's first {statistics.median(f['first']):.0f} ms, "
                  f"last {statistics.median(f['last']):.0f} ms")
    finally:
        for km, kc in kernels.values():
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    print(f"hello-world JVM (java -version, start to exit) p50 {percentile(hello_jvm_ms(10), .5):.0f} ms; "
          f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
