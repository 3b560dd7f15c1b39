"""The plugin's own admin pages need the article's view permission, the decisions' audit trail
cannot be deleted, jobs cannot be added by hand, and API token keys are never shown."""
from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from rest_framework.authtoken.models import Token

from enrichment.models import Decision, EnrichmentState, Entity

pytestmark = pytest.mark.django_db

PAGES = ["decision", "enrichmentstate", "entity"]


def staff_with(django_user_model, client, *codenames):
    user = django_user_model.objects.create_user("staff-" + "-".join(codenames), password="pw", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", PAGES)
def test_the_plugins_pages_need_the_article_view_permission(model, django_user_model, client, enriched_article):
    client = staff_with(django_user_model, client, f"view_{model}")
    assert client.get(reverse(f"admin:enrichment_{model}_changelist")).status_code == 403
    client.logout()
    client = staff_with(django_user_model, client, f"view_{model}", "view_article")
    assert client.get(reverse(f"admin:enrichment_{model}_changelist")).status_code == 200


def test_nobody_deletes_a_decision_nor_adds_a_job(admin_client, enriched_article):
    from enrichment import editorial
    decision = editorial.decide(enriched_article, action="reject_entity",
                                target=Entity.objects.order_by("pk").first().name)
    assert admin_client.get(reverse("admin:enrichment_decision_delete", args=[decision.pk])).status_code == 403
    response = admin_client.post(reverse("admin:enrichment_decision_changelist"),
                                 {"action": "delete_selected", "_selected_action": [decision.pk], "post": "yes"})
    assert response.status_code in (200, 302) and Decision.objects.filter(pk=decision.pk).exists()
    assert admin_client.get(reverse("admin:enrichment_enrichmentstate_add")).status_code == 403
    assert EnrichmentState.objects.count() == 1


def test_token_keys_are_never_shown(admin_client, admin_user, django_user_model):
    token = Token.objects.create(user=admin_user)
    listing = admin_client.get(reverse("admin:authtoken_tokenproxy_changelist"))
    assert listing.status_code == 200 and admin_user.username in listing.content.decode()
    assert token.key not in listing.content.decode()
    change = admin_client.get(reverse("admin:authtoken_tokenproxy_change", args=[admin_user.pk]))
    assert change.status_code == 403 and token.key not in change.content.decode()
