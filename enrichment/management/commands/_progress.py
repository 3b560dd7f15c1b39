"""Waiting for many articles with a progress bar: used by import and re-run commands."""
from __future__ import annotations

import time
from typing import IO

from tqdm import tqdm

from enrichment.models import EnrichmentState, Status


def count_states(ids: list[int]) -> dict[str, int]:
    states = EnrichmentState.objects.filter(article_id__in=ids)
    done = states.filter(status=Status.DONE).count()
    failed = states.filter(status=Status.FAILED).count()
    return {"done": done, "failed": failed, "waiting": len(ids) - done - failed}


def wait_for_enrichment(ids: list[int], *, timeout: float, stream: IO, poll: float = 0.5) -> dict[str, int]:
    """Block until every article is done or failed (or the timeout), showing rate and ETA."""
    deadline = time.monotonic() + timeout
    with tqdm(total=len(ids), unit="article", file=stream, dynamic_ncols=True) as bar:
        while True:
            counts = count_states(ids)
            bar.update(counts["done"] + counts["failed"] - bar.n)
            bar.set_postfix(failed=counts["failed"], refresh=False)
            if not counts["waiting"] or time.monotonic() > deadline:
                return counts
            time.sleep(poll)
