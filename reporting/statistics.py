"""The figures superiors publish about a congress round (docs/domain.md §6, issue 6), for a plan's
whole scope or part of it: a grassroots committee's subtree, a sector, a working group.

Every figure is computed by the database from the recorded facts: each congress of the scope is
annotated with its figures by correlated subqueries (`unit_queryset`), the per-unit table is
that queryset (filtered and sorted by the database), and the totals are one aggregate over it
(`totals`). No figure is counted in a Python loop over the units. The only figure read in Python
is "overdue", which needs the working-day deadline rule with its holidays
(congress.progress.pending_deadlines, the dashboard's own reading).

The figure keys (FIGURES) are those of the JSON export and the Excel columns, documented in
docs/statistics.md.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    Case, Count, DateField, DecimalField, Exists, ExpressionWrapper, F, Func, IntegerField, Max, Min, OuterRef, Q, QuerySet,
    Subquery, Sum, Value, When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from branches.models import CommitteeSeat, Organization, OrganizationKind, Position, Sector
from branches.text import format_number, whole_number
from congress import rules as congress_rules
from congress.models import Congress, ElectedSeat, Plan, WorkingGroup
from congress.progress import HELD_STATES, plan_rows
from elections.models import Candidate, Election, ElectionKind, ElectionOutcome, ElectionState, PersonnelPlan
from elections.rules import COMMITTEE_KINDS

from .models import Award, EmulationWork, WorkStatus

YOUNG_UNDER = 40  # "under 40" as the reports count young committee members (docs/domain.md §6)
MAJORITY_KINDS = ("Kinh",)  # the ethnicity not counted as an ethnic minority


# --- The scope --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """What the figures cover: the plan's congresses, or those of one organisation's subtree,
    one sector, one working group."""

    plan: Plan
    organization: Organization | None = None
    sector: str = ""
    group: WorkingGroup | None = None

    @property
    def key(self) -> str:
        """A short text naming the scope in URLs and on a RoundReport ("" for the whole plan)."""
        if self.organization is not None:
            return f"org:{self.organization.pk}"
        if self.sector:
            return f"sector:{self.sector}"
        if self.group is not None:
            return f"group:{self.group.pk}"
        return ""

    @classmethod
    def parse(cls, plan: Plan, key: str) -> "Scope | None":
        """The scope a key names, or None when the key names nothing of this plan (an
        organisation outside the plan's committee, an unknown sector, another plan's group)."""
        kind, _sep, value = (key or "").partition(":")
        if not kind:
            return cls(plan)
        if kind == "org" and whole_number(value) is not None:
            organization = Organization.objects.filter(pk=whole_number(value)).first()
            if organization is not None and organization.is_in_subtree_of(plan.organization):
                return cls(plan, organization=organization)
        elif kind == "sector" and value in Sector.values:
            return cls(plan, sector=value)
        elif kind == "group" and whole_number(value) is not None:
            group = WorkingGroup.objects.filter(plan=plan, pk=whole_number(value)).first()
            if group is not None:
                return cls(plan, group=group)
        return None

    @property
    def label(self) -> str:
        if self.organization is not None:
            return self.organization.name
        if self.sector:
            return str(dict(Sector.choices)[self.sector])
        if self.group is not None:
            return self.group.name
        return gettext("The whole plan")

    def congresses(self) -> QuerySet[Congress]:
        """The congresses of the scope, annulled ones included (figures leave them out)."""
        found = Congress.objects.filter(plan=self.plan)
        if self.organization is not None:
            found = found.filter(organization__path__startswith=self.organization.path)
        if self.sector:
            found = found.filter(organization__sector=self.sector)
        if self.group is not None:
            found = found.filter(organization__in=self.group.organizations.values("pk"))
        return found

    def organizations_q(self, prefix: str = "organization__") -> Q:
        """The organisations whose emulation works and awards the scope counts: those of its
        congresses, and for a subtree or the whole plan, the committees above them in it."""
        if self.organization is not None:
            return Q(**{f"{prefix}path__startswith": self.organization.path})
        if self.sector:
            return Q(**{f"{prefix}sector": self.sector})
        if self.group is not None:
            return Q(**{f"{prefix}pk__in": self.group.organizations.values("pk")})
        return Q()


def plan_organizations(plan: Plan) -> list[Organization]:
    """The plan's committee, the organisations holding its congresses and those between them, in
    tree order (two queries): where a work or an award of the plan may be registered, and the
    committees a scope may be."""
    step = Organization.steplen
    top = len(plan.organization.path)
    paths = {plan.organization.path}
    for path in plan.congresses.values_list("organization__path", flat=True):
        paths.update(path[:end] for end in range(top + step, len(path) + 1, step))
    return list(Organization.objects.filter(path__in=paths).order_by("path"))


def scope_committees(plan: Plan) -> list[Organization]:
    """The organisations below the plan's committee with congresses of the plan below them (a
    district's grassroots committees, say): the subtrees a scope may be. In tree order a
    committee is followed by an organisation of its subtree."""
    found = plan_organizations(plan)
    return [
        organization for organization, after in zip(found, found[1:])
        if organization.pk != plan.organization_id and after.path.startswith(organization.path)
    ]


# --- The figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A figure of the report: its key (JSON, Excel, URL), its label, its section, and the key
    of the figure it is a share of (shown as a percentage beside the count)."""

    key: str
    label: Promise
    section: str
    of: str = ""
    decimal: bool = False  # a percentage with two decimals (a winning share), not a count
    units: bool = False  # counts units: shown as a part of its whole, "46/65"


class Section:
    COMPLETION = "completion"
    COMMITTEE = "committee"
    ELECTIONS = "elections"
    SECRETARIES = "secretaries"
    DELEGATES = "delegates"
    EMULATION = "emulation"


SECTION_LABELS = {
    Section.COMPLETION: _("Completion"),
    Section.COMMITTEE: _("Committee members elected"),
    Section.ELECTIONS: _("Elections"),
    Section.SECRETARIES: _("Secretaries"),
    Section.DELEGATES: _("Delegates to the higher congress"),
    Section.EMULATION: _("Emulation and awards"),
}

FIGURES = [
    Figure("in_scope", _("Congresses in scope"), Section.COMPLETION),
    Figure("held", _("Congresses held"), Section.COMPLETION, of="in_scope", units=True),
    Figure("ratified", _("Results ratified"), Section.COMPLETION, of="held", units=True),
    Figure("pilots", _("Pilot congresses"), Section.COMPLETION),
    Figure("pilots_held", _("Pilot congresses held"), Section.COMPLETION, of="pilots", units=True),
    Figure("overdue", _("Congresses behind a deadline"), Section.COMPLETION, of="in_scope", units=True),
    Figure("elected", _("Committee members elected"), Section.COMMITTEE),
    Figure("re_elected", _("Re-elected"), Section.COMMITTEE, of="elected"),
    Figure("new", _("New to the committee"), Section.COMMITTEE, of="elected"),
    Figure("women", _("Women"), Section.COMMITTEE, of="elected"),
    Figure("young", _("Under 40"), Section.COMMITTEE, of="elected"),
    Figure("minority", _("Ethnic minorities"), Section.COMMITTEE, of="elected"),
    Figure("previous", _("Members of the previous committees"), Section.COMMITTEE),
    Figure("not_re_elected", _("Incumbents not re-elected"), Section.COMMITTEE, of="previous"),
    Figure("with_committee", _("Units that elected a committee"), Section.ELECTIONS, of="held", units=True),
    Figure("secretary_only", _("Units that elected only a secretary"), Section.ELECTIONS, of="held", units=True),
    Figure("vacant", _("Seats left vacant"), Section.ELECTIONS),
    Figure("ballot_seats", _("Committee seats on the ballots"), Section.ELECTIONS),
    Figure("surplus", _("Surplus on the ballots"), Section.ELECTIONS, of="ballot_seats"),
    Figure("further_rounds", _("Elections that needed more than one round"), Section.ELECTIONS),
    Figure("secretaries", _("Secretaries elected"), Section.SECRETARIES),
    Figure("secretaries_re_elected", _("Secretaries re-elected"), Section.SECRETARIES, of="secretaries"),
    Figure("secretaries_new", _("New secretaries"), Section.SECRETARIES, of="secretaries"),
    Figure("committees_held", _("Grassroots committees that held their congress"), Section.SECRETARIES, of="held", units=True),
    Figure("secretaries_direct", _("Grassroots committees that elected their secretary directly at the congress"),
           Section.SECRETARIES, of="committees_held", units=True),
    Figure("secretary_share", _("Secretary's winning share"), Section.SECRETARIES, decimal=True),
    Figure("delegates_allocated", _("Delegates allocated"), Section.DELEGATES),
    Figure("delegates_official", _("Official delegates elected"), Section.DELEGATES, of="delegates_allocated"),
    Figure("delegates_alternate", _("Alternate delegates elected"), Section.DELEGATES),
    Figure("works", _("Emulation works registered"), Section.EMULATION),
    Figure("works_completed", _("Emulation works completed"), Section.EMULATION, of="works"),
    Figure("awards", _("Awards given after the round"), Section.EMULATION),
]
FIGURES_BY_KEY = {figure.key: figure for figure in FIGURES}
# The figures summed over the units (all but the winning share, which has a lowest and highest).
COUNTED = [figure.key for figure in FIGURES if not figure.decimal and figure.key != "overdue"]
# What totals() does not sum over the congresses: the registers are counted over the scope's
# organisations, the differences are taken of the sums.
NOT_SUMMED = {"works", "works_completed", "awards", "new", "not_re_elected", "secretaries_new"}


class YearsBefore(Func):
    """`expression` (a date) `years` years earlier, in SQL: the day before which someone born is
    at least `years` old on that date."""

    output_field = DateField()

    def __init__(self, expression, years: int):
        super().__init__(expression)
        self.years = int(years)

    def as_sql(self, compiler, connection, **extra):
        # PostgreSQL (and the default): date arithmetic with an interval, back to a date.
        return super().as_sql(
            compiler, connection, template=f"CAST((%(expressions)s - INTERVAL '{self.years} years') AS date)", **extra,
        )

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template=f"date(%(expressions)s, '-{self.years} years')", **extra)


def _count(queryset, field: str = "congress") -> Coalesce:
    """The number of rows of `queryset` (filtered on an OuterRef) as a correlated subquery."""
    counted = queryset.order_by().values(field).annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _exists(queryset) -> Case:
    return Case(When(Exists(queryset), then=1), default=0, output_field=IntegerField())


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=1), default=0, output_field=IntegerField())


def unit_queryset(scope: Scope) -> QuerySet[Congress]:
    """The scope's congresses (annulled ones left out), each annotated with its figures. The
    committee and election figures count only congresses that have been held."""
    held = Q(state__in=HELD_STATES)
    previous_term = (
        CommitteeSeat.objects.filter(
            organization=OuterRef("organization"), term__start_year__lt=OuterRef("plan__term__start_year"),
        )
        .order_by("-term__start_year", "-term__end_year").values("term")[:1]
    )
    seats = ElectedSeat.objects.filter(congress=OuterRef("pk"), congress__state__in=HELD_STATES)
    incumbent = CommitteeSeat.objects.filter(
        organization=OuterRef(OuterRef("organization")), term=OuterRef(OuterRef("previous_term")),
        member=OuterRef("member"),
    )
    on_the_day = YearsBefore(Coalesce(OuterRef("held_on"), OuterRef("scheduled_on")), YOUNG_UNDER)
    closed = Election.objects.filter(congress=OuterRef("pk"), congress__state__in=HELD_STATES, state=ElectionState.CLOSED)
    first_committee_ballots = closed.filter(kind__in=COMMITTEE_KINDS, round=1)
    listed = Candidate.objects.filter(election=OuterRef("pk"), admitted=True, withdrawn=False)
    won = Candidate.objects.filter(election=OuterRef("pk"), elected=True)
    # A branch always elects its secretary at its congress; whether the congress or the new
    # committee elects the secretary is a choice of a grassroots committee's congress, and the
    # reports count it among those only ("46/65 đảng bộ cơ sở bầu trực tiếp bí thư", issue 16).
    direct = Candidate.objects.filter(
        election__congress=OuterRef("pk"), election__kind=ElectionKind.SECRETARY, election__state=ElectionState.CLOSED,
        elected=True, election__base__gt=0, election__congress__state__in=HELD_STATES,
        election__congress__organization__kind=OrganizationKind.GRASSROOTS_COMMITTEE,
    )
    # The votes are cast to numeric before dividing: PostgreSQL divides integers as integers
    # (11 * 100 / 12 = 91), and the Decimal(100) alone does not prevent it, as psycopg sends
    # it as the integer literal 100. SQLite reads the Decimal as REAL, so the cast is harmless there.
    share = ExpressionWrapper(
        Cast("votes", DecimalField(max_digits=12, decimal_places=4)) * Decimal(100) / F("election__base"),
        output_field=DecimalField(max_digits=7, decimal_places=4),
    )
    personnel = PersonnelPlan.objects.filter(congress=OuterRef("pk"), state="approved").order_by("-revision")
    delegates = Candidate.objects.filter(
        election__congress=OuterRef("pk"), election__state=ElectionState.CLOSED, elected=True,
        election__congress__state__in=HELD_STATES,
    )
    works = EmulationWork.objects.filter(plan=OuterRef("plan"), organization=OuterRef("organization"))
    figures = dict(
        in_scope=Value(1, output_field=IntegerField()),
        held=_flag(held),
        ratified=_flag(Q(state=congress_rules.RATIFIED)),
        pilots=_flag(Q(is_pilot=True)),
        pilots_held=_flag(held & Q(is_pilot=True)),
        committees_held=_flag(held & Q(organization__kind=OrganizationKind.GRASSROOTS_COMMITTEE)),
        elected=_count(seats),
        re_elected=_count(seats.filter(Exists(incumbent))),
        women=_count(seats.filter(member__gender="female")),
        young=_count(seats.filter(member__date_of_birth__gt=on_the_day)),
        minority=_count(seats.exclude(member__ethnicity__in=MAJORITY_KINDS)),
        previous=Case(
            When(held, then=_count(CommitteeSeat.objects.filter(
                organization=OuterRef("organization"), term=OuterRef("previous_term"),
            ), field="organization")),
            default=0, output_field=IntegerField(),
        ),
        with_committee=_exists(seats.filter(position=Position.MEMBER)),
        secretary_only=Case(
            When(Exists(seats.filter(position=Position.MEMBER)), then=0),
            When(Exists(seats.filter(position=Position.SECRETARY)), then=1),
            default=0, output_field=IntegerField(),
        ),
        vacant=Coalesce(Subquery(
            closed.filter(outcome=ElectionOutcome.LEAVE_VACANT)
            .annotate(open_seats=F("seats") - _count(won, field="election"))
            .order_by().values("congress").annotate(n=Sum("open_seats")).values("n")[:1],
            output_field=IntegerField(),
        ), 0),
        ballot_seats=Coalesce(Subquery(
            first_committee_ballots.order_by().values("congress").annotate(n=Sum("seats")).values("n")[:1],
            output_field=IntegerField(),
        ), 0),
        surplus=Coalesce(Subquery(
            first_committee_ballots.annotate(over=_count(listed, field="election") - F("seats"))
            .order_by().values("congress").annotate(n=Sum("over")).values("n")[:1],
            output_field=IntegerField(),
        ), 0),
        further_rounds=_count(closed.filter(round=2)),
        secretaries=_count(seats.filter(position=Position.SECRETARY)),
        secretaries_re_elected=_count(seats.filter(position=Position.SECRETARY).filter(
            Exists(incumbent.filter(position=Position.SECRETARY))
        )),
        secretaries_direct=_exists(direct),
        secretary_share=Subquery(
            direct.annotate(share=share).order_by("-election__round").values("share")[:1],
            output_field=DecimalField(max_digits=7, decimal_places=4),
        ),
        delegates_allocated=Coalesce(Subquery(personnel.values("delegates_allocated")[:1]), 0),
        delegates_official=_count(
            delegates.filter(election__kind=ElectionKind.OFFICIAL_DELEGATES), field="election__congress",
        ),
        delegates_alternate=_count(
            delegates.filter(election__kind=ElectionKind.ALTERNATE_DELEGATES), field="election__congress",
        ),
        works=_count(works, field="organization"),
        works_completed=_count(works.filter(status=WorkStatus.COMPLETED), field="organization"),
        awards=_count(Award.objects.filter(plan=OuterRef("plan"), organization=OuterRef("organization")), field="organization"),
    )
    derived = {
        "new": F(column("elected")) - F(column("re_elected")),
        "not_re_elected": F(column("previous")) - F(column("re_elected")),
        "secretaries_new": F(column("secretaries")) - F(column("secretaries_re_elected")),
    }
    return (
        scope.congresses().exclude(state=congress_rules.ANNULLED)
        .annotate(previous_term=Subquery(previous_term))
        .annotate(**{column(key): value for key, value in figures.items()})
        .annotate(**{column(key): value for key, value in derived.items()})
    )


def column(key: str) -> str:
    """The annotation holding a figure (prefixed: "elected" is also a relation of Congress)."""
    return f"figure_{key}"




# --- The totals -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    """The scope's figures: counts by key, the lowest and highest secretary's winning share, and
    the change against the previous committees."""

    values: dict[str, int]
    share_lowest: Decimal | None
    share_highest: Decimal | None
    overdue_by_deadline: dict[str, int]

    def __getitem__(self, key: str) -> int:
        return self.values[key]

    def share_percent(self, key: str) -> Decimal | None:
        """The figure as a percentage of what it is a share of; None when it is not one or its
        whole is nothing."""
        of = FIGURES_BY_KEY[key].of
        if not of or not self.values[of]:
            return None
        return Decimal(self.values[key]) * 100 / Decimal(self.values[of])

    def share(self, key: str) -> str:
        """share_percent as offices print it ("24,14%"), "" when there is none."""
        percent = self.share_percent(key)
        return "" if percent is None else format_number(percent, 2) + "%"

    @property
    def change(self) -> int:
        """Committee members elected minus the previous committees' members (held congresses)."""
        return self.values["elected"] - self.values["previous"]

    @property
    def change_percent(self) -> Decimal | None:
        if not self.values["previous"]:
            return None
        return Decimal(self.change) * 100 / Decimal(self.values["previous"])


def totals(scope: Scope, *, today: date) -> Totals:
    """The scope's figures: two aggregate queries (the congresses' figures; the emulation works
    and awards of the scope's organisations), and the deadlines read as the dashboard reads
    them."""
    units = unit_queryset(scope)
    found = units.aggregate(
        **{key: Coalesce(Sum(column(key)), 0) for key in COUNTED if key not in NOT_SUMMED},
        share_lowest=Min(column("secretary_share")), share_highest=Max(column("secretary_share")),
    )
    lowest, highest = found.pop("share_lowest"), found.pop("share_highest")
    # The differences of sums, rather than sums of differences that would run the re-election
    # subquery three more times per congress (docs/benchmarks.md).
    found["new"] = found["elected"] - found["re_elected"]
    found["not_re_elected"] = found["previous"] - found["re_elected"]
    found["secretaries_new"] = found["secretaries"] - found["secretaries_re_elected"]
    found.update(_emulation(scope))
    overdue = overdue_counts(scope, today=today)
    found["overdue"] = overdue.pop("", 0)
    return Totals(values=found, share_lowest=lowest, share_highest=highest, overdue_by_deadline=overdue)


def _emulation(scope: Scope) -> dict[str, int]:
    in_scope = scope.organizations_q()
    works = EmulationWork.objects.filter(in_scope, plan=scope.plan)
    return {
        **works.aggregate(works=Count("pk"), works_completed=Count("pk", filter=Q(status=WorkStatus.COMPLETED))),
        "awards": Award.objects.filter(in_scope, plan=scope.plan).count(),
    }


def overdue_counts(scope: Scope, *, today: date) -> dict[str, int]:
    """Congresses behind a deadline: under "" the congresses behind any, then by deadline. Read
    with the dashboard's deadline rule (working days skip the holidays)."""
    counts: dict[str, int] = {"": 0}
    for row in plan_rows(scope.plan, today=today, within=scope.congresses()).rows:
        if row.overdue:
            counts[""] += 1
            for due in row.overdue:
                counts[due.deadline.value] = counts.get(due.deadline.value, 0) + 1
    return counts


def overdue_congresses(scope: Scope, *, today: date) -> set[int]:
    """The congresses of the scope behind a deadline (the units behind the "overdue" figure)."""
    return {row.pk for row in plan_rows(scope.plan, today=today, within=scope.congresses()).rows if row.overdue}


# --- The units --------------------------------------------------------------------------------

UNIT_FIELDS = ("pk", "organization_id", "organization__name", "organization__sector", "organization__kind",
               "state", "is_pilot", "held_on", "ratified_on")
SORTS = {"name": "organization__path", **{key: column(key) for key in FIGURES_BY_KEY if key != "overdue"}}
UNIT_FIGURES = [key for key in FIGURES_BY_KEY if key != "overdue"]


def unit_rows(scope: Scope, *, figure: str = "", sort: str = "name", descending: bool = False,
              today: date | None = None) -> QuerySet:
    """The per-unit table as a query, to be cut into pages by the database: one row per
    congress of the scope (UNIT_FIELDS and every figure under its column(); `named` gives a row
    the figures' keys), kept to those where `figure` is non-zero (the units behind a figure) and
    sorted by `sort` (a figure's key, or "name" for tree order). "overdue" needs `today`."""
    found = unit_queryset(scope)
    if figure == "overdue":
        found = found.filter(pk__in=overdue_congresses(scope, today=today))
    elif figure == "secretary_share":
        found = found.filter(**{f"{column(figure)}__isnull": False})
    elif figure in FIGURES_BY_KEY:
        found = found.filter(**{f"{column(figure)}__gt": 0})
    order = SORTS.get(sort, "organization__path")
    expression = F(order).desc(nulls_last=True) if descending else F(order).asc(nulls_last=True)
    return found.order_by(expression, "organization__path").values(*UNIT_FIELDS, *map(column, UNIT_FIGURES))


_PREFIX = len(column(""))


def named(row: dict) -> dict:
    """A row of unit_rows with the figures under their keys ("elected", not "figure_elected")."""
    return {(key[_PREFIX:] if key.startswith("figure_") else key): value for key, value in row.items()}


def units(scope: Scope, *, figure: str = "", sort: str = "name", descending: bool = False,
          today: date | None = None) -> list[dict]:
    """Every row of the per-unit table (unit_rows), with the figures under their keys: one query."""
    return [named(row) for row in unit_rows(scope, figure=figure, sort=sort, descending=descending, today=today)]


def formatted(value) -> str:
    """A figure in Vietnamese number formatting ("8.236"; a share "92,86%")."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return format_number(value, 2) + "%"
    return format_number(value)
