"""What the personnel plan's page reads: the nominees with the facts leaders look at, derived
from the members and the committees (never typed), and the structure indicators."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import CommitteeSeat, Member, Position, Term
from branches.text import format_percent, whole_number
from congress.models import Congress
from congress.rules import standing_refusal
from congress.services.results import refusal_label

from .. import rules
from ..models import NominationVote, Nominee, NomineeRole, PersonnelPlan
from ..services.elections import term_allows_three_seat_extra
from ..services.personnel import SECRETARIES


def plan_date(congress: Congress) -> datetime.date:
    """The day ages and years in the Party are counted on: the congress date, else today."""
    return congress.scheduled_on or timezone.localdate()


def years_between(start: datetime.date, end: datetime.date) -> int:
    """Whole years from `start` to `end` (an age on a day)."""
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def previous_term(organization, term: Term) -> Term | None:
    """The outgoing committee's term: the latest term before `term` in which `organization` had a
    committee. Not simply the term before: organisations' terms differ (one branch's 2019–2022,
    another's 2020–2022 or 2022–2025)."""
    return (
        Term.objects.filter(start_year__lt=term.start_year, committee_seats__organization=organization)
        .order_by("-start_year", "-end_year").distinct().first()
    )


@dataclass(frozen=True)
class NomineeFacts:
    nominee: Nominee
    member: Member
    age: int
    is_woman: bool
    is_young: bool
    ethnicity: str
    party_years: int
    current_seat: str  # the seat held in the previous term's committee, "" for none
    re_elected: bool
    problem: str | None  # why the person could not stand now (status changed since)


@dataclass(frozen=True)
class Indicator:
    label: str
    count: int
    total: int
    target: int  # percent
    met: bool

    @property
    def share(self) -> str:
        return format_percent(self.count, self.total)

    @property
    def text(self) -> str:
        return _("%(label)s: %(count)s/%(total)s (%(share)s) — target ≥ %(target)s%%") % {
            "label": self.label, "count": self.count, "total": self.total, "share": self.share, "target": self.target,
        }


def nominee_facts(plan: PersonnelPlan, nominees: list[Nominee]) -> list[NomineeFacts]:
    congress = plan.congress
    day = plan_date(congress)
    previous = previous_term(congress.organization, congress.plan.term)
    seats: dict[int, str] = {}
    if previous is not None and nominees:
        seats = dict(
            CommitteeSeat.objects.filter(
                organization=congress.organization, term=previous, member__in={n.member_id for n in nominees},
            ).values_list("member_id", "position")
        )
    facts = []
    for nominee in nominees:
        member = nominee.member
        age = years_between(member.date_of_birth, day)
        seat = seats.get(member.pk)
        problem = None
        refusal = standing_refusal(member.membership, member.situation)
        if refusal:
            problem = _("%(status)s: may not stand for election.") % {"status": refusal_label(refusal)}
        facts.append(NomineeFacts(
            nominee=nominee, member=member, age=age, is_woman=member.gender == "female",
            is_young=age < plan.young_age_limit, ethnicity=member.ethnicity,
            party_years=years_between(member.joined_on, day), current_seat=Position(seat).label if seat else "",
            re_elected=seat is not None, problem=problem,
        ))
    return facts


def structure_group(plan: PersonnelPlan, facts: list[NomineeFacts]) -> list[NomineeFacts]:
    """Whom the structure targets measure: the committee nominees, or the secretary and deputy
    nominees where no committee is elected (each person once)."""
    roles = {NomineeRole.COMMITTEE} if plan.elects_committee else SECRETARIES
    seen, group = set(), []
    for fact in facts:
        if fact.nominee.role in roles and fact.member.pk not in seen:
            seen.add(fact.member.pk)
            group.append(fact)
    return group


def indicators(plan: PersonnelPlan, facts: list[NomineeFacts]) -> list[Indicator]:
    """Live structure indicators (women, young cadres, new members) against the plan's
    targets: shown, never blocking."""
    group = structure_group(plan, facts)
    total = len(group)

    def indicator(label, count, target):
        met = total > 0 and count * 100 >= target * total if target else True
        return Indicator(label=label, count=count, total=total, target=target, met=met)

    return [
        indicator(_("Women"), sum(f.is_woman for f in group), plan.women_target_percent),
        indicator(_("Young cadres (under %(age)s)") % {"age": plan.young_age_limit}, sum(f.is_young for f in group),
                  plan.young_target_percent),
        indicator(_("New to the committee"), sum(not f.re_elected for f in group), plan.new_target_percent),
    ]


def warnings(plan: PersonnelPlan, facts: list[NomineeFacts], official_members: int) -> list[str]:
    """What looks wrong, shown on the plan's page: a committee the members counted refuse
    (refused again on submission), the 190-QĐ/TW own-list surplus, the surplus limit and the
    doubtful 3-seat list under 244-QĐ/TW the term allows."""
    congress = plan.congress
    kind = congress.organization.kind
    found = []
    # A committee under 9 official members is refused when the plan is changed, submitted or
    # approved (services.personnel); said here too when the members changed since it was drafted.
    refusal = rules.committee_refusal(kind, official_members, plan.elects_committee)
    if refusal:
        found.append(refusal)
    committee = sum(1 for f in facts if f.nominee.role == NomineeRole.COMMITTEE)
    if plan.elects_committee and plan.committee_size:
        regulation = congress.plan.term.regulation
        if regulation in rules.SURPLUS_RULES:
            if committee:
                warning = rules.own_list_warning(plan.committee_size, committee, regulation)
                if warning:
                    found.append(warning)
            if committee >= plan.committee_size:
                extra = term_allows_three_seat_extra(congress.plan.term)
                problem = rules.surplus_problem(
                    rules.committee_kind(kind), plan.committee_size, committee, regulation, three_seat_extra=extra,
                )
                if problem:
                    found.append(problem)
                elif extra:
                    warning = rules.surplus_warning(rules.committee_kind(kind), plan.committee_size, committee, regulation)
                    if warning:
                        found.append(warning)
    found += [f"{f.member.full_name}: {f.problem}" for f in facts if f.problem]
    return found


def plan_page(plan: PersonnelPlan) -> dict:
    """The nominees with their facts, by role, the indicators, the steps."""
    nominees = list(plan.nominees.select_related("member", "member__organization"))
    facts = nominee_facts(plan, nominees)
    steps: list[NominationVote] = list(plan.steps.all())
    return {"facts": facts, "indicators": indicators(plan, facts), "steps": steps, "nominees": nominees}


@dataclass(frozen=True)
class HistoryRow:
    entry: object  # the LogEntry
    lines: list[tuple[str, str, str]]  # (field label, old, new)


def history_rows(entries) -> list[HistoryRow]:
    """The plan's audit rows with their changes in words, naming people with one query for all
    rows (auditlog's own display reads each related row one by one)."""
    from django.contrib.auth import get_user_model
    from django.utils.text import capfirst

    entries = list(entries)
    ids: dict[str, set[int]] = {"member": set(), "decided_by": set()}
    for entry in entries:
        for field, values in entry.changes_dict.items():
            if field in ids:
                ids[field].update(n for v in values if (n := whole_number(v)) is not None)
    names = {
        "member": dict(Member.objects.filter(pk__in=ids["member"]).values_list("pk", "full_name")),
        "decided_by": {u.pk: str(u) for u in get_user_model().objects.filter(pk__in=ids["decided_by"])},
    }
    choices = {"role": dict(NomineeRole.choices), "state": dict(PersonnelPlan._meta.get_field("state").choices)}

    def shown(field, value) -> str:
        text = str(value)
        if text in {"None", ""}:
            return ""
        if field in names and whole_number(text) is not None:
            return names[field].get(int(text), text)
        if field in choices:
            return str(choices[field].get(text, text))
        return {"True": _("yes"), "False": _("no")}.get(text, text)

    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        lines = []
        for field, values in entry.changes_dict.items():
            if field in {"personnel_plan", "congress"}:
                continue  # the page is the plan's
            old, new = (shown(field, v) for v in (list(values) + ["", ""])[:2])
            if entry.action == 0:
                old = ""
                if not new:
                    continue
            try:
                label = capfirst(model._meta.get_field(field).verbose_name) if model else field
            except Exception:  # noqa: BLE001 - a field removed since: show its name
                label = field
            lines.append((label, old, new))
        rows.append(HistoryRow(entry=entry, lines=lines))
    return rows
