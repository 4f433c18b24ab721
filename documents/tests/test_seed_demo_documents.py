import io

import pytest
from django.core.management import call_command

from branches.models import Role
from documents.models import Comment, Document, DocumentTemplate
from documents.services.templates import templates_for
from documents.tests.factories import OrganizationFactory, RoleFactory, UserFactory


def _run() -> str:
    out = io.StringIO()
    call_command("seed_demo_documents", stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def demo_tree(db):
    """The part of seed_demo's tree and users this command uses."""
    town = OrganizationFactory(name="Đảng bộ thị xã Kỳ Anh", kind="superior", short_name="ThU", place_name="Kỳ Anh")
    ward = OrganizationFactory(parent=town, name="Đảng bộ phường Kỳ Trinh", kind="grassroots_committee", short_name="ĐU")
    branch = OrganizationFactory(parent=ward, name="Chi bộ TDP Hoàng Trinh", kind="branch")
    for username, organization, kind in [("vanphong", ward, "clerk"), ("lanhdao", ward, "leader"), ("chibo", branch, "clerk")]:
        RoleFactory(user=UserFactory(username=username), organization=organization, kind=kind)
    return town, ward, branch


@pytest.fixture
def failing_renders(monkeypatch):
    """The PDF render fails once the issue has committed, as a broken renderer would."""
    def fail(job_id):
        raise RuntimeError("no fonts")

    monkeypatch.setattr("documents.services.renders._enqueue", fail)


def test_loads_templates_issued_documents_and_a_draft_with_a_comment(transactional_db, demo_tree, failing_renders):
    """On a real commit (transactional_db), so that the failing render really runs."""
    town, ward, branch = demo_tree
    output = _run()
    assert "Demo documents loaded" in output and "lanhdaothixa" in output
    assert Role.objects.filter(user__username="lanhdaothixa", organization=town, kind="leader").exists()

    issued = Document.objects.filter(issuer=ward, state="issued").order_by("doc_type")
    assert [(d.symbol, f"{d.document_date:%d/%m/%Y}") for d in issued] == [("01-KH/ĐU", "28/04/2022"), ("01-TB/ĐU", "05/05/2022")]
    assert issued[0].issued_by.username == "vanphong" and issued[0].decisions.get().decided_by.username == "lanhdaothixa"

    resolution = DocumentTemplate.objects.get(name="Nghị quyết Đại hội chi bộ")
    assert resolution.is_published and resolution.owner == ward and "{{ term }}" in resolution.body
    assert not DocumentTemplate.objects.get(name="Báo cáo chính trị").is_published
    assert list(templates_for(branch)) == [resolution]

    draft = Document.objects.get(issuer=branch)
    assert (draft.state, draft.doc_type, draft.number, str(draft.term)) == ("commenting", "NQ", None, "2022–2025")
    assert draft.subject == "Đại hội Chi bộ TDP Hoàng Trinh nhiệm kỳ 2022–2025"
    assert "đề nghị Đảng bộ phường Kỳ Trinh chuẩn y" in draft.versions.get().body
    comment = Comment.objects.get()
    assert comment.version.document == draft and comment.author.username == "lanhdao"


def test_a_render_that_fails_is_reported_not_fatal(transactional_db, demo_tree, failing_renders):
    err = io.StringIO()
    call_command("seed_demo_documents", stdout=io.StringIO(), stderr=err)
    assert "could not be rendered now: no fonts" in err.getvalue()
    assert Document.objects.filter(state="issued").count() == 2


def test_runs_once(demo_tree, monkeypatch):
    monkeypatch.setattr("documents.services.renders._enqueue", lambda job_id: None)
    _run()
    counts = (Document.objects.count(), DocumentTemplate.objects.count(), Comment.objects.count(), Role.objects.count())
    assert "already loaded" in _run()
    assert (Document.objects.count(), DocumentTemplate.objects.count(), Comment.objects.count(), Role.objects.count()) == counts


def test_without_the_demo_tree_it_does_nothing(db):
    assert "run seed_demo first" in _run()
    assert not Document.objects.exists() and not DocumentTemplate.objects.exists()
