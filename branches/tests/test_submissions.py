"""Every submission counts once (issue 15, item 5: a double click created two members, two
drafts): a create form sent twice with its token creates once, and the second answer goes to
what the first one created (branches.submissions)."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from branches.models import Member, SubmissionToken
from branches.submissions import new_token
from documents.models import Document
from documents.tests.factories import TermFactory

ALREADY = "This form was already saved"


def _member(**overrides):
    return {
        "full_name": "Võ Thị Hồng", "gender": "female", "date_of_birth": "03/02/1985", "ethnicity": "Kinh",
        "joined_on": "19/05/2010", "official_on": "19/05/2011", "membership": "official", "situation": "none",
        "party_card_number": "", "occupation": "", "notes": "", **overrides,
    }


def test_the_member_form_carries_a_fresh_token(clerk_client, branch_a):
    url = reverse("member_create", kwargs={"pk": branch_a.pk})
    first, second = (clerk_client.get(url).content.decode() for _ in range(2))
    assert 'name="submission_token"' in first
    assert first.split('name="submission_token" value="')[1][:32] != second.split('name="submission_token" value="')[1][:32]


def test_a_member_sent_twice_is_created_once(clerk_client, branch_a):
    url = reverse("member_create", kwargs={"pk": branch_a.pk})
    data = _member(submission_token=new_token())
    first = clerk_client.post(url, data)
    member = Member.objects.get(full_name="Võ Thị Hồng")
    assert first.url == reverse("member_detail", kwargs={"pk": member.pk})
    second = clerk_client.post(url, data)
    assert Member.objects.filter(full_name="Võ Thị Hồng").count() == 1
    assert second.status_code == 302 and second.url == first.url
    assert ALREADY in clerk_client.get(second.url).content.decode()
    assert SubmissionToken.objects.get().object_id == member.pk


def test_without_a_token_it_works_as_before(clerk_client, branch_a):
    url = reverse("member_create", kwargs={"pk": branch_a.pk})
    clerk_client.post(url, _member())
    clerk_client.post(url, _member(submission_token="not-one-of-ours"))
    assert Member.objects.filter(full_name="Võ Thị Hồng").count() == 2
    assert not SubmissionToken.objects.exists()


def test_a_refused_submission_records_nothing_and_can_be_corrected(clerk_client, branch_a):
    url = reverse("member_create", kwargs={"pk": branch_a.pk})
    token = new_token()
    refused = clerk_client.post(url, _member(submission_token=token, date_of_birth="31/02/1985"))
    assert refused.status_code == 200 and not SubmissionToken.objects.exists()
    corrected = clerk_client.post(url, _member(submission_token=token))
    assert corrected.status_code == 302 and Member.objects.filter(full_name="Võ Thị Hồng").count() == 1


def test_another_users_token_creates_nothing_and_shows_nothing(clerk_client, en, branch_a, branch_clerk):
    url = reverse("member_create", kwargs={"pk": branch_a.pk})
    data = _member(submission_token=new_token())
    clerk_client.post(url, data)
    other = Client()
    other.force_login(branch_clerk)
    answer = other.post(url, data)
    assert answer.status_code == 302 and answer.url == url
    assert Member.objects.filter(full_name="Võ Thị Hồng").count() == 1


def test_tokens_older_than_a_day_are_purged_as_new_ones_are_recorded(clerk_client, branch_a):
    url = reverse("member_create", kwargs={"pk": branch_a.pk})
    clerk_client.post(url, _member(submission_token=new_token()))
    SubmissionToken.objects.update(created_at=timezone.now() - timedelta(days=2))
    clerk_client.post(url, _member(full_name="Lê Văn Tám", submission_token=new_token()))
    assert SubmissionToken.objects.count() == 1


@pytest.fixture
def term(db):
    return TermFactory(start_year=2022, end_year=2025)


def test_a_draft_sent_twice_is_created_once(en, branch_a, branch_clerk, term):
    en.force_login(branch_clerk)
    url = reverse("document_create", kwargs={"pk": branch_a.pk})
    assert 'name="submission_token"' in en.get(url).content.decode()
    data = {"doc_type": "NQ", "subject": "Nghị quyết Đại hội Chi bộ", "term": term.pk, "submission_token": new_token()}
    first = en.post(url, data)
    second = en.post(url, data)
    document = Document.objects.get()
    assert first.url == second.url == reverse("document_edit", kwargs={"pk": document.pk})
    assert ALREADY in en.get(second.url).content.decode()


@pytest.mark.postgres
@pytest.mark.parametrize("what", ["member", "draft"])
def test_a_double_click_on_postgresql_creates_once(transactional_db, branch_a, branch_clerk, what):
    """Two requests with the same token at the same moment, each on its own connection: both pass
    the first look, the second's token row waits for the first's commit, then is refused."""
    term = TermFactory(start_year=2022, end_year=2025)
    token = new_token()
    if what == "member":
        url, data, rows = reverse("member_create", kwargs={"pk": branch_a.pk}), _member(submission_token=token), Member.objects
    else:
        url = reverse("document_create", kwargs={"pk": branch_a.pk})
        data = {"doc_type": "NQ", "subject": "Nghị quyết", "term": term.pk, "submission_token": token}
        rows = Document.objects
    barrier = threading.Barrier(2)
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(branch_clerk)
        clients.append(client)

    import branches.submissions as submissions
    created_before = submissions._created_before

    def look_then_wait(*args):
        found = created_before(*args)
        if found is False and barrier.n_waiting < 2 and not barrier.broken:
            try:
                barrier.wait(timeout=5)
            except threading.BrokenBarrierError:
                pass
        return found

    def post(client):
        try:
            return client.post(url, data)
        finally:
            connections.close_all()

    submissions._created_before = look_then_wait
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            answers = list(pool.map(post, clients))
    finally:
        submissions._created_before = created_before
    assert [answer.status_code for answer in answers] == [302, 302]
    assert answers[0].url == answers[1].url
    assert rows.count() == 1
    assert SubmissionToken.objects.count() == 1
