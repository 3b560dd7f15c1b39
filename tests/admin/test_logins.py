"""Logins: password rules, and the admin's login limit (django-axes) per user and address."""
from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.factories import fresh_ip


@pytest.mark.parametrize("password", ["short-pw", "password12345", "1234567890123", "alice-smith-1"])
def test_weak_passwords_are_refused(password, django_user_model):
    user = django_user_model(username="alice-smith", first_name="Alice", last_name="Smith")
    with pytest.raises(ValidationError):
        validate_password(password, user)
    validate_password("harbour-ferry-lantern-42", user)


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_that_user_out_from_that_address(django_user_model, client):
    django_user_model.objects.create_superuser("chief", "", "a-long-good-password")
    ip, elsewhere = fresh_ip(), fresh_ip()

    def login(password, addr=ip):
        return client.post("/admin/login/?next=/admin/", {"username": "chief", "password": password},
                           REMOTE_ADDR=addr)

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login("wrong").status_code == 200  # the form again, with an error
    assert login("wrong").status_code == 429
    assert login("a-long-good-password").status_code == 429  # even the right one, for a while
    assert login("a-long-good-password", elsewhere).status_code == 302  # not a lock-out of the user everywhere


