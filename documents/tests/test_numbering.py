"""Numbers are given at issue, never at drafting: from 01 per issuer, type and term, or along a
sequence the document was given (a congress's), written `Số 29-KH/ĐU` (docs/domain.md §4)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from documents import rules
from documents.models import Document, NumberSequence
from documents.rules import Actor, Move
from documents.services.documents import (
    allocate_number,
    document_create,
    document_issue,
    document_move,
    document_supersede,
)
from documents.tests.factories import FINISHED_BODY, RoleFactory, TermFactory, UserFactory

pytestmark = pytest.mark.usefixtures("english", "no_rendering")

CLERK, LEADER = {Actor.CLERK}, {Actor.LEADER}


# --- Pure rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("number", "text"), [(1, "01"), (9, "09"), (10, "10"), (123, "123")])
def test_number_text_pads_below_ten(number, text):
    assert rules.number_text(number) == text


@pytest.mark.parametrize(
    ("number", "doc_type", "issuer", "expected"),
    [(29, "KH", "ĐU", "29-KH/ĐU"), (1, "NQ", "CB", "01-NQ/CB"), (9, "QĐ", "ĐU", "09-QĐ/ĐU"),
     (10, "TB", "ĐU", "10-TB/ĐU"), (123, "CTr", "ThU", "123-CTr/ThU")],
)
def test_symbol(number, doc_type, issuer, expected):
    assert rules.symbol(number, doc_type, issuer) == expected


@given(st.integers(min_value=1, max_value=10**6))
def test_number_text_reads_back_and_has_two_digits_at_least(number):
    text = rules.number_text(number)
    assert int(text) == number and len(text) == max(2, len(str(number)))


@pytest.mark.parametrize(
    ("date", "expected"),
    [((28, 4, 2022), "Kỳ Trinh, ngày 28 tháng 4 năm 2022"), ((3, 2, 2022), "Kỳ Trinh, ngày 03 tháng 02 năm 2022"),
     ((1, 10, 2025), "Kỳ Trinh, ngày 01 tháng 10 năm 2025"), ((10, 1, 2023), "Kỳ Trinh, ngày 10 tháng 01 năm 2023")],
)
def test_date_line(date, expected):
    assert rules.date_line("Kỳ Trinh", *date) == expected


def test_default_sequence_is_per_issuer_type_and_term():
    keys = {rules.default_sequence_key(i, t, term) for i in (1, 2) for t in ("NQ", "KH") for term in (7, 8)}
    assert len(keys) == 8


# --- Issuing ------------------------------------------------------------------------------------


@pytest.fixture
def term(db):
    return TermFactory(start_year=2022, end_year=2025)


def _issued(issuer, clerk, leader, *, doc_type="NQ", term=None, sequence_key="", document_date=None):
    document = _approved(issuer, clerk, leader, doc_type=doc_type, term=term, sequence_key=sequence_key,
                         document_date=document_date)
    return document_issue(acting_user=clerk, document=document, actors=CLERK)


def _approved(issuer, clerk, leader, *, doc_type="NQ", term=None, sequence_key="", document_date=None):
    fields = {"term": term} if term else {}
    document = document_create(
        acting_user=clerk, issuer=issuer, doc_type=doc_type, subject=f"Văn bản {doc_type}", body=FINISHED_BODY,
        signer_name="Nguyễn Văn An", sequence_key=sequence_key, document_date=document_date, **fields,
    )
    document_move(acting_user=clerk, document=document, move=Move.SUBMIT, actors=CLERK)
    return document_move(acting_user=leader, document=document, move=Move.APPROVE, actors=LEADER)


def test_numbers_count_from_01_per_type(term, branch_a, branch_clerk, superior_leader):
    symbols = [_issued(branch_a, branch_clerk, superior_leader, doc_type=t).symbol for t in ("NQ", "NQ", "KH", "NQ", "KH")]
    assert symbols == ["01-NQ/CB", "02-NQ/CB", "01-KH/CB", "03-NQ/CB", "02-KH/CB"]


def test_numbers_restart_in_a_new_term(term, branch_a, branch_clerk, superior_leader):
    next_term = TermFactory(start_year=2025, end_year=2030)
    _issued(branch_a, branch_clerk, superior_leader, term=term)
    _issued(branch_a, branch_clerk, superior_leader, term=term)
    assert _issued(branch_a, branch_clerk, superior_leader, term=next_term).number == 1


def test_numbers_are_per_issuer(term, superior, branch_a, branch_b, branch_clerk, superior_clerk, superior_leader):
    b_clerk = UserFactory()
    RoleFactory(user=b_clerk, organization=branch_b, kind="clerk")
    _issued(branch_a, branch_clerk, superior_leader)
    assert _issued(branch_b, b_clerk, superior_leader).symbol == "01-NQ/CB"
    assert _issued(branch_a, branch_clerk, superior_leader).symbol == "02-NQ/CB"


def test_a_congress_sequence_is_shared_across_types(term, branch_a, branch_clerk, superior_leader):
    congress = [_issued(branch_a, branch_clerk, superior_leader, doc_type=t, sequence_key="congress:7") for t in ("NQ", "BB", "BC")]
    assert [d.symbol for d in congress] == ["01-NQ/CB", "02-BB/CB", "03-BC/CB"]
    # The branch's own resolutions keep their sequence beside the congress's.
    assert _issued(branch_a, branch_clerk, superior_leader, doc_type="NQ").symbol == "01-NQ/CB"
    assert NumberSequence.objects.get(key="congress:7").last_number == 3


@pytest.mark.parametrize("state", ["draft", "commenting", "submitted", "returned"])
def test_only_an_approved_document_is_issued(term, branch_a, branch_clerk, superior_leader, state):
    document = document_create(acting_user=branch_clerk, issuer=branch_a, doc_type="NQ", subject="Chưa duyệt")
    Document.objects.filter(pk=document.pk).update(state=state)
    with pytest.raises(ValidationError, match="Only an approved document can be issued"):
        document_issue(acting_user=branch_clerk, document=document, actors=CLERK)
    assert Document.objects.get(pk=document.pk).number is None
    assert not NumberSequence.objects.filter(last_number__gt=0).exists()


def test_issuing_twice_gives_one_number(term, branch_a, branch_clerk, superior_leader):
    document = _issued(branch_a, branch_clerk, superior_leader)
    with pytest.raises(ValidationError):
        document_issue(acting_user=branch_clerk, document=document, actors=CLERK)
    assert NumberSequence.objects.get().last_number == 1


def test_a_leader_alone_does_not_issue(term, branch_a, branch_clerk, superior_leader):
    document = _approved(branch_a, branch_clerk, superior_leader)
    with pytest.raises(ValidationError):
        document_issue(acting_user=superior_leader, document=document, actors=LEADER)
    assert Document.objects.get(pk=document.pk).number is None


def test_drafts_have_no_number_at_any_stage(term, branch_a, branch_clerk, superior_leader):
    document = _approved(branch_a, branch_clerk, superior_leader)
    assert (document.number, document.symbol, document.state) == (None, "", "approved")


def test_the_database_refuses_a_number_without_issue_and_an_issue_without_number(term, branch_a, branch_clerk, superior_leader):
    draft = document_create(acting_user=branch_clerk, issuer=branch_a, doc_type="NQ", subject="Nháp")
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=draft.pk).update(number=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=draft.pk).update(state="issued")
    issued = _issued(branch_a, branch_clerk, superior_leader)
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=issued.pk).update(number=None)


def test_the_database_refuses_a_number_twice_in_a_sequence(term, branch_a, branch_clerk, superior_leader):
    first = _issued(branch_a, branch_clerk, superior_leader)
    second = _issued(branch_a, branch_clerk, superior_leader)
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=second.pk).update(number=first.number)


def test_allocating_outside_a_transaction_is_refused(transactional_db):
    with pytest.raises(transaction.TransactionManagementError):
        allocate_number("org:1:type:NQ:term:1")


def test_a_rolled_back_allocation_gives_the_number_back(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        assert allocate_number("congress:1") == 1
        raise RuntimeError
    with transaction.atomic():
        assert allocate_number("congress:1") == 1
        assert allocate_number("congress:1") == 2


def test_a_number_is_not_dated_before_the_previous_one(term, branch_a, branch_clerk, superior_leader):
    _issued(branch_a, branch_clerk, superior_leader, document_date=datetime.date(2022, 4, 28))
    late = _approved(branch_a, branch_clerk, superior_leader, document_date=datetime.date(2022, 4, 27))
    with pytest.raises(ValidationError, match="earlier than 28/04/2022, the date of 01-NQ/CB"):
        document_issue(acting_user=branch_clerk, document=late, actors=CLERK)
    assert Document.objects.get(pk=late.pk).state == "approved"
    same_day = _issued(branch_a, branch_clerk, superior_leader, document_date=datetime.date(2022, 4, 28))
    assert same_day.symbol == "02-NQ/CB"


def test_a_superseding_draft_keeps_a_congress_sequence_but_not_the_default_one(term, branch_a, branch_clerk, superior_leader):
    congress = _issued(branch_a, branch_clerk, superior_leader, sequence_key="congress:7")
    own = _issued(branch_a, branch_clerk, superior_leader)
    assert document_supersede(acting_user=branch_clerk, document=congress).sequence_key == "congress:7"
    assert document_supersede(acting_user=branch_clerk, document=own).sequence_key == ""


@pytest.mark.postgres  # SQLite has no row locks: its IMMEDIATE transactions run one at a time
def test_issuing_does_not_lock_the_issuing_organisation(term, branch_a, branch_clerk, superior_leader):
    document = _approved(branch_a, branch_clerk, superior_leader)
    with CaptureQueriesContext(connection) as queries:
        document_issue(acting_user=branch_clerk, document=document, actors=CLERK)
    # Every audited write also locks the audit chain's head (branches.seals): no organisation's row.
    locking = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"] and '"branches_chainhead"' not in q["sql"]]
    assert locking and all('FOR UPDATE OF "documents_document"' in sql for sql in locking)
