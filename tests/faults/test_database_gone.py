"""PostgreSQL going away in the middle of a write (issue 15, "Fault tests"): the person gets the
503 page, nothing of the write is in the database, and the same request succeeds once the
database is back.

The shared server is not restarted: from a connection of its own, the test forbids new
connections to the test database (ALTER DATABASE ... ALLOW_CONNECTIONS false) and terminates
every other backend of it, which is what the application sees of a restart; then it allows
connections again.
"""

import threading

import psycopg2
import pytest
from auditlog.models import LogEntry
from django.db import connection, connections
from django.db.models.signals import post_save
from django.test import Client
from django.urls import reverse
from psycopg2 import sql

from branches.models import Organization

pytestmark = [pytest.mark.faults, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

NAME = "Chi bộ Khu phố 9"
DATA = {"name": NAME, "kind": "branch", "sector": "other", "short_name": "KP9", "place_name": "Kỳ Trinh"}
WAIT = 30  # seconds; each step takes milliseconds


class Outage:
    """A restart of PostgreSQL as one database sees it, driven from the maintenance database."""

    def __init__(self, settings_dict):
        self.database = settings_dict["NAME"]
        self.admin = psycopg2.connect(
            dbname="postgres", host=settings_dict["HOST"], port=settings_dict["PORT"] or None,
            user=settings_dict["USER"], password=settings_dict["PASSWORD"],
        )
        self.admin.autocommit = True

    def _allow(self, allowed: bool):
        with self.admin.cursor() as cursor:
            cursor.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS {}").format(
                sql.Identifier(self.database), sql.Literal(allowed),
            ))

    def begin(self) -> int:
        """Refuse new connections and drop every open one; how many were dropped."""
        self._allow(False)
        with self.admin.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                [self.database],
            )
            return cursor.fetchone()[0]

    def end(self):
        self._allow(True)

    def close(self):
        self.end()
        self.admin.close()


@pytest.fixture
def outage():
    outage = Outage(connection.settings_dict)
    yield outage
    outage.close()  # whatever happened, the database takes connections again for the teardown


@pytest.fixture
def held_insert():
    """The service stops right after inserting the organisation (and its audit row), inside its
    transaction, until the test lets it go on."""
    reached, release = threading.Event(), threading.Event()

    def hold(sender, instance, created, **kwargs):
        if created and instance.name == NAME:
            reached.set()
            release.wait(WAIT)

    post_save.connect(hold, sender=Organization, dispatch_uid="held_insert")
    yield reached, release
    release.set()
    post_save.disconnect(sender=Organization, dispatch_uid="held_insert")


def _in_a_thread(client, url) -> dict:
    """POST from another thread, which has its own database connection, as a gunicorn worker's
    request has."""
    outcome = {}

    def post():
        try:
            outcome["response"] = client.post(url, DATA)
        except BaseException as error:  # reported by the test, not lost in the thread
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=post)
    thread.start()
    outcome["thread"] = thread
    return outcome


def test_a_write_cut_by_a_restart_answers_503_and_leaves_nothing(superior, superior_clerk, outage, held_insert):
    reached, release = held_insert
    client = Client(raise_request_exception=False)
    client.force_login(superior_clerk)
    url = reverse("organization_create", kwargs={"pk": superior.pk})

    outcome = _in_a_thread(client, url)
    assert reached.wait(WAIT), "the write never reached its insert"
    connection.close()  # the test's own connection is not the request's
    assert outage.begin() >= 1  # the request's connection, in its open transaction
    release.set()
    outcome["thread"].join(WAIT)
    assert "error" not in outcome, outcome.get("error")

    response = outcome["response"]
    assert response.status_code == 503
    html = response.content.decode()
    assert "Cơ sở dữ liệu đang không phản hồi" in html and "không bao giờ lưu dở dang" in html
    assert response["Retry-After"] == "30"

    # While it is down, a new request cannot even read its session: the same page.
    down = client.get(reverse("organization_detail", kwargs={"pk": superior.pk}))
    assert down.status_code == 503

    outage.end()
    assert not Organization.objects.filter(name=NAME).exists()
    assert not LogEntry.objects.filter(object_repr=NAME).exists()
    superior.refresh_from_db()
    assert superior.numchild == 0

    # Back up: the same request succeeds, once.
    again = client.post(url, DATA)
    assert again.status_code == 302
    assert Organization.objects.filter(name=NAME).count() == 1
    assert LogEntry.objects.filter(object_repr=NAME, additional_data__action="branches.organization.created").count() == 1
