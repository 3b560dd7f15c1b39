"""An editor's save is taken before the bulk queue's remaining chunks, by real workers: a
re-run of the archive never makes an editor wait for it."""
from __future__ import annotations

import pytest

from enrichment.jobs.queueing import enqueue_deferred, request_many
from enrichment.models import EnrichmentState, Status
from newsroom.models import Article

from .workers import Worker, wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

CHUNKS, CHUNK_SIZE = 20, 6  # 120 articles: the re-run lasts well past the save


@pytest.mark.parametrize("queues", [
    "enrichment,enrichment_bulk",  # one worker process serves both queues
    "enrichment",  # the README's fleet plan: a worker of its own for editors' saves
])
def test_a_save_overtakes_a_queued_rerun(queues, tmp_path, clean_broker, messy_paste):
    workers = [Worker(tmp_path / "interactive.log", extra=("-Q", queues))]
    if queues == "enrichment":
        workers.append(Worker(tmp_path / "bulk.log", extra=("-Q", "enrichment_bulk")))
    try:
        for worker in workers:
            worker.wait_ready()
        with enqueue_deferred():  # an import: the saves do not queue them one by one
            archive = [Article.objects.create(headline=f"Archive {i}", text=f"{messy_paste}\n\nArchive {i}.")
                       for i in range(CHUNKS * CHUNK_SIZE)]
        request_many(Article.objects.filter(pk__in=[a.pk for a in archive]), chunk_size=CHUNK_SIZE)
        bulk = EnrichmentState.objects.filter(article__in=archive)
        wait_until(lambda: bulk.filter(status=Status.DONE).exists(), timeout=120, interval=0.02,
                   message="the re-run never started")
        edit = Article.objects.create(headline="An editor's save", text=messy_paste + "\n\nJust edited.")
        waiting = bulk.exclude(status=Status.DONE).count()  # counted once the save is on the broker
        wait_until(lambda: EnrichmentState.objects.filter(article=edit, status=Status.DONE).exists(), timeout=60,
                   interval=0.02, message=workers[0].log_path.read_text()[-2000:])
        still_waiting = bulk.exclude(status=Status.DONE).count()
        # At most the chunk the process was running, and the one it had reserved, went first.
        assert still_waiting >= waiting - 2 * CHUNK_SIZE and still_waiting > 0, (waiting, still_waiting)
        wait_until(lambda: not bulk.exclude(status=Status.DONE).exists(), timeout=300,
                   message="the re-run did not finish after the save")
    finally:
        for worker in workers:
            worker.stop()
