"""The office's users, for locust (run by benchmarks/load.py, which writes the plan this reads).

Each simulated user is the clerk `bench` in a session of its own, clicking through the pages an
office uses in a congress round (the weights below) with LOAD_THINK seconds between clicks
("1,3": a person; "0,0": no pause, the saturation profile), and now and then writing: a comment
on a document open for comments, or a draft saved as a new version.

With LOAD_LOGIN=1 each user first signs in through the login form (as a person does at the start
of the day, and as a load tester's script does), instead of using a session made beforehand.

Every request carries `X-Request-Start: t=<seconds>`, the header nginx sets when it receives a
request (docs/deploy.md, "nginx"): here the client stamps it as it sends, so the application's
queue guard (config.middleware.QueueGuardMiddleware) sees the same wait as behind nginx.
A 503 is the guard's "busy" page: counted apart from errors ("503" in the failure's name).
"""

import json
import os
import random
import time
from itertools import count

from locust import between, constant, task
from locust.contrib.fasthttp import FastHttpUser

with open(os.environ["LOAD_PLAN"], encoding="utf-8") as plan_file:
    PLAN = json.load(plan_file)
_low, _high = (float(value) for value in os.environ.get("LOAD_THINK", "1,3").split(","))
_sessions = count()
LOGIN = os.environ.get("LOAD_LOGIN") == "1"


class OfficeUser(FastHttpUser):
    wait_time = between(_low, _high) if _high > 0 else constant(0)
    # One connection per user, reopened when gunicorn's sync workers close it.
    connection_timeout = 60.0
    network_timeout = 60.0

    def on_start(self):
        number = next(_sessions)
        self.session_cookie = PLAN["sessions"][number % len(PLAN["sessions"])]
        self.document = PLAN["documents"][number % len(PLAN["documents"])]
        self.edits = 0
        if LOGIN:
            self.login()

    def login(self):
        headers = {"Cookie": f"csrftoken={PLAN['csrf']}", "X-Request-Start": f"t={time.time():.3f}"}
        data = {"username": PLAN["username"], "password": PLAN["password"], "csrfmiddlewaretoken": PLAN["csrf"]}
        with self.client.request("POST", "/accounts/login/", name="Login", headers=headers, data=data,
                                 allow_redirects=False, catch_response=True) as response:
            cookie = next((c.split(";", 1)[0] for c in response.headers.getlist("Set-Cookie")
                           if c.startswith("sessionid=")), None) if response.status_code == 302 else None
            if response.status_code == 503:
                response.failure("503 busy")
            elif cookie is None:
                response.failure(f"HTTP {response.status_code}, not signed in")
            else:
                self.session_cookie = cookie
                response.success()

    def _headers(self) -> dict:
        return {
            "Cookie": f"{self.session_cookie}; csrftoken={PLAN['csrf']}",
            "X-Request-Start": f"t={time.time():.3f}",
        }

    def _send(self, method: str, name: str, path: str, data: dict | None = None):
        headers = self._headers()
        if data is not None:
            headers["X-CSRFToken"] = PLAN["csrf"]
            headers["Referer"] = self.host + path
        with self.client.request(method, path, name=name, headers=headers, data=data,
                                 allow_redirects=False, catch_response=True) as response:
            if response.status_code == 503:
                response.failure("503 busy")
            elif response.status_code >= 400 or response.status_code == 0:
                response.failure(f"HTTP {response.status_code}")
            else:
                response.success()

    def _get(self, name: str):
        self._send("GET", name, PLAN["pages"][name])

    @task(3)
    def home(self):
        self._get("Home")

    @task(3)
    def tree(self):
        self._get(random.choice(["Tree, province", "Tree, district"]))

    @task(3)
    def members(self):
        self._get(random.choice(["Member list, district", "Member list, province", "Member search"]))

    @task(2)
    def congress(self):
        self._get("Congress page")

    @task(2)
    def dashboard(self):
        self._get("Progress dashboard")

    @task(1)
    def results(self):
        self._get("Plan results")

    @task(2)
    def counting(self):
        self._get("Counting page")

    @task(2)
    def document(self):
        self._send("GET", "Document page", f"/documents/{self.document}/")

    @task(1)
    def comment(self):
        self._send("POST", "Write: comment", f"/documents/{self.document}/comments/",
                   {"body": "Đề nghị bổ sung số liệu quý IV.", "paragraph": ""})

    @task(1)
    def save_draft(self):
        self.edits += 1
        body = f"<p>Dự thảo báo cáo, bản sửa {self.edits} của {id(self)}.</p><p>Nội dung chính.</p>"
        self._send("POST", "Write: draft save", f"/documents/{self.document}/edit/",
                   {"body": body, "note": f"Sửa lần {self.edits}"})
