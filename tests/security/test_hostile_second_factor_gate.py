"""Finding 2: a session past only the password step reached everything under /security/.

Such an administrator session listed and unlocked locked accounts, and any second-factor user changed
their password without a code. Here every URL pattern of the site (walked from the URLconf, so a new page
is included without anyone remembering to add it) is requested with a password-only session, with real
objects for its arguments; each must send the visitor to the second-factor page, except the pages that
finish it (set up, verify) and logging out.
"""

from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from nianbao.web.evidence.models import EvidenceRecord
from nianbao.web.reporting.models import Attachment
from nianbao.web.security.models import PasswordHistory, TOTPDevice

pytestmark = [pytest.mark.django_db]

REQUIRED = override_settings(NIANBAO_TOTP_REQUIRED_ROLES="supervisor,admin,auditor")
OPEN_BEFORE_SECOND_FACTOR = {"security:otp_setup", "security:otp_verify", "logout"}
# An int argument's model, by the start of the route it appears in (longest prefix first).
PK_MODELS = (
    ("verification/reports/", "reporting.Report"),
    ("verification/checks/", "verification.PublicationCheck"),
    ("verification/runs/", "verification.PublicationRun"),
    ("registry/people/", "registry.User"),
    ("evidence/", "evidence.EvidenceRecord"),
    ("oversight/reports/", "reporting.Report"),
    ("public/reports/", "reporting.Report"),
    ("reports/", "reporting.Report"),
)
WORDS = {
    "fmt": "xlsx",
    "action": "submit",
    "app_label": "registry",
    "url": "no-such-page/",
    "key": "00000000-0000-4000-8000-000000000000",  # a history import batch (uuid)
}
# Models the cast has no row of: any number will do, since the gate must answer before the view looks.
EMPTY_MODELS = {"verification.PublicationCheck", "verification.PublicationRun"}


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner.strip(":"))
        else:
            assert isinstance(entry, URLPattern)
            yield prefix + str(entry.pattern), namespace, entry


def _first_pk(label):
    row = apps.get_model(label)._base_manager.order_by("pk").first()
    if row is None and label in EMPTY_MODELS:
        return 1
    assert row is not None, f"the walk needs one {label} row"
    return row.pk


def _value(route, arg, objects):
    """A real value for one argument of one route."""
    if arg in WORDS:
        return WORDS[arg]
    if arg == "attachment_id":
        return objects["attachment"].pk
    if arg == "content_type_id":
        return ContentType.objects.get_for_model(apps.get_model("registry.User")).pk
    if arg in ("object_id", "id"):
        admin_model = re.match(r"\^?admin/\^?(\w+)/\^?(\w+)/", route)
        if admin_model:  # the Django admin's change/delete/history pages of one model
            model = apps.get_model(admin_model.group(1), admin_model.group(2))
            row = model._base_manager.order_by("pk").first()
            return row.pk if row is not None else 1
        return objects["filler"].pk  # "view on site" of a user
    if arg == "pk":
        bare = route.lstrip("^")
        for start, label in PK_MODELS:
            if bare.startswith(start):
                return _first_pk(label)
    raise AssertionError(f"the walk does not know what to put for {arg!r} in {route!r}: add it here")


def _urls(objects):
    """Yield (view name, path) for every URL pattern of the site."""
    for route, namespace, entry in _walk(get_resolver().url_patterns):
        args = list(entry.pattern.regex.groupindex)
        kwargs = {arg: _value(route, arg, objects) for arg in args}
        if entry.name is None:  # the admin's catch-all: only its argument is variable
            yield None, "/admin/" + str(kwargs.get("url", ""))
            continue
        name = f"{namespace}:{entry.name}" if namespace else entry.name
        yield name, reverse(name, kwargs=kwargs)


@pytest.fixture
def objects(cast):
    Attachment.objects.create(
        report=cast.report_a,
        file="scans/walk.png",
        original_name="walk.png",
        content_type="image/png",
        extension="png",
        size=1,
        sha256="0" * 64,
        revision=1,
        uploaded_by=cast.filler,
    )
    EvidenceRecord.objects.create(
        report=cast.report_a, kind="cms", data={}, sha256="0" * 64, uploaded_by=cast.filler
    )
    return {"filler": cast.filler, "attachment": Attachment.objects.get()}


def _password_only(username, password):
    client = Client()
    assert client.post("/login/", {"username": username, "password": password}).status_code == 302
    return client


@REQUIRED
@pytest.mark.parametrize("enrolled", [True, False], ids=["has-device", "must-set-up"])
def test_every_url_sends_a_password_only_session_to_the_second_factor(cast, password, objects, enrolled):
    if enrolled:
        TOTPDevice.objects.create(user=cast.admin, secret=pyotp.random_base32(), confirmed=True)
    target = "/security/otp/" if enrolled else "/security/otp/setup/"
    client = _password_only("sec_admin", password)
    urls = list(_urls(objects))
    assert len(urls) > 40 and any(path.startswith("/admin/registry/user/") for _, path in urls)
    walked = 0
    for name, path in urls:
        if name in OPEN_BEFORE_SECOND_FACTOR:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            location = response.get("Location", "")
            assert response.status_code == 302 and location.split("?")[0] == target, (
                f"{method.upper()} {path} ({name}) answered {response.status_code} {location}"
            )
            walked += 1
        assert "_auth_user_id" in client.session  # still signed in: the walk tested the gate, not a logout
    assert walked == 2 * (len(urls) - len([n for n, _ in urls if n in OPEN_BEFORE_SECOND_FACTOR]))
    # The pages that finish the second factor stay open, and logging out works.
    assert client.get(target).status_code == 200
    assert client.post("/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


@REQUIRED
def test_the_unlock_and_password_pages_need_the_second_factor(cast, password):
    TOTPDevice.objects.create(user=cast.admin, secret=pyotp.random_base32(), confirmed=True)
    client = _password_only("sec_admin", password)
    before = cast.admin.password
    response = client.post(
        "/security/password/",
        {"old_password": password, "new_password1": "Taken-0ver-口令", "new_password2": "Taken-0ver-口令"},
    )
    assert response["Location"].startswith("/security/otp/")
    cast.admin.refresh_from_db()
    assert cast.admin.password == before
    assert client.post("/security/locked/", {"username": "sec_filler"})["Location"].startswith(
        "/security/otp/"
    )


def test_an_expired_password_opens_only_the_password_page(cast, password, objects):
    PasswordHistory.objects.filter(user=cast.filler).update(
        created_at=timezone.now() - dt.timedelta(days=400)
    )
    client = _password_only("sec_filler", password)
    for name, path in _urls(objects):
        if name in {"security:password_change", "logout"}:
            continue
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/security/password/"), path
    assert client.get("/security/password/").status_code == 200
