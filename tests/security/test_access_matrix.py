"""Every URL × every role × own/other site × every HTTP method, against a table of expected outcomes.

Each request runs in a savepoint that is rolled back, so one request's effect never changes the next one's
starting point. Outcomes: OK (2xx, or a redirect not to a login page), LOGIN (redirect to /login/),
ADMIN_LOGIN (redirect to the admin site's login), FORBID (403), NOT_FOUND (404), METHOD (405), REFUSED
(409 or 422: the role may act, the report's state or content does not allow it now), BAD_REQUEST (400).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.core.signals import request_finished
from django.db import close_old_connections, transaction
from PIL import Image

from nianbao.web.reporting.models import Attachment, Report

pytestmark = pytest.mark.django_db

OK, LOGIN, ADMIN_LOGIN, FORBID, NOT_FOUND, METHOD, REFUSED, BAD_REQUEST = (
    "OK",
    "LOGIN",
    "ADMIN_LOGIN",
    "FORBID",
    "NOT_FOUND",
    "METHOD",
    "REFUSED",
    "BAD_REQUEST",
)
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
WHO = ("anon", "filler", "reviewer", "head", "supervisor", "outsider", "admin", "auditor", "nobody")

# Who sees a report of site A (甲市 › 甲区) or B (乙市 › 乙县): its staff, A's supervisor, the administrators.
SEES = {
    "A": {"filler", "reviewer", "head", "supervisor", "admin", "auditor"},
    "B": {"outsider", "admin", "auditor"},
}
# The role each person holds on each site's report.
ROLE_ON = {"A": {"filler": "filler", "reviewer": "reviewer", "head": "head", "supervisor": "supervisor"}}
ROLE_ON["B"] = {"outsider": "filler"}


def role_on(who: str, site: str) -> str | None:
    return ROLE_ON[site].get(who)


@dataclass(frozen=True)
class Spec:
    name: str
    path: str  # {pk} and {att} are filled per site
    methods: frozenset[str]  # of GET, HEAD, POST: the ones the view takes
    outcome: Callable[[str, str, str], str]  # (method, who, site) -> expected outcome for a signed-in user
    per_site: bool = False
    public: bool = False
    login_first: bool = True  # login_required is checked before the method


def seen(then: str) -> Callable[[str, str, str], str]:
    return lambda method, who, site: then if who in SEES[site] else NOT_FOUND


def anyone(method: str, who: str, site: str) -> str:
    return OK


def only(*people: str) -> Callable[[str, str, str], str]:
    return lambda method, who, site: OK if who in people else FORBID


def save(method: str, who: str, site: str) -> str:
    if who not in SEES[site]:
        return NOT_FOUND
    if method != "POST":
        return OK
    return OK if role_on(who, site) == "filler" else FORBID


def submit(method: str, who: str, site: str) -> str:
    if who not in SEES[site]:
        return NOT_FOUND
    # An empty report has errors, so its own 填报人 is refused by the content, everyone else by the role.
    return REFUSED if role_on(who, site) == "filler" else FORBID


def give_back(method: str, who: str, site: str) -> str:
    if who not in SEES[site]:
        return NOT_FOUND
    # A draft cannot be returned: those who may return a report are refused by its state.
    return REFUSED if role_on(who, site) in ("reviewer", "head", "supervisor") else FORBID


def head_only(method: str, who: str, site: str) -> str:
    if who not in SEES[site]:
        return NOT_FOUND
    # Registering publication and starting a correction are the 单位负责人's (README); a draft refuses
    # even them, by its state, and everyone else by the role.
    return REFUSED if role_on(who, site) == "head" else FORBID


GET_POST = frozenset({"GET", "POST"})
SAFE = frozenset({"GET", "HEAD"})
POST = frozenset({"POST"})

SPECS = [
    Spec("login", "/login/", frozenset({"GET", "HEAD", "POST"}), anyone, public=True),
    Spec("logout", "/logout/", POST, lambda m, w, s: LOGIN, public=True),
    Spec("home", "/", SAFE, anyone),
    Spec("websites", "/registry/websites/", SAFE, anyone),
    Spec("directory import", "/registry/import/", GET_POST, only("supervisor")),
    Spec("people", "/registry/people/", SAFE, only("admin")),
    Spec("new account", "/registry/people/new/", GET_POST, only("admin")),
    Spec("open a year", "/periods/open/", GET_POST, only("supervisor")),
    Spec("entry", "/reports/{pk}/", GET_POST, save, per_site=True),
    Spec("check", "/reports/{pk}/check/", POST, seen(OK), per_site=True),
    Spec("history", "/reports/{pk}/history/", SAFE, seen(OK), per_site=True),
    Spec("submit", "/reports/{pk}/act/submit/", POST, submit, per_site=True),
    Spec("return", "/reports/{pk}/act/return/", POST, give_back, per_site=True),
    # The matrix posts no date or address, which is refused before the role is looked at; with a complete
    # post only the 单位负责人 gets further (test_hostile_publication_roles.py).
    Spec("publish", "/reports/{pk}/act/publish/", POST, seen(REFUSED), per_site=True),
    Spec("correct", "/reports/{pk}/act/correct/", POST, head_only, per_site=True),
    Spec("upload", "/reports/{pk}/scan/", POST, seen(OK), per_site=True),
    Spec("attachment", "/reports/{pk}/scan/{att}/", SAFE, seen(OK), per_site=True),
    Spec("download", "/reports/{pk}/download/html/", SAFE, seen(OK), per_site=True),
    Spec("password", "/security/password/", GET_POST, anyone),
    Spec("second factor setup", "/security/otp/setup/", GET_POST, anyone),
    Spec("second factor", "/security/otp/", GET_POST, anyone),
    Spec("audit viewer", "/audit/", SAFE, only("auditor")),
    Spec("locked accounts", "/security/locked/", GET_POST, only("admin")),
    Spec("public column", "/public/", SAFE, anyone, public=True),
    Spec("public sitemap", "/public/sitemap/", SAFE, anyone, public=True),
    # Drafts are not public: nobody finds them in the public column, signed in or not.
    Spec(
        "public report", "/public/reports/{pk}/", SAFE, lambda m, w, s: NOT_FOUND, per_site=True, public=True
    ),
    Spec(
        "public download",
        "/public/reports/{pk}/download/html/",
        SAFE,
        lambda m, w, s: NOT_FOUND,
        per_site=True,
        public=True,
    ),
    Spec("oversight board", "/oversight/", SAFE, only("supervisor", "admin")),
    Spec("oversight progress sheet", "/oversight/progress.xlsx", SAFE, only("supervisor", "admin")),
    Spec("oversight reminders", "/oversight/remind/", POST, only("supervisor", "admin")),
    Spec("oversight checks", "/oversight/checks/", SAFE, only("supervisor", "admin")),
    # Refused with a message and a redirect back; that nothing changes is checked below.
    Spec("oversight check marks", "/oversight/checks/mark/", POST, anyone),
    Spec("oversight aggregates", "/oversight/aggregates/", SAFE, only("supervisor", "admin")),
    # Without a region and a year the export is a bad request, but only for those who may export.
    Spec(
        "oversight export",
        "/oversight/export/",
        SAFE,
        lambda m, w, s: BAD_REQUEST if w in ("supervisor", "admin") else FORBID,
    ),
    # Everyone signed in has notifications (reminders reach the staff).
    Spec("oversight notifications", "/oversight/notifications/", SAFE, anyone),
    Spec(
        "oversight report flags",
        "/oversight/reports/{pk}/flags/",
        SAFE,
        # Supervisors' notes are for supervisors (of that site) and administrators, not the site's staff.
        lambda m, w, s: (OK if w in ("supervisor", "admin") else FORBID) if w in SEES[s] else NOT_FOUND,
        per_site=True,
    ),
    Spec(
        "admin site", "/admin/", frozenset({"GET", "HEAD", "POST"}), lambda m, w, s: ADMIN_LOGIN, public=True
    ),
]


def expected(spec: Spec, method: str, who: str, site: str) -> str:
    if method not in ("GET", "HEAD", "POST"):
        return METHOD  # the application takes no other method anywhere
    if who == "anon" and not spec.public:
        return LOGIN
    if method not in spec.methods:
        return METHOD
    return spec.outcome(method, who, site)


def classify(response) -> str:
    code = response.status_code
    if code in (301, 302, 303):
        location = response["Location"]
        if location.startswith("/admin/login/"):
            return ADMIN_LOGIN
        return LOGIN if location.startswith("/login/") else OK
    return {400: BAD_REQUEST, 403: FORBID, 404: NOT_FOUND, 405: METHOD, 409: REFUSED, 422: REFUSED}.get(
        code, OK if 200 <= code < 300 else f"HTTP {code}"
    )


def _close(response) -> None:
    """Close a response (a file download holds its file open) as the test client does, without the signal
    that would drop the database connection in the middle of this test's transaction."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


def _attach(report: Report, user) -> Attachment:
    data = _png()
    digest = hashlib.sha256(data).hexdigest()
    attachment = Attachment(
        report=report,
        original_name="scan.png",
        content_type="image/png",
        extension="png",
        size=len(data),
        sha256=digest,
        revision=1,
        uploaded_by=user,
    )
    attachment.file.save(f"{digest}.png", ContentFile(data), save=False)
    attachment.save()
    return attachment


def _body(spec: Spec, report: Report) -> dict:
    if spec.name == "entry":
        return {"v:info.total": "7", "k": "info.total", "lock_version": report.lock_version}
    if spec.name == "upload":
        return {"scan": ContentFile(_png(), name="scan.png")}
    if spec.name == "return":
        return {"reason": "请核对"}
    return {}


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_every_method_and_role_gets_the_expected_outcome(client, cast, spec):
    reports = {"A": cast.report_a, "B": cast.report_b}
    attachments = {site: _attach(report, cast.filler) for site, report in reports.items()}
    mismatches = []
    for who in WHO:
        client.logout()
        if who != "anon":
            client.force_login(cast.by_role(who))
        for site in ("A", "B") if spec.per_site else ("A",):
            report = Report.unscoped.get(pk=reports[site].pk)
            path = spec.path.format(pk=report.pk, att=attachments[site].pk)
            for method in METHODS:
                with transaction.atomic():
                    kwargs = {"data": _body(spec, report)} if method == "POST" else {}
                    if method == "POST":
                        response = client.post(path, **kwargs)
                    else:
                        response = client.generic(method, path)
                    got = classify(response)
                    _close(response)
                    transaction.set_rollback(True)
                want = expected(spec, method, who, site)
                if got != want:
                    mismatches.append(f"{method} {path} as {who} (site {site}): expected {want}, got {got}")
    assert not mismatches, "\n".join(mismatches)


def _count_attachments(report):
    return Attachment.objects.filter(report=report).count()


@pytest.mark.parametrize("who", [w for w in WHO if w != "anon"])
def test_only_the_staff_who_may_attach_change_anything_by_uploading(client, cast, who):
    client.force_login(cast.by_role(who))
    for site, report in (("A", cast.report_a), ("B", cast.report_b)):
        before = _count_attachments(report)
        client.post(f"/reports/{report.pk}/scan/", {"scan": ContentFile(_png(), name="scan.png")})
        added = _count_attachments(report) - before
        may = who in SEES[site] and role_on(who, site) in ("filler", "head")
        assert added == (1 if may else 0), f"{who} on site {site}"


@pytest.mark.parametrize("who", [w for w in WHO if w != "anon"])
def test_only_the_sites_filler_changes_a_value_by_saving(client, cast, who):
    client.force_login(cast.by_role(who))
    for site, report in (("A", cast.report_a), ("B", cast.report_b)):
        report.refresh_from_db()
        client.post(
            f"/reports/{report.pk}/",
            {"v:info.total": "7", "k": "info.total", "lock_version": report.lock_version},
        )
        stored = report.values.filter(key="info.total").first()
        saved = stored is not None and stored.raw == "7"
        assert saved == (role_on(who, site) == "filler"), f"{who} on site {site}"


@pytest.mark.parametrize("who", [w for w in WHO if w != "anon"])
def test_only_supervisors_and_administrators_mark_a_flag_as_checked(client, cast, who):
    from nianbao.web.oversight.models import FlagReview
    from nianbao.web.oversight.views.checks import KIND_LABELS

    client.force_login(cast.by_role(who))
    for site, report in (("A", cast.report_a), ("B", cast.report_b)):
        client.post(
            "/oversight/checks/mark/",
            {
                "report": report.pk,
                "key": "E-TEST:info.total",
                "kind": next(iter(KIND_LABELS)),
                "note": "已电话核实",
            },
        )
        marked = FlagReview.objects.filter(report=report).exists()
        may = who == "admin" or (who == "supervisor" and site == "A")
        assert marked == may, f"{who} on site {site}"
