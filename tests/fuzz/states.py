"""For every URL of the permission matrix that takes a POST: the state in which its form is
live, who may post there, and a payload it accepts (docs/architecture.md "The fuzz test").

The world starts as the permission matrix's (a draft document of branch A, the superior's
issued plan, branch A's congress just planned, ...); each state below moves its object on to
where the form is accepted (a submitted document for "approve", an election open for voting
for "key a ballot"...) through the project's builders and services.
"""

import dataclasses
from collections.abc import Callable

from branches.tests.permissions import EDIT, RESTRUCTURE, VIEW
from congress.tests.needs import LEAD, SUPERIOR_CLERK, SUPERIOR_EDIT, SUPERIOR_STAFF, SUPERIOR_VIEW


def _post_urls() -> dict:
    from tests.test_permissions import MATRIX, URLS  # noqa: PLC0415 (the matrix walks the URLconf)

    return {name: MATRIX[name] for name, _, _ in URLS if MATRIX[name][2] is not None}


@dataclasses.dataclass
class World:
    superior: object
    branch_a: object
    branch_b: object
    member_a: object
    member_b: object
    branch_clerk: object
    superior_clerk: object
    superior_leader: object
    targets: dict

    def user_for(self, need: str):
        """A user the matrix allows to post with `need`."""
        if need in {EDIT, VIEW}:
            return self.branch_clerk
        if need == LEAD:
            return self.superior_leader
        assert need in {RESTRUCTURE, SUPERIOR_VIEW, SUPERIOR_EDIT, SUPERIOR_CLERK, SUPERIOR_STAFF}, need
        return self.superior_clerk


@dataclasses.dataclass
class Live:
    user: object
    target: object
    valid: dict


STATES: dict[str, Callable[[World], Live]] = {}


def live(name: str):
    """Registers the state of `name`: a function of the world that returns the target (moved to
    its live state) and a payload the form accepts, or (user, target, payload)."""
    def register(build):
        def state(world: World) -> Live:
            target_name, _get, need = POST_URLS[name]
            built = build(world, world.targets[target_name])
            if len(built) == 3:
                return Live(*built)
            target, valid = built
            return Live(world.user_for(need), target, valid)
        STATES[name] = state
        return build
    return register


POST_URLS = _post_urls()


def as_is(*names):
    """URLs whose matrix target is already live, posted with an empty payload (the fuzz finds
    the fields through what the view reads)."""
    for name in names:
        live(name)(lambda world, target: (target, {}))


as_is(*POST_URLS)
