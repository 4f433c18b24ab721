"""The demo congress round: built through the services on top of seed_demo, once."""

import io

import pytest
from django.core.management import call_command

from branches.models import CommitteeSeat
from congress.models import Congress, CongressDocumentRole, Plan

pytestmark = pytest.mark.usefixtures("no_rendering")


@pytest.fixture(autouse=True)
def congress_alone():
    """Not alone here: the demo command is wiring and runs the elections app too (personnel
    plans, elections, the dossier's vote-count minutes), so its hooks stay registered."""
    yield


def _run(command: str) -> str:
    out = io.StringIO()
    call_command(command, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_demo_round_covers_every_stage_once(db):
    assert "No demo tree" in _run("seed_demo_congress")
    _run("seed_demo")
    _run("seed_demo_documents")
    assert "Demo congress round loaded: 01-KH/ĐU, 11 congresses." in _run("seed_demo_congress")
    assert "already loaded" in _run("seed_demo_congress")

    plan = Plan.objects.get()
    assert plan.is_open and plan.document.state == "issued" and plan.working_groups.count() == 2
    states = dict(Congress.objects.values_list("organization__name", "state"))
    assert states["Chi bộ Quyền Thượng"] == "ratified"
    assert {"planned", "preparing", "submitted", "reviewed", "held", "results_reported", "ratified"} == set(states.values())

    pilot = Congress.objects.get(is_pilot=True)
    assert pilot.organization.name == "Chi bộ Quyền Thượng" and pilot.debrief.published_at is not None
    documents = {row.role: row.document for row in pilot.documents.select_related("document")}
    # One sequence per congress: the vote-count minutes of its three elections come first
    # (committee, secretary, deputy), then the resolution and the congress's minutes.
    elections = list(pilot.elections.order_by("pk"))
    assert [(e.kind, e.state, e.outcome) for e in elections] == [
        ("committee", "closed", "complete"), ("secretary", "closed", "complete"),
        ("deputy_secretary", "closed", "complete"),
    ]
    assert [e.minutes.symbol for e in elections] == ["01-BB/CB", "02-BB/CB", "03-BB/CB"]
    assert documents[CongressDocumentRole.DRAFT_RESOLUTION].symbol == "04-NQ/CB"
    assert documents[CongressDocumentRole.MINUTES].symbol == "05-BB/CB"
    assert documents[CongressDocumentRole.RATIFICATION].symbol == "01-QĐ/ĐU"
    assert documents[CongressDocumentRole.CONCLUSION_NOTICE].state == "issued"
    seats = CommitteeSeat.objects.filter(organization=pilot.organization, term=plan.term)
    assert sorted(seats.values_list("position", flat=True)) == ["deputy_secretary", "member", "secretary"]
    # The committee is the one the ballot elected.
    elected = set(elections[0].candidates.filter(elected=True).values_list("member_id", flat=True))
    assert set(seats.values_list("member_id", flat=True)) == elected

    # Chi bộ Công an's ballots were keyed twice, one slip corrected; its entry logs are issued.
    police = Congress.objects.get(organization__name="Chi bộ Công an")
    keyed = list(police.elections.order_by("pk"))
    assert {e.counting_mode for e in keyed} == {"keyed"} and all(e.entry_log.state == "issued" for e in keyed)
    assert all(e.entry_log_lines.filter(resolved_disagreement=True).count() == 1 for e in keyed)
    # Every congress from the review on has an approved personnel plan; Hoàng Trinh a draft.
    plans = dict(Congress.objects.filter(personnel_plans__isnull=False).values_list(
        "organization__name", "personnel_plans__state"))
    assert plans["Chi bộ TDP Hoàng Trinh"] == "draft"
    assert {name for name, state in plans.items() if state == "approved"} == {
        name for name, state in states.items() if state not in {"planned", "preparing"}
    }
    # The demo was written through the services: the audit trail and every entry log are whole
    # hash chains, and the printed entry logs end with their chain's last seal.
    assert "All 4 chains are whole." in _run("verify_audit")
    assert "Mã kiểm tra của nhật ký" in keyed[0].entry_log.versions.latest("pk").body
