"""A national-sized, completed congress round for the statistics benchmark (docs/benchmarks.md,
"Statistics of a national round"; benchmarks/statistics.py).

Builds a province tree the way generate_scale does (its shape, paths, people, previous-term
committee seats and bench user, reused from that command), then a top superior's plan over
every organisation below the districts and blocs, and the round as it stands once it is over:
congresses mostly held and ratified, approved personnel plans with their delegates allocated,
the elections (committee, secretary, deputy, delegates; some second rounds, some seats left
vacant) with their candidates and votes, the committee elections' paper ballots keyed by two
operators, the seats elected (some re-elected from the previous committee), emulation works and
awards.

Rows are written straight to the tables with bulk_create, the audit log off, in chunks of
congresses so that memory stays bounded. Deterministic for a given seed (and --prefix).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_round \\
        .venv/bin/python manage.py generate_round [--congresses 5000] [--seed 2025] [--scale small]
"""

import math
import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone

from auditlog.context import disable_auditlog
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import connection, transaction

from branches.management.commands.generate_scale import BENCH_USERNAME, Node, walk
from branches.management.commands.generate_scale import Command as ScaleCommand
from branches.management.demo import DemoCommand
from branches.models import CommitteeSeat, Organization, OrganizationKind, Position, Term
from congress import rules as congress_rules
from congress.models import Congress, ElectedSeat, Plan, PlanScope
from congress.services.plans import plan_create
from elections.models import (
    Ballot, BallotEntry, Candidate, CountingMode, CountingTotals, Election, ElectionKind, ElectionOutcome,
    ElectionState, InvalidReason, OperatorTotals, PersonnelPlan, PersonnelPlanState,
)
from elections.readings import Reader, count_ballots
from reporting.models import Award, AwardCategory, EmulationWork, WorkStatus

PLAN_SUBJECT = "Kế hoạch tổ chức đại hội các tổ chức cơ sở đảng nhiệm kỳ 2025–2030 (đo tải)"
TERM = (2025, 2030)
OPERATOR_USERNAME = "bench_operator"  # the second operator keying the ballots (the first is bench)
# The round as it stands on this day: every congress was due by CONGRESSES_HELD_BY.
AS_OF = date(2025, 10, 1)
PILOTS_HELD_BY = date(2025, 4, 30)
CONGRESSES_HELD_BY = date(2025, 8, 31)
MEMBERS_PER_CONGRESS = 18
CHUNK = 250  # congresses written per round of inserts

BRANCH_KINDS = {OrganizationKind.BRANCH, OrganizationKind.GRASSROOTS_BRANCH}
COMMITTEE_KIND_BY_ORG = {OrganizationKind.GRASSROOTS_COMMITTEE: ElectionKind.EXECUTIVE_COMMITTEE,
                         OrganizationKind.PARTIAL_COMMITTEE: ElectionKind.EXECUTIVE_COMMITTEE}
WORKS = ["Sửa chữa nhà văn hóa", "Làm đường giao thông nông thôn", "Trồng cây xanh", "Xây nhà tình nghĩa",
         "Tặng quà gia đình chính sách", "Số hóa hồ sơ đảng viên", "Vệ sinh môi trường", "Thắp sáng đường quê"]


@dataclass
class Unit:
    """One congress of the plan, planned in Python before anything is written."""

    node: Node
    officials: list  # Member rows of the subtree, official and active as usual (pks set)
    previous: list  # (member pk, position) of the previous term's committee
    congress: Congress
    personnel: PersonnelPlan | None = None
    seats: list = field(default_factory=list)  # (member pk, position, votes)
    elections: list = field(default_factory=list)  # [Election, [Candidate], ballots: [[struck]] | None]


def _aware(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=dt_timezone.utc)


class Command(DemoCommand):
    help = "Generate a national-sized completed congress round (statistics benchmark)."

    def add_arguments(self, parser):
        parser.add_argument("--congresses", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--scale", choices=["national", "small"], default="national",
                            help="small: 60 congresses, for tests (overrides --congresses).")
        parser.add_argument("--prefix", default="Tỉnh Thái Hòa", help='The province, e.g. "Tỉnh Hà Tĩnh".')

    def handle(self, *args, congresses: int, seed: int, scale: str, prefix: str, **options):
        if scale == "small":
            congresses = 60
        if congresses < 20:
            raise CommandError("Give at least 20 congresses.")
        started = time.perf_counter()
        rng = random.Random(seed)
        scale_command = ScaleCommand()
        # Enough organisations that those below the districts and blocs number `congresses`.
        organizations = math.ceil((congresses + 1) * 50 / 49) + 2
        province = prefix.removeprefix("Tỉnh ").removeprefix("tỉnh ").strip() or prefix
        if Organization.objects.filter(depth=1, name=f"Đảng bộ tỉnh {province}").exists():
            raise CommandError(f"Đảng bộ tỉnh {province} already exists: choose another --prefix.")
        top = scale_command._tree(rng, province, organizations)
        scale_command._place(top)
        scale_command._people(rng, top, congresses * MEMBERS_PER_CONGRESS)
        with transaction.atomic(), disable_auditlog():
            scale_command._insert_organizations(top)
            scale_command._insert_members(top)
            previous_seats = scale_command._insert_seats(rng, top)
            scale_command._bench_user(top, "")
        tree_done = time.perf_counter()

        User = get_user_model()
        user = User.objects.get(username=BENCH_USERNAME)
        operator, _created = User.objects.get_or_create(
            username=OPERATOR_USERNAME, defaults={"full_name": "Tổ kiểm phiếu (đo tải)"},
        )
        term, _created = Term.objects.get_or_create(start_year=TERM[0], end_year=TERM[1])
        top_org = Organization.objects.get(pk=top.pk)
        # The plan and its KH document through the service (one row each), the rest directly.
        plan = plan_create(
            acting_user=user, organization=top_org, term=term, subject=PLAN_SUBJECT, scope=[],
            congresses_held_by=CONGRESSES_HELD_BY, pilots_held_by=PILOTS_HELD_BY,
        )
        chosen = [n for n in walk(top) if len(n.path) // Organization.steplen > 2][:congresses]
        units = self._plan_units(rng, top, chosen, plan, user)
        counts = {"congresses": len(units), "previous_seats": previous_seats}
        with transaction.atomic(), disable_auditlog():
            Plan.objects.filter(pk=plan.pk).update(opened_at=_aware(date(2025, 2, 1)))
            PlanScope.objects.bulk_create(
                [PlanScope(plan=plan, organization_id=u.node.pk, is_pilot=u.congress.is_pilot) for u in units],
                batch_size=1000,
            )
            for start in range(0, len(units), CHUNK):
                for key, value in self._write(rng, units[start:start + CHUNK], user, operator).items():
                    counts[key] = counts.get(key, 0) + value
            counts.update(self._emulation(rng, units, plan))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for model in (Organization, CommitteeSeat, Congress, PlanScope, ElectedSeat, PersonnelPlan, Election,
                              Candidate, Ballot, BallotEntry, EmulationWork, Award):
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        done = time.perf_counter()
        held = sum(1 for u in units if u.congress.state in {congress_rules.HELD, congress_rules.RESULTS_REPORTED,
                                                             congress_rules.RATIFIED})
        members = sum(len(n.members) for n in walk(top))
        self.stdout.write(self.style.SUCCESS(
            f"Plan {plan.pk} of {top.name}: {counts['congresses']} congresses ({held} held), {members} members, "
            f"{counts['previous_seats']} previous committee seats, {counts['elected']} elected seats, "
            f"{counts['personnel_plans']} personnel plans, {counts['elections']} elections, "
            f"{counts['candidates']} candidates, {counts['ballots']} ballots, {counts['entries']} ballot entries, "
            f"{counts['works']} emulation works, {counts['awards']} awards."
        ))
        self.stdout.write(f"Timings: tree {tree_done - started:.1f} s, round {done - tree_done:.1f} s, "
                          f"total {done - started:.1f} s.")
        self.counts = {**counts, "held": held, "members": members, "plan": plan.pk}

    # The plan, in Python ------------------------------------------------------------------------

    def _plan_units(self, rng: random.Random, top: Node, chosen: list[Node], plan: Plan, user) -> list[Unit]:
        previous = {}
        for org_id, member_id, position in CommitteeSeat.objects.filter(
            organization__path__startswith=top.path, term__start_year__lt=TERM[0],
        ).order_by("pk").values_list("organization_id", "member_id", "position"):
            # In the order they were written: the draws below follow this order, and the same
            # seed must give the same round on PostgreSQL too, which returns an unordered query's
            # rows in any order.
            previous.setdefault(org_id, []).append((member_id, position))
        units = []
        for index, node in enumerate(chosen):
            officials = [m for n in walk(node) for m in n.members if (m.membership, m.situation) == ("official", "none")]
            pilot = index % 20 == 0
            congress = Congress(
                plan=plan, organization_id=node.pk, ordinal=rng.randint(1, 15), is_pilot=pilot,
                kind=congress_rules.MEMBERS if node.kind in BRANCH_KINDS else congress_rules.DELEGATES,
                venue="Hội trường", **self._state(rng, pilot),
            )
            unit = Unit(node=node, officials=officials, previous=previous.get(node.pk, []), congress=congress)
            if congress.state != congress_rules.ANNULLED and congress.state != congress_rules.PLANNED:
                self._personnel(rng, unit, user)
            if congress.held_on is not None:
                self._results(rng, unit, user)
            units.append(unit)
        return units

    def _state(self, rng: random.Random, pilot: bool) -> dict:
        """Mostly ratified; a few with results not yet ratified or reported, a few that did not
        take place, a few annulled."""
        first = date(2025, 3, 10) if pilot else date(2025, 5, 5)
        last = PILOTS_HELD_BY if pilot else CONGRESSES_HELD_BY
        day = first + timedelta(days=rng.randint(0, (last - first).days))
        draw = rng.random()
        if draw < 0.005:
            return {"state": congress_rules.ANNULLED, "scheduled_on": day,
                    "annulment_reason": "Không bảo đảm quy trình bầu cử"}
        if draw < 0.03:
            return {"state": rng.choice([congress_rules.SUBMITTED, congress_rules.REVIEWED]), "scheduled_on": day}
        received = day + timedelta(days=rng.randint(2, 9))
        if draw < 0.06:
            return {"state": congress_rules.HELD, "scheduled_on": day, "held_on": day}
        if draw < 0.12:
            return {"state": congress_rules.RESULTS_REPORTED, "scheduled_on": day, "held_on": day,
                    "results_received_on": received}
        return {"state": congress_rules.RATIFIED, "scheduled_on": day, "held_on": day, "results_received_on": received,
                "ratified_on": received + timedelta(days=rng.randint(5, 20))}

    def _personnel(self, rng: random.Random, unit: Unit, user) -> None:
        node, officials = unit.node, unit.officials
        committee = congress_rules.elects_committee(node.kind, len(officials))
        if node.kind == OrganizationKind.GRASSROOTS_COMMITTEE:
            size = rng.choice([9, 11, 13, 15])
        elif node.kind == OrganizationKind.PARTIAL_COMMITTEE:
            size = rng.choice([5, 7])
        elif committee:
            size = rng.choice([3, 5, 5, 7, 7])
        else:
            size = 0
        size = min(size, len(officials))
        if committee and size < 1:
            committee = False
        delegates = (rng.randint(8, 20) if node.kind == OrganizationKind.GRASSROOTS_COMMITTEE
                     else rng.randint(1, 4))
        delegates = min(delegates, max(len(officials) - 1, 0))
        decided = unit.congress.scheduled_on - timedelta(days=rng.randint(15, 40))
        unit.personnel = PersonnelPlan(
            revision=1, state=PersonnelPlanState.APPROVED, elects_committee=committee,
            committee_size=size if committee else None, elects_deputy=len(officials) >= 4,
            women_target_percent=15, young_target_percent=10, delegates_allocated=delegates,
            alternates_planned=1 if delegates >= 3 else 0, created_by=user,
            submitted_at=_aware(decided - timedelta(days=7)), decided_by=user, decided_at=_aware(decided),
        )

    def _results(self, rng: random.Random, unit: Unit, user) -> None:
        """The elections of a held congress, their candidates and ballots, and the seats they
        filled: the previous committee's members stand again and two in three win."""
        personnel, officials, held_on = unit.personnel, unit.officials, unit.congress.held_on
        if not officials or personnel is None:
            return
        present = len(officials) if unit.node.kind in BRANCH_KINDS else min(len(officials), rng.randint(40, 90))
        present = max(1, present - rng.randint(0, 2))
        by_pk = {m.pk: m for m in officials}
        previous = [pk for pk, _position in unit.previous if pk in by_pk]
        previous_secretary = next((pk for pk, position in unit.previous if position == Position.SECRETARY
                                   and pk in by_pk), None)
        again = [pk for pk in previous if rng.random() < 0.67]
        others = [m.pk for m in officials if m.pk not in set(again)]
        rng.shuffle(others)
        size = personnel.committee_size if personnel.elects_committee else (2 if personnel.elects_deputy else 1)
        winners = (again + others)[:size]
        if previous_secretary in winners and rng.random() < 0.6:
            winners.remove(previous_secretary)
            winners.insert(0, previous_secretary)
        losers = [pk for pk in others if pk not in winners]
        vacant = personnel.elects_committee and size >= 5 and rng.random() < 0.03
        second_round = personnel.elects_committee and size >= 3 and not vacant and rng.random() < 0.05
        if vacant:
            winners = winners[:-1]
        seats_votes = {}

        def election(kind, seats, elected, beaten, *, ballots=False, round_number=1, previous_round=None,
                     outcome=ElectionOutcome.COMPLETE, hard=()):
            """An election of `seats`; `elected` win, `beaten` (and `hard`: candidates short of
            a majority) do not. With ballots, every voter's paper is generated and the votes are
            counted from it."""
            names = list(elected) + list(beaten) + list(hard)
            rng.shuffle(names)
            chance = {pk: rng.uniform(0.0, 0.3) for pk in elected}
            chance.update({pk: rng.uniform(0.55, 0.9) for pk in beaten})
            chance.update({pk: rng.uniform(0.5, 0.7) for pk in hard})
            papers = None
            if ballots:
                papers = [[i for i, pk in enumerate(names, start=1) if rng.random() < chance[pk]] for _ in range(present)]
                struck = {i: 0 for i in range(1, len(names) + 1)}
                for paper in papers:
                    for i in paper:
                        struck[i] += 1
                votes = {pk: present - struck[i] for i, pk in enumerate(names, start=1)}
            else:
                votes = {pk: present - round(present * chance[pk]) for pk in names}
            for pk in elected:
                votes[pk] = max(votes[pk], present // 2 + 1)
            for pk in hard:
                votes[pk] = min(votes[pk], present // 2)
            row = Election(
                kind=kind, round=round_number, seats=seats, state=ElectionState.CLOSED,
                counting_mode=CountingMode.KEYED if ballots else CountingMode.TOTALS,
                list_votes_for=present, list_votes_against=0, summoned=len(officials), present=present,
                base=present, ballots_issued=present, ballots_returned=present,
                totals_valid=None if ballots else present, totals_invalid=None if ballots else 0,
                outcome=outcome, created_by=user, opened_at=_aware(held_on, 9), closed_at=_aware(held_on, 11),
            )
            row._previous = previous_round
            candidates = [Candidate(member_id=pk, position=i, votes=votes[pk], elected=pk in set(elected),
                                    source="previous_round" if round_number > 1 else "nominee")
                          for i, pk in enumerate(names, start=1)]
            unit.elections.append([row, candidates, papers])
            for pk in elected:
                seats_votes.setdefault(pk, votes[pk])
            return row

        surplus = losers[: max(1, len(winners) // 4)] if personnel.elects_committee else []
        if personnel.elects_committee:
            kind = COMMITTEE_KIND_BY_ORG.get(unit.node.kind, ElectionKind.COMMITTEE)
            if second_round:
                first = election(kind, size, winners[:-1], surplus, ballots=True, hard=[winners[-1]],
                                 outcome=ElectionOutcome.FURTHER_ROUND)
                election(kind, 1, winners[-1:], [], round_number=2, previous_round=first)
            else:
                election(kind, size, winners, surplus, ballots=True,
                         outcome=ElectionOutcome.LEAVE_VACANT if vacant else ElectionOutcome.COMPLETE)
            direct = rng.random() < 0.5
        else:
            direct = True
        if direct and winners:
            election(ElectionKind.SECRETARY, 1, winners[:1], surplus[:1] if rng.random() < 0.2 else [],
                     ballots=not personnel.elects_committee)
        if not personnel.elects_committee and len(winners) > 1:
            election(ElectionKind.DEPUTY_SECRETARY, 1, winners[1:2], [])
        if personnel.delegates_allocated:
            pool = [m.pk for m in officials]
            rng.shuffle(pool)
            wanted = personnel.delegates_allocated
            election(ElectionKind.OFFICIAL_DELEGATES, wanted, pool[:wanted], pool[wanted:wanted + 1])
            if personnel.alternates_planned and len(pool) > wanted + 2:
                election(ElectionKind.ALTERNATE_DELEGATES, 1, pool[wanted + 1:wanted + 2], pool[wanted + 2:wanted + 3])
        for index, pk in enumerate(winners):
            deputies = 2 if size >= 9 else 1
            position = (Position.SECRETARY if index == 0 else Position.DEPUTY_SECRETARY if index <= deputies
                        else Position.MEMBER)
            if not personnel.elects_committee and index == 1:
                position = Position.DEPUTY_SECRETARY
            unit.seats.append((pk, position, seats_votes.get(pk)))

    # The writes ------------------------------------------------------------------------------------

    def _write(self, rng: random.Random, units: list[Unit], user, operator) -> dict[str, int]:
        Congress.objects.bulk_create([u.congress for u in units], batch_size=500)
        if any(u.congress.pk is None for u in units):  # a backend that returns no keys
            pks = dict(Congress.objects.filter(plan=units[0].congress.plan_id).values_list("organization_id", "pk"))
            for u in units:
                u.congress.pk = u.congress.id = pks[u.node.pk]
        plans = []
        for u in units:
            if u.personnel is not None:
                u.personnel.congress_id = u.congress.pk
                plans.append(u.personnel)
        PersonnelPlan.objects.bulk_create(plans, batch_size=1000)
        ElectedSeat.objects.bulk_create(
            [ElectedSeat(congress_id=u.congress.pk, member_id=pk, position=position, votes=votes)
             for u in units for pk, position, votes in u.seats],
            batch_size=2000,
        )
        elections = [item for u in units for item in u.elections]
        for u in units:
            for row, _candidates, _papers in u.elections:
                row.congress_id = u.congress.pk
        # First rounds first: a further round points at its previous round.
        firsts = [e for e in elections if e[0]._previous is None]
        Election.objects.bulk_create([e[0] for e in firsts], batch_size=1000)
        further = [e for e in elections if e[0]._previous is not None]
        for e in further:
            e[0].previous_round_id = e[0]._previous.pk
        Election.objects.bulk_create([e[0] for e in further], batch_size=1000)
        candidates = []
        for row, rows, _papers in elections:
            for candidate in rows:
                candidate.election_id = row.pk
                candidates.append(candidate)
        Candidate.objects.bulk_create(candidates, batch_size=2000)
        ballots, readings = [], []
        for row, _rows, papers in elections:
            for serial, paper in enumerate(papers or [], start=1):
                ballots.append(Ballot(election_id=row.pk, serial=serial))
                readings.append(paper)
        Ballot.objects.bulk_create(ballots, batch_size=2000)
        entries = [BallotEntry(ballot_id=ballot.pk, operator=who, struck=paper)
                   for ballot, paper in zip(ballots, readings) for who in (user, operator)]
        BallotEntry.objects.bulk_create(entries, batch_size=2000)
        # The running totals the counting page reads, counted from the same papers as the
        # keying service would (both operators read each paper alike).
        reasons, totals, operator_totals = list(InvalidReason.objects.all()), [], []
        for row, rows, papers in elections:
            if papers:
                reader = Reader([c.position for c in rows], row.seats, reasons)
                count = count_ballots((serial, [(who.pk, reading) for who in (user, operator)])
                                      for serial, reading in enumerate((reader.read(p, None) for p in papers), 1))
                totals.append(CountingTotals(election_id=row.pk, **count.fields()))
                operator_totals += [OperatorTotals(election_id=row.pk, operator_id=pk, **theirs.fields())
                                    for pk, theirs in count.operators.items()]
        CountingTotals.objects.bulk_create(totals, batch_size=1000)
        OperatorTotals.objects.bulk_create(operator_totals, batch_size=2000)
        for u in units:
            for item in u.elections:
                item[2] = None  # the papers are written: free them
        return {"elected": sum(len(u.seats) for u in units), "personnel_plans": len(plans),
                "elections": len(elections), "candidates": len(candidates), "ballots": len(ballots),
                "entries": len(entries)}

    def _emulation(self, rng: random.Random, units: list[Unit], plan: Plan) -> dict[str, int]:
        """Works registered in honour of the congresses by two in five organisations, and the
        awards the superior gave after the round."""
        works, awards = [], []
        statuses = [WorkStatus.REGISTERED, WorkStatus.IN_PROGRESS, WorkStatus.COMPLETED, WorkStatus.COMPLETED]
        for u in units:
            if rng.random() < 0.4:
                for n in range(rng.randint(1, 3)):
                    registered = date(2025, 2, 1) + timedelta(days=rng.randint(0, 60))
                    status = rng.choice(statuses)
                    works.append(EmulationWork(
                        plan=plan, organization_id=u.node.pk, name=f"{rng.choice(WORKS)} ({n + 1})",
                        owner="Chi đoàn thanh niên", status=status, registered_on=registered,
                        completed_on=registered + timedelta(days=rng.randint(20, 120)) if status == WorkStatus.COMPLETED else None,
                    ))
            chance = 0.3 if u.node.kind == OrganizationKind.GRASSROOTS_COMMITTEE else 0.04
            if u.congress.state == congress_rules.RATIFIED and rng.random() < chance:
                awards.append(Award(
                    plan=plan, organization_id=u.node.pk, title="Giấy khen",
                    category=rng.choice([AwardCategory.CONGRESS, AwardCategory.EMULATION]),
                    reason="Tổ chức đại hội đúng quy trình, bảo đảm chất lượng", awarded_on=date(2025, 9, 15),
                    decision=f"{100 + len(awards)}-QĐ/TU",
                ))
        EmulationWork.objects.bulk_create(works, batch_size=2000)
        Award.objects.bulk_create(awards, batch_size=2000)
        return {"works": len(works), "awards": len(awards)}
