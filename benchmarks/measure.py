"""What every benchmark measures and how it prints it: one line of `key=value` figures per step, wall time, and
peak memory.

Peak memory is read two ways. The process's resident-set high-water mark (VmHWM) covers everything, numpy buffers
and SQLite's page cache included; where Linux lets the mark be reset (/proc/self/clear_refs) it covers the step
alone, so that what an earlier benchmark built in the same process does not hide it, elsewhere it is the process's
peak (ru_maxrss). tracemalloc's peak covers Python's own allocations during the step only; it slows allocation-heavy
code down, so a step's time is measured in a run without it (`measured(python_memory=False)`) and its Python peak in
a second run where the step can be repeated.
"""

import resource
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024


def report(name: str, **figures) -> None:
    print(f"{name}: " + " ".join(f"{key}={value}" for key, value in figures.items()), flush=True)


def timed(function: Callable) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


@dataclass
class Measurement:
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # this process's (user + system): on a machine shared with other work, wall time is not
    python_peak_mb: float | None = None
    rss_peak_mb: str = ""
    rss_peak_of: str = ""  # "step" where the kernel's mark could be reset, else "process"

    def figures(self) -> dict[str, str]:
        figures = {
            "seconds": f"{self.seconds:.1f}",
            "cpu_seconds": f"{self.cpu_seconds:.1f}",
            "peak_rss_mb": self.rss_peak_mb,
            "peak_rss_of": self.rss_peak_of,
        }
        if self.python_peak_mb is not None:
            figures["python_peak_mb"] = f"{self.python_peak_mb:.0f}"
        return figures


@contextmanager
def measured(*, python_memory: bool = False) -> Iterator[Measurement]:
    """Time the block and read its peak memory; with `python_memory`, also tracemalloc's peak (slower)."""
    measurement = Measurement()
    window = reset_peak_memory()
    if python_memory:
        tracemalloc.start()
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        yield measurement
    finally:
        measurement.seconds = time.perf_counter() - started
        measurement.cpu_seconds = time.process_time() - cpu_started
        if python_memory:
            measurement.python_peak_mb = tracemalloc.get_traced_memory()[1] / MB
            tracemalloc.stop()
        measurement.rss_peak_mb = memory_mb("VmHWM:")
        measurement.rss_peak_of = "step" if window else "process"


def reset_peak_memory() -> bool:
    """Reset the kernel's peak-RSS mark (VmHWM) so the next reading covers only what follows; False where not
    possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def memory_mb(field: str) -> str:
    """`VmHWM:` (peak) or `VmRSS:` (now) from /proc; elsewhere the process's peak (ru_maxrss)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith(field):
                return f"{int(line.split()[1]) / 1024:.0f}"
    return f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}"  # kilobytes on Linux


def mb(size: int) -> str:
    return f"{size / MB:.1f}"
