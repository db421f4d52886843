"""The short versions of bench/reliability_bench.py: many cells in a row lose no line and keep the
kernel's memory bounded; many kernels at once all answer; nothing is left running afterwards."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "bench"))
from reliability_bench import cells, many_kernels  # noqa: E402


def test_a_thousand_printing_cells_lose_no_line_and_keep_the_kernel_small():
    samples, lost, _ = cells("conclab-java", "java", 1000)
    assert lost == 0
    kernel_mb = [kernel for _, kernel, _ in samples]
    # The kernel's heap is capped at 192 MB (kernel.json); its whole process stays well inside 300 MB.
    assert max(kernel_mb) < 300, samples


def test_twenty_kernels_at_once_each_answer_kernel_info_within_two_seconds():
    ready, round_trips, left = many_kernels("conclab-java", 20, reply_timeout=2)
    assert len(round_trips) == 20 and max(round_trips) < 2, round_trips
    assert left == 0, f"{left} processes of the 20 kernels outlived their shutdown"
