"""Linear or not, by ratio: the same work timed at growing sizes inside one test. No absolute time.

Each size's time is compared with the first size's: linear work stays near the size ratio, quadratic
work is 8 times over it at 8 times the size, and exponential work is caught at the first step, which
doubles the size, before it can take long.

Times are this thread's CPU time, not wall time: on a machine busy with other processes a long call
waits for the CPU more often than a short one, which would inflate the ratios of linear work."""
from __future__ import annotations

import time
from typing import Callable

SLACK = 4.0        # a ratio may be 4x the size ratio: noise on a busy 2-core machine stays far under it
REPEATS = 3        # the best of three batches: a batch slowed by another process does not count
BATCH_S = 0.0005   # each batch runs the call until this long has passed (small calls are timed in bulk)
LADDER = (48, 96, 384, 3072)  # a doubling first (exponential), then 8x and 64x (quadratic)


def per_call(run: Callable, arg) -> float:
    """Seconds per call of run(arg), the best of REPEATS batches."""
    best = float("inf")
    for _ in range(REPEATS):
        calls, start = 0, time.thread_time()
        while True:
            run(arg)
            calls += 1
            elapsed = time.thread_time() - start
            if elapsed >= BATCH_S:
                break
        best = min(best, elapsed / calls)
    return best


def growth(run: Callable, make: Callable[[int], object], sizes=LADDER) -> list[tuple[int, float]]:
    """(size, time ratio to the first size); stops at the first ratio over SLACK x the size ratio."""
    base = per_call(run, make(sizes[0]))
    out = []
    for n in sizes[1:]:
        ratio = per_call(run, make(n)) / max(base, 1e-9)
        out.append((n, ratio))
        if ratio > SLACK * n / sizes[0]:
            break
    return out


def assert_linear(run: Callable, make: Callable[[int], object], sizes=LADDER, what: str = "") -> None:
    for n, ratio in growth(run, make, sizes):
        assert ratio <= SLACK * n / sizes[0], (
            f"{what}: {n / sizes[0]:.0f}x the input took {ratio:.0f}x the time (linear: about {n / sizes[0]:.0f}x)")
