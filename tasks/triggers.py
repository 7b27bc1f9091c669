"""The database triggers that note which (group, lead agency) pairs a write to the tasks touched
(``tasks.models.tally``), in each database's dialect.

They are installed by migration tasks/0017, with the columns it names (frozen there: a migration must not change
with the code). On SQLite, a migration that alters ``tasks_task`` rebuilds the table (a new table, the rows copied,
the old one dropped) and its triggers go with the old table: such a migration, or one that changes the columns the
counts read (``tasks.models.tally.COUNTED_COLUMNS``), must end with
``migrations.RunPython(triggers.installer(<its columns>), triggers.remove)``. tests/tasks/test_tally.py changes each
counted column and fails if a write leaves no note.
"""

TABLE = "tasks_task"
CHANGES = "tasks_tallychange"
NAMES = ("tasks_task_tally_insert", "tasks_task_tally_delete", "tasks_task_tally_update")


def _note(row):
    return f"INSERT INTO {CHANGES} (group_id, lead_agency_id) VALUES ({row}.group_id, {row}.lead_agency_id)"


def _postgresql(columns):
    old = ", ".join(f"OLD.{column}" for column in columns)
    new = ", ".join(f"NEW.{column}" for column in columns)
    return [
        f"""
        CREATE OR REPLACE FUNCTION tasks_tally_note() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN
                {_note("OLD")};
            END IF;
            IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE'
                    AND (OLD.group_id, OLD.lead_agency_id) IS DISTINCT FROM (NEW.group_id, NEW.lead_agency_id)) THEN
                {_note("NEW")};
            END IF;
            RETURN NULL;
        END
        $$
        """,
        f"CREATE TRIGGER tasks_task_tally_insert AFTER INSERT ON {TABLE} FOR EACH ROW EXECUTE FUNCTION tasks_tally_note()",
        f"CREATE TRIGGER tasks_task_tally_delete AFTER DELETE ON {TABLE} FOR EACH ROW EXECUTE FUNCTION tasks_tally_note()",
        f"""
        CREATE TRIGGER tasks_task_tally_update AFTER UPDATE ON {TABLE} FOR EACH ROW
        WHEN (({old}) IS DISTINCT FROM ({new})) EXECUTE FUNCTION tasks_tally_note()
        """,
    ]


def _sqlite(columns):
    changed = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in columns)
    return [
        f"CREATE TRIGGER tasks_task_tally_insert AFTER INSERT ON {TABLE} BEGIN {_note('NEW')}; END",
        f"CREATE TRIGGER tasks_task_tally_delete AFTER DELETE ON {TABLE} BEGIN {_note('OLD')}; END",
        f"""
        CREATE TRIGGER tasks_task_tally_update AFTER UPDATE ON {TABLE} WHEN {changed}
        BEGIN
            {_note("OLD")};
            INSERT INTO {CHANGES} (group_id, lead_agency_id) SELECT NEW.group_id, NEW.lead_agency_id
            WHERE NEW.group_id IS NOT OLD.group_id OR NEW.lead_agency_id IS NOT OLD.lead_agency_id;
        END
        """,
    ]


def statements(vendor, columns):
    """The SQL that installs the triggers watching ``columns`` of the tasks' table."""
    if vendor == "postgresql":
        return _postgresql(columns)
    if vendor == "sqlite":
        return _sqlite(columns)
    raise NotImplementedError(f"No tally triggers for {vendor}: the project runs on PostgreSQL and SQLite.")


def installer(columns):
    """A migration's function (``RunPython``) installing the triggers, watching ``columns``."""

    def install(apps, schema_editor):
        remove(apps, schema_editor)
        for sql in statements(schema_editor.connection.vendor, columns):
            schema_editor.execute(sql)

    return install


def remove(apps, schema_editor):
    for name in NAMES:
        suffix = f" ON {TABLE}" if schema_editor.connection.vendor == "postgresql" else ""
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}{suffix}")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS tasks_tally_note()")
