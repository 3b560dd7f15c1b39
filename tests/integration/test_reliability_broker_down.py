"""Redis down while editors save: saves succeed at once, nothing is lost, and when Redis is back
every waiting article is enriched without anyone saving again (the beat sweep, or by hand)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from enrichment.models import EnrichmentResult, EnrichmentState, Status
from newsroom.models import Article

from .reliability import worker_env
from .test_worker_end_to_end import admin_session
from .workers import ROOT, wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# A save that hangs on a dead broker fails through the client's timeout (60 s): no test asserts
# how fast a save is on this shared machine; the MEASURE lines print it.


def admin_add(session, live_server, headline: str, text: str) -> float:
    add = f"{live_server.url}/admin/newsroom/article/add/"
    session.get(add)
    started = time.monotonic()
    response = session.post(
        add, data={"headline": headline, "text": text, "body": "", "_save": "Save",
                   "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": add}, timeout=60,  # fail, never hang the suite
    )
    elapsed = time.monotonic() - started
    assert response.status_code == 200 and "was added successfully" in response.text, response.text[-2000:]
    return elapsed


def all_done(worker, count: int):
    states = list(EnrichmentState.objects.values_list("status", flat=True))
    return len(states) == count and all(s == Status.DONE for s in states)


def test_saves_during_a_redis_outage_are_enriched_by_the_beat_sweep(
    broker, start_worker, live_server, admin_user, quiet_paste, tmp_path
):
    session = admin_session(live_server, admin_user)
    broker.kill()
    saves = [admin_add(session, live_server, f"Outage story {i}", f"{quiet_paste}\n\nStory {i}.") for i in range(5)]
    print(f"\nMEASURE broker refused: 5 saves, slowest {max(saves):.2f} s, mean {sum(saves) / 5:.2f} s")
    states = EnrichmentState.objects.all()
    assert [(s.status, s.sent) for s in states] == [(Status.QUEUED, False)] * 5  # waiting, not lost
    article = Article.objects.first()
    assert session.get(f"{live_server.url}/api/articles/{article.pk}/").json()["enrichment"]["status"] == "queued"

    broker.start()
    back = time.monotonic()
    worker = start_worker(broker.url, name="rel-beat", env={"ENRICHMENT_SWEEP_INTERVAL": "2"},
                          extra=("--beat", "--schedule", str(tmp_path / "beat-schedule")))
    wait_until(lambda: all_done(worker, 5), timeout=90, message=worker.text()[-3000:])
    print(f"MEASURE beat sweep: 5/5 enriched {time.monotonic() - back:.1f} s after Redis came back (worker start included)")
    assert EnrichmentResult.objects.count() == 5


def test_hung_redis_does_not_hang_the_save(broker, live_server, admin_user, quiet_paste):
    """A broker that accepts connections but never answers (SIGSTOPped, a dead NAT entry)."""
    session = admin_session(live_server, admin_user)
    os.kill(broker.process.pid, signal.SIGSTOP)
    try:
        elapsed = admin_add(session, live_server, "Hung broker story", quiet_paste)
    finally:
        os.kill(broker.process.pid, signal.SIGCONT)
    print(f"\nMEASURE broker hung: save took {elapsed:.2f} s")
    assert EnrichmentState.objects.get().status == Status.QUEUED


def manage(*args: str, broker_url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=worker_env(broker_url, "rel-manage"),
        capture_output=True, text=True, timeout=60,
    )


def test_enrichment_requeue_sends_every_waiting_job_by_hand(broker, start_worker, quiet_paste):
    broker.kill()
    for i in range(3):
        Article.objects.create(headline=f"Waiting {i}", text=f"{quiet_paste}\n\nWaiting {i}.")
    assert EnrichmentState.objects.filter(status=Status.QUEUED, sent=False).count() == 3

    down = manage("enrichment_requeue", broker_url=broker.url)
    assert down.returncode != 0 and "could not be handed to the broker" in down.stderr, down

    broker.start()
    back = time.monotonic()
    up = manage("enrichment_requeue", broker_url=broker.url)
    assert up.returncode == 0, up.stderr
    assert "Sent 3 waiting enrichment jobs" in up.stdout
    assert EnrichmentState.objects.filter(sent=True).count() == 3
    worker = start_worker(broker.url, name="rel-requeue")
    wait_until(lambda: all_done(worker, 3), timeout=60, message=worker.text()[-3000:])
    print(f"\nMEASURE enrichment_requeue: 3/3 enriched {time.monotonic() - back:.1f} s after Redis came back")
    assert EnrichmentResult.objects.count() == 3
