"""enrichment_demo_user: a superuser for the demo's own database, made once, never reset."""
from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command


@pytest.mark.django_db
def test_the_demo_user_is_made_once_and_never_reset(monkeypatch, django_user_model):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    out = io.StringIO()
    call_command("enrichment_demo_user", "demo-admin", stdout=out)
    user = django_user_model.objects.get(username="demo-admin")
    assert user.is_superuser and user.check_password(out.getvalue().strip())
    with pytest.raises(CommandError, match="exists"):
        call_command("enrichment_demo_user", "demo-admin", stdout=io.StringIO())
    user.refresh_from_db()
    assert user.check_password(out.getvalue().strip())


@pytest.mark.django_db
def test_the_demo_user_is_refused_on_a_database_the_demo_did_not_create(monkeypatch, django_user_model):
    monkeypatch.setenv("DATABASE_URL", "postgres://prod.example.org/newsroom")
    with pytest.raises(CommandError, match="DATABASE_URL"):
        call_command("enrichment_demo_user", "admin", stdout=io.StringIO())
    assert not django_user_model.objects.filter(username="admin").exists()


