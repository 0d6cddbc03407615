import datetime as dt

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from nianbao.web.security.models import PasswordHistory
from nianbao.web.settings import base

pytestmark = pytest.mark.django_db


def test_passwords_are_stored_with_argon2_in_the_application_settings():
    assert base.PASSWORD_HASHERS[0] == "nianbao.web.security.hashers.Argon2idHasher"
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        encoded = make_password("Any-Passw0rd")
        assert encoded.startswith("argon2$argon2id$")
        assert identify_hasher(encoded).algorithm == "argon2"
        # OWASP's minimum for Argon2id: 19 MiB of memory, 2 passes.
        assert "m=19456,t=2,p=1" in encoded


@pytest.mark.parametrize(
    "password",
    ["Ab1!", "alllowercaseletters", "lowercase123456", "ALLUPPER!!!!", "1234567890"],
)
def test_a_simple_password_is_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize("password", ["Kxqvbnm7", "kxqvbn7!", "KXQVBN7!", "年报Ab-123"])
def test_a_password_of_three_classes_and_eight_characters_passes(password):
    validate_password(password)


def test_the_rules_follow_the_settings():
    with override_settings(NIANBAO_PASSWORD_MIN_CLASSES=4, NIANBAO_PASSWORD_MIN_LENGTH=12):
        with pytest.raises(ValidationError, match="12"):
            validate_password("Abcdefg1!")
        with pytest.raises(ValidationError, match="4 类"):
            validate_password("Abcdefghijk1")
        validate_password("Kxqvbnmzrt1!")


def test_a_password_used_among_the_last_five_is_refused(cast):
    user = cast.nobody
    for i in range(5):
        user.set_password(f"Rotating-Passw0rd-{i}")
        user.save()
    for i in range(5):
        with pytest.raises(ValidationError, match="最近 5 次"):
            validate_password(f"Rotating-Passw0rd-{i}", user)
    # The cast's first password is now six passwords back.
    validate_password("Sec-示例-Passw0rd", user)


def test_an_expired_password_must_be_changed_before_anything_else(client, cast, password):
    client.force_login(cast.filler)
    PasswordHistory.objects.filter(user=cast.filler).update(created_at=timezone.now() - dt.timedelta(days=91))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/security/password/")
    response = client.post(
        "/security/password/",
        {
            "old_password": password,
            "new_password1": "Brand-new-Passw0rd",
            "new_password2": "Brand-new-Passw0rd",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_a_password_younger_than_the_maximum_age_is_not_questioned(client, cast):
    client.force_login(cast.filler)
    PasswordHistory.objects.filter(user=cast.filler).update(created_at=timezone.now() - dt.timedelta(days=89))
    assert client.get("/").status_code == 200
