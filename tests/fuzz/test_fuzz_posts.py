"""Every form of the project, fuzzed (issue 15, "A reliability suite"): for each URL of the
permission matrix that takes a POST, the object is put in the state where its form is live, a
user allowed to post there signs in, and hypothesis posts generated values to the fields the
view reads. No answer may be a 500 and no exception may escape the view; and each URL must be
reached: at least one post re-renders the form (200) or is accepted (a redirect that reports
no error), so a wrong state or a wrong user (403/404, or "not in this state") fails the test.

Run alone: `.venv/bin/pytest tests/fuzz -p no:randomly` (HYPOTHESIS_PROFILE=fuzz-dev explores
more). docs/architecture.md "The fuzz test" says how to add a state for a new POST URL.
"""

import os

import pytest
from django.contrib.messages import constants
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings

from .payloads import encoded, payloads
from .probe import reading
from .states import POST_URLS, STATES, World

settings.register_profile(
    "fuzz", max_examples=10, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "fuzz-dev", max_examples=60, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("fuzz-quick", parent=settings.get_profile("fuzz"), max_examples=2)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE_FUZZ", "fuzz")


def test_every_post_url_has_a_live_state():
    missing = sorted(set(POST_URLS) - set(STATES))
    assert not missing, f"Build the state where these forms are live in tests/fuzz/states.py: {missing}"
    assert set(STATES) <= set(POST_URLS), "tests/fuzz/states.py names URLs that no longer take a POST"


def _errors_reported(response) -> list[str]:
    # A warning is an answer of the form ("not admitted: too few votes"), not a refusal.
    storage = getattr(response.wsgi_request, "_messages", None)
    return [str(m) for m in getattr(storage, "_queued_messages", []) if m.level >= constants.ERROR]


def _reached(response) -> bool:
    """The form was live: re-rendered (with or without errors) or accepted without an error."""
    if response.status_code == 200:
        return True
    return response.status_code in {301, 302, 303} and not _errors_reported(response)


def _post(client, url, payload):
    """One post in a savepoint rolled back after it: every example starts from the same state.
    (A savepoint, not atomic(): services open durable transactions, which refuse to nest in
    anything but the test's own.)"""
    savepoint = transaction.savepoint_create()
    try:
        return client.post(url, encoded(payload))
    finally:
        transaction.savepoint_rollback(savepoint)


@pytest.mark.parametrize("name", sorted(STATES))
def test_posting_anything_never_answers_500(name, en, monkeypatch, media, world: World):
    client = en
    live = STATES[name](world)
    client.force_login(live.user)
    url = reverse(name, kwargs={"pk": live.target.pk})
    if live.through_client:
        live.valid = {**live.valid, **live.through_client(client)}
    with reading(monkeypatch) as read:
        first = _post(client, url, {})
        valid = _post(client, url, live.valid)
        _post(client, url, {**live.valid, **{key: "" for key in live.valid}})
    fields = {name: None for name in read} | live.valid
    outcomes = [first, valid]
    assert all(r.status_code < 500 for r in outcomes)
    reached = [_reached(valid)]

    @settings(settings.get_profile(PROFILE))
    @given(payload=payloads(fields))
    @example(payload=live.valid)
    def post(payload):
        response = _post(client, url, payload)
        assert response.status_code < 500, (response.status_code, payload)
        reached.append(_reached(response))

    post()
    assert any(reached), (
        f"{name} was never reached as {live.user.username}: "
        f"{valid.status_code} {_errors_reported(valid)}; put its object in the state where its form is live"
    )
