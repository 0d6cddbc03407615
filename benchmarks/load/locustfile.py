"""Locust users for the deadline load test: staff who save and submit their report, and public readers.

Driven by run.py, which passes LOAD_USERS_FILE (staff prepared by setup_data.py) and LOAD_RESULT_FILE
(where every staff member's last confirmed save is written at the end, to be checked in the database).
"""

from __future__ import annotations

import json
import os
import random
import re
import threading

from locust import HttpUser, between, events, task

with open(os.environ["LOAD_USERS_FILE"], encoding="utf-8") as _users:
    _prepared = json.load(_users)
STAFF = _prepared["staff"]
PUBLISHED = _prepared["published"]
RESULTS: dict[str, dict] = {}
_next = iter(range(len(STAFF)))
_lock = threading.Lock()
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="lock_version" value="(\d+)"')
# The item each simulated person keeps changing; its last confirmed value must be in the database at the end.
ITEM = "info.total"


def _token(html: str) -> str:
    match = TOKEN.search(html)
    return match.group(1) if match else ""


class Staff(HttpUser):
    """A website's 填报人 at the deadline: opens the report, saves a few drafts, submits, then looks back."""

    fixed_count = int(os.environ.get("LOAD_STAFF", "200"))
    # A person at the form: reads, types, saves every 10 to 30 seconds.
    wait_time = between(10, 30)

    def on_start(self) -> None:
        with _lock:
            self.me = STAFF[next(_next)]
        self.saves_left = random.randint(3, 6)
        self.value = 1000 + random.randint(0, 1000)
        RESULTS[self.me["username"]] = {"report": self.me["report"], "last_saved": None, "submitted": False}
        page = self.client.get("/login/", name="/login/ [staff]")
        response = self.client.post(
            "/login/",
            {
                "username": self.me["username"],
                "password": self.me["password"],
                "csrfmiddlewaretoken": _token(page.text),
            },
            name="/login/ POST",
            allow_redirects=False,
        )
        if response.status_code != 302:
            response.failure(f"login refused: {response.status_code}")

    @task
    def work(self) -> None:
        path = f"/reports/{self.me['report']}/"
        page = self.client.get(path, name="/reports/[id]/ GET")
        if RESULTS[self.me["username"]]["submitted"]:
            self.client.get(path + "history/", name="/reports/[id]/history/")
            return
        version = VERSION.search(page.text)
        form = {
            "csrfmiddlewaretoken": _token(page.text),
            "lock_version": version.group(1) if version else "",
            "k": ITEM,
            f"v:{ITEM}": str(self.value + 1),
        }
        form.update({f"note:{key}": text for key, text in self.me["notes"].items()})
        submitting = self.saves_left <= 0
        if submitting:
            form["do"] = "submit"
        name = "/reports/[id]/ POST submit" if submitting else "/reports/[id]/ POST save"
        with self.client.post(path, form, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code == 302 and response.headers.get("Location", "").endswith(path):
                self.value += 1
                RESULTS[self.me["username"]]["last_saved"] = str(self.value)
                if submitting:
                    RESULTS[self.me["username"]]["submitted"] = True
                self.saves_left -= 1
            else:
                response.failure(f"{name} answered {response.status_code}")


class PublicReader(HttpUser):
    """A member of the public browsing the central column: the list, a published report, its stylesheet."""

    fixed_count = int(os.environ.get("LOAD_READERS", "500"))
    # A reader spends 10 to 30 seconds on a page before the next.
    wait_time = between(10, 30)

    @task(1)
    def column(self) -> None:
        self.client.get("/public/", name="/public/")

    @task(3)
    def report(self) -> None:
        self.client.get(f"/public/reports/{random.choice(PUBLISHED)}/", name="/public/reports/[id]/")

    @task(1)
    def stylesheet(self) -> None:
        self.client.get("/static/nianbao/app.css", name="/static/ [public]")


@events.test_stop.add_listener
def _write_results(environment, **kwargs) -> None:
    with open(os.environ["LOAD_RESULT_FILE"], "w", encoding="utf-8") as handle:
        json.dump(RESULTS, handle, ensure_ascii=False)
