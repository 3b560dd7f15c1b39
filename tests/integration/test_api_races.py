"""API writes racing a real worker that stores the same articles' results: DELETE, text PATCH
and PUT, and decision PATCHes, sent while runs are being stored. None gets a 500 and none is
lost: the final state of every article is its last write."""
from __future__ import annotations

import random
import threading
from collections import Counter

import pytest
import requests
from rest_framework.authtoken.models import Token

from enrichment.articles import article_hash
from enrichment.models import Decision, EnrichmentState, Status
from newsroom.models import Article

from .workers import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ARTICLES = 40  # x WRITES_PER_ARTICLE writes: over 200, as issue 18 asks
CLIENTS = 4  # articles written at once, each by its own client thread
MAX_PAUSE = 0.12  # seconds between two writes of one article: about one run of the long text
SEED = random.randrange(2**32)


def plan(rng: random.Random, n: int) -> list[str]:
    """One article's writes: text changes and decisions in random order, ending with a DELETE
    for every other article (so both end states are checked)."""
    writes = rng.choices(["patch", "put", "decide"], k=5)
    return writes + (["delete"] if n % 2 else ["patch"])


class Writer:
    def __init__(self, base: str, token: str, text: str):
        self.base, self.text = base, text
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Token {token}"
        self.codes: Counter[int] = Counter()
        self.failures: list[str] = []
        self.expected: dict[int, dict] = {}

    def check(self, response, *codes: int) -> None:
        self.codes[response.status_code] += 1
        if response.status_code not in codes:
            self.failures.append(f"{response.request.method} {response.url}: {response.status_code} "
                                 f"{response.text[:300]}")

    def article(self, n: int, rng: random.Random) -> None:
        api = f"{self.base}/api/articles/"
        created = self.session.post(api, json={"headline": f"Harbour {n}", "text": self.text, "published": True},
                                    timeout=30)
        self.check(created, 201)
        pk = created.json()["id"]
        last = {"headline": f"Harbour {n}", "text": self.text, "decisions": 0, "deleted": False}
        for i, write in enumerate(plan(rng, n)):
            threading.Event().wait(rng.uniform(0, MAX_PAUSE))
            url = f"{api}{pk}/"
            if write == "patch":
                last["text"] = f"Edit {i} of article {n}.\n\n{self.text}"
                self.check(self.session.patch(url, json={"text": last["text"]}, timeout=30), 200)
            elif write == "put":
                last["headline"], last["text"] = f"Harbour {n} ({i})", f"Rewrite {i}.\n\n{self.text}"
                body = {"headline": last["headline"], "text": last["text"], "published": True}
                self.check(self.session.put(url, json=body, timeout=30), 200)
            elif write == "decide":
                decision = {"action": "add_entity", "target": f"Quay Trust {n} {i}", "value": {"type": "ORG"}}
                self.check(self.session.patch(f"{url}enrichment/", json={"decisions": [decision]}, timeout=30), 200)
                last["decisions"] += 1
            else:
                self.check(self.session.delete(url, timeout=30), 204)
                last["deleted"] = True
        self.expected[pk] = last


def test_writes_racing_the_worker_get_no_500_and_are_not_lost(live_server, admin_user, celery_worker_process,
                                                             messy_paste):
    # a text long enough that storing its run takes a while: writes land inside that window
    text = "\n\n".join(f"Part {i}.\n\n{messy_paste}" for i in range(3))
    token = Token.objects.create(user=admin_user).key
    writers = [Writer(live_server.url, token, text) for _ in range(CLIENTS)]

    def work(writer: Writer, numbers: list[int]) -> None:
        rng = random.Random(f"{SEED}-{numbers[0]}")
        for n in numbers:
            writer.article(n, rng)

    threads = [threading.Thread(target=work, args=(w, list(range(k, ARTICLES, CLIENTS))))
               for k, w in enumerate(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    codes = sum((w.codes for w in writers), Counter())
    expected = {pk: last for w in writers for pk, last in w.expected.items()}
    writes = sum(codes.values()) - ARTICLES  # the creations are not counted as racing writes
    print(f"\nMEASURE API races: seed {SEED}, {writes} writes on {ARTICLES} articles, status codes {dict(codes)}")
    assert [f for w in writers for f in w.failures] == []
    assert writes >= 200 and len(expected) == ARTICLES

    for pk, last in expected.items():
        article = Article.objects.filter(pk=pk).first()
        if last["deleted"]:
            assert article is None and not EnrichmentState.objects.filter(article_id=pk).exists()
            continue
        assert (article.headline, article.text) == (last["headline"], last["text"]), pk
        assert Decision.objects.filter(article_id=pk).count() == last["decisions"], pk

    def all_enriched() -> bool:
        states = EnrichmentState.objects.filter(article_id__in=[pk for pk, x in expected.items() if not x["deleted"]])
        return states.count() == ARTICLES // 2 and all(
            s.status == Status.DONE and s.text_hash == article_hash(s.article) for s in states.select_related("article"))

    wait_until(all_enriched, timeout=180, interval=0.5, message=celery_worker_process.log_path.read_text()[-3000:])
