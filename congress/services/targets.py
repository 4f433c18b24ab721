"""The targets (chỉ tiêu) of a congress and what each year of its term achieved (docs/domain.md
§4a; docs/documents.md "Targets"): entered with the draft resolution while the congress documents
are drafted, reviewed with it, and followed over the term once the congress is held."""

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from branches.audit import audited

from .. import selectors
from ..models import Congress, Target, TargetResult
from ..targets import PERCENT
from .congresses import DRAFTING, HELD_OR_LATER
from .locks import locked

UP, DOWN = "up", "down"


def targets_problem(congress: Congress) -> str | None:
    """Why the targets of `congress` cannot change now, or None: they are drafted with the
    congress documents, before the congress is submitted for review."""
    if congress.state not in DRAFTING:
        return _("The targets are set with the congress documents, before the congress is submitted for review.")
    return None


def results_problem(congress: Congress, year: int | None = None) -> str | None:
    """Why the yearly results of `congress`'s targets cannot be recorded now (for `year`), or None."""
    if congress.state not in HELD_OR_LATER:
        return _("The results of the targets are recorded each year of the term, once the congress is held.")
    if year is not None and year not in selectors.term_years(congress):
        term = congress.plan.term
        return _("Choose a year of the term %(term)s, up to the current year.") % {"term": f"{term}"}
    return None


def _refuse(problem: str | None) -> None:
    if problem:
        raise ValidationError(problem)


def _check_value(value: Decimal, unit: str, field: str = "value") -> None:
    if value is None or value < 0:
        raise ValidationError({field: _("The figure cannot be negative.")})
    if unit == PERCENT and value > 100:
        raise ValidationError({field: _("A percentage cannot be above 100.")})


def target_save(
    *, acting_user, congress: Congress, label: str, comparison: str, value: Decimal, unit: str,
    target: Target | None = None,
) -> Target:
    """Add a target to the congress (last in its order), or change `target`."""
    label, unit = " ".join(label.split()), " ".join(unit.split()) or PERCENT
    if not label:
        raise ValidationError({"label": _("Say what the target measures.")})
    _check_value(value, unit)
    with transaction.atomic(durable=True):
        congress = locked(congress)
        _refuse(targets_problem(congress))
        if target is None:
            last = congress.targets.aggregate(last=Max("position"))["last"]
            target = Target(congress=congress, position=0 if last is None else last + 1)
        else:
            target = Target.objects.select_for_update().filter(pk=target.pk, congress=congress).first()
            if target is None:
                raise ValidationError(_("The target was deleted meanwhile."))
        target.label, target.comparison, target.value, target.unit = label, comparison, value, unit
        target.full_clean()
        with audited(acting_user, "congress.target.saved", congress=congress.pk):
            target.save()
    return target


def target_delete(*, acting_user, target: Target) -> None:
    with transaction.atomic(durable=True):
        congress = locked(target.congress)
        _refuse(targets_problem(congress))
        with audited(acting_user, "congress.target.deleted", congress=congress.pk):
            Target.objects.filter(pk=target.pk).delete()


def target_move(*, acting_user, target: Target, direction: str) -> None:
    """Move a target one place up or down in the congress's order."""
    if direction not in (UP, DOWN):
        raise ValidationError(_("Move a target up or down."))
    with transaction.atomic(durable=True):
        congress = locked(target.congress)
        _refuse(targets_problem(congress))
        targets = list(congress.targets.select_for_update().order_by("position", "pk"))
        index = next((i for i, t in enumerate(targets) if t.pk == target.pk), None)
        if index is None:
            raise ValidationError(_("The target was deleted meanwhile."))
        other = index - 1 if direction == UP else index + 1
        if not 0 <= other < len(targets):
            return
        targets[index], targets[other] = targets[other], targets[index]
        with audited(acting_user, "congress.target.moved", congress=congress.pk):
            for position, row in enumerate(targets):
                if row.position != position:
                    row.position = position
                    row.save(update_fields=["position"])


def target_results_save(
    *, acting_user, congress: Congress, year: int, achieved: Mapping[int, Decimal | None],
) -> int:
    """Record what `year` achieved against each target (target pk -> figure; None removes the
    year's figure). Returns how many figures changed."""
    with transaction.atomic(durable=True):
        congress = locked(congress)
        _refuse(results_problem(congress, year))
        targets = {t.pk: t for t in congress.targets.all()}
        stray = set(achieved) - set(targets)
        if stray:
            raise ValidationError(_("A target was deleted meanwhile: reload the page."))
        existing = {r.target_id: r for r in TargetResult.objects.select_for_update().filter(target__in=targets, year=year)}
        changed = 0
        with audited(acting_user, "congress.target_results.saved", congress=congress.pk, year=year):
            for pk, value in achieved.items():
                row = existing.get(pk)
                if value is None:
                    if row is not None:
                        row.delete()
                        changed += 1
                    continue
                _check_value(value, targets[pk].unit, field=f"target_{pk}")
                if row is not None and row.achieved == value:
                    continue
                row = row or TargetResult(target=targets[pk], year=year)
                row.achieved, row.recorded_by = value, acting_user
                row.full_clean(exclude=["recorded_by"])
                row.save()
                changed += 1
    return changed
