import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from documents.models import Decision, Document, NumberSequence, RenderJob
from documents.rules import Actor, Move
from documents.services.documents import (
    document_create,
    document_issue,
    document_move,
    document_save_body,
    document_supersede,
    document_update,
)
from documents.tests.factories import FINISHED_BODY, TermFactory

pytestmark = pytest.mark.usefixtures("english", "no_rendering")

CLERK, LEADER = {Actor.CLERK}, {Actor.LEADER}


@pytest.fixture
def draft(branch_a, branch_clerk):
    TermFactory(start_year=2022, end_year=2025)
    return document_create(
        acting_user=branch_clerk, issuer=branch_a, doc_type="NQ", subject="Nghị quyết Đại hội",
        body="<p onclick='x()'>Một <script>alert(1)</script><b>hai</b></p>", signer_name="Nguyễn Văn An",
    )


def _approved(document, clerk, leader):
    document_move(acting_user=clerk, document=document, move=Move.SUBMIT, actors=CLERK)
    return document_move(acting_user=leader, document=document, move=Move.APPROVE, actors=LEADER)


def test_create_makes_a_sanitised_first_version_and_defaults_from_the_issuer(draft, branch_a):
    version = draft.versions.get()
    assert version.number == 1
    assert version.body == "<p>Một <b>hai</b></p>"
    assert (draft.place, draft.signing_body, draft.signer_position) == (branch_a.place_name, "CHI BỘ", "BÍ THƯ")
    assert draft.number is None and draft.symbol == ""
    assert LogEntry.objects.filter(additional_data__action="documents.document.created").exists()


def test_saving_a_changed_body_makes_the_next_version_and_an_unchanged_one_nothing(draft, branch_clerk):
    second = document_save_body(acting_user=branch_clerk, document=draft, body="<p>Khác</p>", note="sửa")
    assert (second.number, second.note, second.author) == (2, "sửa", branch_clerk)
    assert document_save_body(acting_user=branch_clerk, document=draft, body="<p>Khác</p>") is None
    assert draft.versions.count() == 2


def test_returning_needs_a_comment_and_records_the_decision(draft, branch_clerk, superior_leader):
    document_move(acting_user=branch_clerk, document=draft, move=Move.SUBMIT, actors=CLERK)
    with pytest.raises(ValidationError):
        document_move(acting_user=superior_leader, document=draft, move=Move.RETURN, actors=LEADER, comment=" ")
    document_move(acting_user=superior_leader, document=draft, move=Move.RETURN, actors=LEADER, comment="Bổ sung số liệu")
    assert Document.objects.get(pk=draft.pk).state == "returned"
    decision = Decision.objects.get()
    assert (decision.kind, decision.comment, decision.version.number) == ("returned", "Bổ sung số liệu", 1)


def test_a_submitted_body_cannot_change(draft, branch_clerk):
    document_move(acting_user=branch_clerk, document=draft, move=Move.SUBMIT, actors=CLERK)
    with pytest.raises(ValidationError):
        document_save_body(acting_user=branch_clerk, document=draft, body="<p>Lén sửa</p>")
    with pytest.raises(ValidationError):
        document_update(acting_user=branch_clerk, document=draft, subject="Đổi")


def test_issuing_numbers_dates_freezes_and_asks_for_the_pdf(
    draft, branch_clerk, superior_leader, no_rendering, django_capture_on_commit_callbacks
):
    _approved(draft, branch_clerk, superior_leader)
    with django_capture_on_commit_callbacks(execute=True):
        issued = document_issue(acting_user=branch_clerk, document=draft, actors=CLERK)
        assert no_rendering == []  # not before the transaction commits
    assert (issued.state, issued.number, issued.symbol) == ("issued", 1, "01-NQ/CB")
    assert issued.document_date is not None and issued.issued_by == branch_clerk
    job = RenderJob.objects.get(version__document=issued)
    assert job.issued and job.state == "queued"
    assert no_rendering == [job.pk]
    with pytest.raises(ValidationError):
        document_save_body(acting_user=branch_clerk, document=issued, body="<p>Sau khi ban hành</p>")
    with pytest.raises(ValidationError):
        document_move(acting_user=branch_clerk, document=issued, move=Move.SUBMIT, actors=CLERK)


def test_a_failed_issue_gives_its_number_back(draft, branch_clerk, superior_leader, branch_a, monkeypatch):
    _approved(draft, branch_clerk, superior_leader)
    monkeypatch.setattr("documents.services.documents.render_request", _boom)
    with pytest.raises(RuntimeError):
        document_issue(acting_user=branch_clerk, document=draft, actors=CLERK)
    assert Document.objects.get(pk=draft.pk).number is None
    assert not NumberSequence.objects.filter(last_number__gt=0).exists()


def _boom(**_):
    raise RuntimeError("disk full")


def test_superseding_starts_a_linked_draft_with_the_same_body(draft, branch_clerk, superior_leader):
    _approved(draft, branch_clerk, superior_leader)
    issued = document_issue(acting_user=branch_clerk, document=draft, actors=CLERK)
    new = document_supersede(acting_user=branch_clerk, document=issued)
    assert (new.state, new.supersedes, new.number) == ("draft", issued, None)
    assert new.versions.get().body == issued.versions.get().body
    with pytest.raises(ValidationError):
        document_supersede(acting_user=branch_clerk, document=new)


def test_an_inactive_organisation_issues_nothing(branch_a, branch_clerk):
    from branches.models import Organization

    TermFactory()
    Organization.objects.filter(pk=branch_a.pk).update(is_active=False)
    with pytest.raises(ValidationError):
        document_create(acting_user=branch_clerk, issuer=Organization.objects.get(pk=branch_a.pk), doc_type="NQ", subject="x")


def test_a_committees_own_documents_are_approved_by_its_own_leaders(db, rf):
    """A plan, notice or decision of a committee is signed by its own leaders; its other documents
    go to its superior's."""
    from branches.tests.factories import OrganizationFactory, RoleFactory, UserFactory
    from documents.access import actors_on

    TermFactory(start_year=2022, end_year=2025)
    district = OrganizationFactory(name="Đảng bộ thị xã Kỳ Anh", kind="superior", short_name="ThU")
    ward = OrganizationFactory(parent=district, name="Đảng bộ phường Kỳ Trinh", kind="grassroots_committee")
    clerk, leader = UserFactory(), UserFactory()
    RoleFactory(user=clerk, organization=ward, kind="clerk")
    RoleFactory(user=leader, organization=ward, kind="leader")
    own = document_create(
        acting_user=clerk, issuer=ward, doc_type="TB", subject="Thông báo", approved_by_issuer=True, body=FINISHED_BODY,
    )
    report = document_create(acting_user=clerk, issuer=ward, doc_type="BC", subject="Báo cáo")
    request = rf.get("/")
    request.user = leader
    assert actors_on(request, own) == {Actor.LEADER}
    assert actors_on(request, report) == set()
    issued = document_issue(acting_user=clerk, document=_approved(own, clerk, leader), actors=CLERK)
    assert document_supersede(acting_user=clerk, document=issued).approved_by_issuer
