"""A database constraint that a race trips reads as the check a form gives, not as a 500."""

from contextlib import contextmanager

from django.db import IntegrityError
from django.db.models import Model

from .submissions import submission_repeated


@contextmanager
def races_refused(*instances: Model):
    """Around a service's transaction that saves `instances` after their full_clean().

    Two requests can both pass full_clean() (no other member has this Party card number yet)
    and then both save: the database's unique constraint refuses the second with an
    IntegrityError, a 500 (issue 15: 2 rounds in 5). Once the transaction has rolled back, this
    checks the instances' uniqueness and constraints again, now seeing the row that won, and
    raises the ValidationError full_clean() would have raised, with the same sentence. An
    IntegrityError that no check explains is raised as it was.

    Must wrap the transaction.atomic block, not sit inside it: the checks query the database,
    which PostgreSQL refuses within a transaction that has failed. It yields the list of
    instances to check, so that a service that loads its instance inside the transaction (under
    a row lock) appends it there.
    """
    watched = list(instances)
    try:
        yield watched
    except IntegrityError:
        if submission_repeated():
            raise  # the same form sent twice at once: its view answers with what the first made
        for instance in watched:
            instance.validate_unique()
            instance.validate_constraints()
        raise
