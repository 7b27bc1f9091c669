"""``manage.py migrate``, first making sure the database was made by this layout of the apps.

The apps were reorganised (core, accounts, agencies, clusters, tasks, notifications, audit) before any
deployment existed, and their migrations were written afresh. A database made by the layout before has
the old apps' migrations recorded but not ``core.0001_initial``, the mark of this layout; migrating it
would fail half-way with a traceback. Instead:

- the development database (the SQLite file in ``var/`` that ``make run`` fills with reference and demo
  data) is kept aside under a dated name and a new one is made, with a note saying so;
- any other database stops the command with a message saying what to do.
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder

LAYOUT_MARK = ("core", "0001_initial")
PROJECT_APPS = {"agencies", "clusters", "tasks"}


def made_by_an_earlier_layout(connection):
    """Whether the database records migrations of the project's apps but not this layout's mark."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return False
    applied = set(recorder.applied_migrations())
    return LAYOUT_MARK not in applied and any(app in PROJECT_APPS for app, _name in applied)


def development_database_file(connection):
    """The SQLite file of the development database in ``var/``, or None for any other database."""
    if connection.vendor != "sqlite":
        return None
    path = Path(str(connection.settings_dict["NAME"]))
    return path if path.parent.resolve() == Path(settings.VAR_DIR).resolve() and path.exists() else None


class Command(DjangoMigrate):
    def handle(self, *args, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        if made_by_an_earlier_layout(connection):
            self.replace_or_refuse(connection)
        return super().handle(*args, **options)

    def replace_or_refuse(self, connection):
        path = development_database_file(connection)
        if path is None:
            raise CommandError(
                "Cơ sở dữ liệu này được tạo bởi phiên bản trước của ứng dụng, khi các app còn xếp theo bố cục cũ; "
                "bố cục mới không nâng cấp được nó.\n"
                "This database was made by an earlier layout of the application's apps and cannot be migrated. "
                "No deployment existed then: create a new, empty database (for PostgreSQL: dropdb and createdb, "
                "or point DATABASE_URL at a new one), then run `make run` (or migrate and load_reference_data)."
            )
        connection.close()
        kept = path.with_name(f"{path.stem}-truoc-bo-cuc-moi-{datetime.datetime.now():%Y%m%d-%H%M%S}{path.suffix}")
        path.rename(kept)
        self.stdout.write(
            self.style.WARNING(
                f"Cơ sở dữ liệu phát triển {path} được tạo bởi bố cục cũ của ứng dụng: đã giữ lại tại {kept.name} "
                "và tạo cơ sở dữ liệu mới (dữ liệu tham chiếu và dữ liệu mẫu được nạp lại).\n"
                f"The development database {path} was made by the earlier layout of the apps: it is kept as "
                f"{kept.name} and a new one is made (make run loads the reference and demo data again)."
            )
        )
