"""The two paths through the migrations (places.0001_initial explains them): a new database runs the
squashes; a database made before the apps were layered runs the old migrations and the moves after them.
Tests use a throwaway SQLite file under an alias of its own (``scratch_databases``) to walk either."""

import contextlib

from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

# The last migration of each app when the apps were layered: what a database made before had applied.
BEFORE_THE_MOVE = [
    ("contenttypes", "0002_remove_content_type_name"),
    ("auth", "0012_alter_user_first_name_max_length"),
    ("core", "0001_initial"),
    ("accounts", "0001_initial"),
    ("agencies", "0005_updated_at"),
    ("clusters", "0010_updated_at"),
    ("reporting", "0002_updated_at"),
    ("tasks", "0009_task_due_status_covering_index"),
    ("plan_reports", "0002_updated_at"),
    ("notifications", "0003_reminder_delivery_reporting_kind"),
    ("webhooks", "0001_initial"),
    ("sync", "0001_initial"),
]


@contextlib.contextmanager
def scratch_databases(django_db_blocker, tmp_path):
    """make(name) -> a connection to a new SQLite file in ``tmp_path``, under an alias of its own."""
    aliases = []

    def make(name):
        alias = f"scratch_{name}"
        sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / f"{name}.sqlite3")}
        connections.settings[alias] = connections.configure_settings({"default": sqlite})["default"]
        aliases.append(alias)
        return connections[alias]

    with django_db_blocker.unblock():
        try:
            yield make
        finally:
            for alias in aliases:
                connections[alias].close()
                del connections[alias]
                del connections.settings[alias]


def old_path(connection):
    """An executor over the old migrations, as if the squashes did not stand for them (the path of a database
    made before the move)."""
    executor = MigrationExecutor(connection)
    executor.loader = MigrationLoader(connection, replace_migrations=False)
    return executor


def migrate_old_path(connection, targets):
    """``connection``'s database migrated along the old path to ``targets``; returns the models as they were."""
    executor = old_path(connection)
    executor.migrate(targets)
    return old_path(connection).loader.project_state(targets, at_end=True).apps
