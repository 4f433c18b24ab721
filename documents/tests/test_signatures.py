"""Who signs (docs/documents.md "Signatures"; decision D60): every issued document prints its
signer's name; a new document is signed by its organisation's secretary as recorded; a
committee's own document by the leader who approves it."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from branches.tests.factories import CommitteeSeatFactory, MemberFactory, RoleFactory, TermFactory, UserFactory
from documents.rules import Actor, Move
from documents.services.documents import document_create, document_issue, document_move, document_update
from documents.signatures import leader_signature, secretary_name
from documents.tests.factories import FINISHED_BODY

CLERK, LEADER = {Actor.CLERK}, {Actor.LEADER}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def terms(db):
    return TermFactory(start_year=2020, end_year=2025), TermFactory(start_year=2025, end_year=2030)


def _secretary(organization, term, name):
    member = MemberFactory(organization=organization, full_name=name)
    return CommitteeSeatFactory(organization=organization, term=term, member=member, position="secretary")


def test_the_secretary_of_the_term_signs_else_the_outgoing_one(branch_a, terms):
    old, new = terms
    assert secretary_name(branch_a, new) == ""
    _secretary(branch_a, old, "Nguyễn Văn Cũ")
    assert secretary_name(branch_a, new) == "Nguyễn Văn Cũ"  # before the congress, the outgoing one
    _secretary(branch_a, new, "Trần Thị Mới")
    assert secretary_name(branch_a, new) == "Trần Thị Mới"
    assert secretary_name(branch_a, old) == "Nguyễn Văn Cũ"


def test_a_new_document_is_signed_by_its_secretary(branch_a, branch_clerk, terms):
    _secretary(branch_a, terms[1], "Trần Thị Mới")
    document = document_create(acting_user=branch_clerk, issuer=branch_a, doc_type="NQ", subject="Về công tác", term=terms[1])
    assert (document.signing_mode, document.signer_position, document.signer_name) == ("T/M", "BÍ THƯ", "Trần Thị Mới")
    named = document_create(
        acting_user=branch_clerk, issuer=branch_a, doc_type="NQ", subject="Khác", term=terms[1], signer_name="Lê Văn Ký",
    )
    assert named.signer_name == "Lê Văn Ký"


def test_nothing_is_issued_without_a_signers_name(branch_a, branch_clerk, superior_leader, terms):
    document = document_create(
        acting_user=branch_clerk, issuer=branch_a, doc_type="NQ", subject="Về công tác", term=terms[1], body=FINISHED_BODY,
    )
    assert document.signer_name == ""
    document_move(acting_user=branch_clerk, document=document, move=Move.SUBMIT, actors=CLERK)
    document_move(acting_user=superior_leader, document=document, move=Move.APPROVE, actors=LEADER)
    with pytest.raises(ValidationError, match="write the signer's name"):
        document_issue(acting_user=branch_clerk, document=document, actors=CLERK)
    document.refresh_from_db()
    assert document.state == "approved" and document.number is None


def test_a_committees_own_document_is_signed_by_the_leader_who_approves_it(superior, superior_clerk, terms):
    leader = UserFactory(full_name="Nguyễn Văn Trung", signing_position="Phó Bí thư")
    RoleFactory(user=leader, organization=superior, kind="leader")
    document = document_create(
        acting_user=superior_clerk, issuer=superior, doc_type="TB", subject="Kết luận", term=terms[1],
        body=FINISHED_BODY, approved_by_issuer=True,
    )
    document_move(acting_user=superior_clerk, document=document, move=Move.SUBMIT, actors=CLERK)
    document = document_move(acting_user=leader, document=document, move=Move.APPROVE, actors=LEADER)
    assert (document.signer_name, document.signer_position) == ("Nguyễn Văn Trung", "PHÓ BÍ THƯ")
    issued = document_issue(acting_user=superior_clerk, document=document, actors=CLERK)
    assert issued.state == "issued" and issued.signer_name == "Nguyễn Văn Trung"


def test_a_name_already_written_is_kept_at_approval(superior, superior_clerk, superior_leader, terms):
    document = document_create(
        acting_user=superior_clerk, issuer=superior, doc_type="TB", subject="Kết luận", term=terms[1],
        body=FINISHED_BODY, approved_by_issuer=True,
    )
    document_update(acting_user=superior_clerk, document=document, signer_name="Võ Văn Hải")
    document_move(acting_user=superior_clerk, document=document, move=Move.SUBMIT, actors=CLERK)
    document = document_move(acting_user=superior_leader, document=document, move=Move.APPROVE, actors=LEADER)
    assert document.signer_name == "Võ Văn Hải"


def test_a_leaders_signature_without_a_position_leaves_it_empty(db):
    user = UserFactory(full_name="  Lê   Thị Hoa ", signing_position="")
    assert leader_signature(user) == {"signer_name": "Lê Thị Hoa", "signer_position": ""}
    nameless = UserFactory(full_name="", username="lanhdao2")
    assert leader_signature(nameless)["signer_name"] == "lanhdao2"
