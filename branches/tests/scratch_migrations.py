"""Running migrations on a scratch database of their own, to test what a data migration does to
rows that existed before it, without touching the test database (already migrated to the end,
and shared by the other tests).

`scratch_database(path, django_db_blocker)` yields a `Scratch` and makes it the default database
while the block runs (older migrations' RunPython functions write through the default alias):
`migrate_to(app, name)` moves it to that migration, forwards or back, with Django's own executor,
and returns the historical models of that point (`apps.get_model(...)`).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import ConnectionHandler


class Scratch:
    def __init__(self, connection):
        self.connection = connection

    def migrate_to(self, app: str, name: str):
        executor = MigrationExecutor(self.connection)
        executor.migrate([(app, name)])
        executor.loader.build_graph()
        return executor.loader.project_state([(app, name)]).apps


@contextmanager
def scratch_database(path, django_db_blocker) -> Iterator[Scratch]:
    """A fresh SQLite file at `path`, standing in for the default database while the block runs;
    the default connection is given back afterwards, whatever happens."""
    handler = ConnectionHandler({DEFAULT_DB_ALIAS: {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}})
    scratch = handler[DEFAULT_DB_ALIAS]
    original = connections[DEFAULT_DB_ALIAS]
    connections[DEFAULT_DB_ALIAS] = scratch
    try:
        with django_db_blocker.unblock():
            yield Scratch(scratch)
    finally:
        scratch.close()
        connections[DEFAULT_DB_ALIAS] = original
