"""Two workers adding aliases to one entity at the same time keep both sets (no lost update)."""
from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from enrichment.jobs.storing import link_entities
from enrichment.models import Entity
from newsroom.models import Article

pytestmark = pytest.mark.django_db(transaction=True)


def data(*aliases):
    return {"entities": [{"name": "Ada Obi", "type": "PERSON", "aliases": ["Ada Obi", *aliases], "mentions": 1,
                          "salience": 0.5, "in_body": True, "in_captions": False}]}


def test_concurrent_alias_additions_are_both_kept():
    first, second = Article.objects.bulk_create([Article(headline=h, text=h) for h in ("One", "Two")])
    link_entities({first.pk: data()})
    linked, release, errors = threading.Event(), threading.Event(), []

    def worker_one():  # links, then holds its transaction open
        try:
            with transaction.atomic():
                link_entities({first.pk: data("Ms Obi")})
                linked.set()
                release.wait(10)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            linked.set()
            connection.close()

    def worker_two():  # reads the entity while the first has not committed yet
        try:
            linked.wait(10)
            link_entities({second.pk: data("Dr Obi")})
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker_one), threading.Thread(target=worker_two)]
    for thread in threads:
        thread.start()
    linked.wait(10)
    time.sleep(1.0)  # the second worker is now waiting on the first one's lock
    release.set()
    for thread in threads:
        thread.join(20)
    assert not errors
    assert sorted(Entity.objects.get(name="Ada Obi").aliases) == ["Ada Obi", "Dr Obi", "Ms Obi"]
