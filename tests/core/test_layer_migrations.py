"""The apps' move into layers (places under agencies; an agency's duties in a plan in tasks) keeps a database
made before it: its rows, their history, their relations and their permissions; and a new database, which
runs the squashes instead, ends with the same tables as one that was upgraded."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.loader import MigrationLoader

from agencies.models import Agency
from clusters.models import Cluster
from places.models import Commune
from reporting.models import Submission
from tasks.models import Responsibility
from tests.migration_paths import BEFORE_THE_MOVE, migrate_old_path, scratch_databases


@pytest.fixture(scope="module")
def databases(django_db_blocker, tmp_path_factory):
    """{"upgraded": a database made before the move, with rows, then migrated; "new": a new database
    migrated} (each migration run takes a while: the module shares them), and the duty made before."""
    with scratch_databases(django_db_blocker, tmp_path_factory.mktemp("layers")) as make:
        upgraded, new = make("upgraded"), make("new")
        duty = fill_before_the_move(migrate_old_path(upgraded, BEFORE_THE_MOVE), upgraded.alias)
        with upgraded.cursor() as cursor:
            # What ``migrate`` leaves for the models (a permission of a duty, say) before the move.
            cursor.execute(
                "INSERT INTO django_content_type (app_label, model) VALUES "
                "('agencies', 'responsibility'), ('clusters', 'commune'), ('clusters', 'province')"
            )
            cursor.execute(
                "INSERT INTO auth_permission (name, content_type_id, codename) SELECT 'Can change', id, "
                "'change_responsibility' FROM django_content_type WHERE model = 'responsibility'"
            )
        call_command("migrate", database=upgraded.alias, verbosity=0)
        call_command("migrate", database=new.alias, verbosity=0)
        yield {"upgraded": upgraded, "new": new, "duty": duty}


def fill_before_the_move(old, alias):
    """A commune with its agency, cluster and report, and a duty with its groups and history, as the models
    were before the move (``old``: the migration state's apps)."""

    def objects(app, model):
        return old.get_model(app, model).objects.using(alias)

    province = objects("clusters", "Province").create(code="01", name="Thành phố Hà Nội")
    commune = objects("clusters", "Commune").create(
        province=province, code="10231", name="Thượng Phúc", kind="commune", search_text="10231 thuong phuc"
    )
    agency = objects("agencies", "Agency").create(
        code="UBND-10231", name="UBND xã Thượng Phúc", kind="commune_committee", commune=commune
    )
    objects("agencies", "HistoricalAgency").create(
        id=agency.pk,
        code=agency.code,
        name=agency.name,
        kind=agency.kind,
        commune=commune,
        history_type="+",
        history_date="2026-12-01T00:00:00Z",
        history_change_reason="Nạp dữ liệu tham chiếu",
    )
    cluster = objects("clusters", "Cluster").create(code="HN-CCN-001", name="CCN Quất Động", province=province)
    cluster.communes.add(commune)
    plan = objects("tasks", "Plan").create(
        number="305/KH-UBND",
        title="Kế hoạch",
        issued_on="2025-11-12",
        year=2026,
        period_start="2026-01-01",
        period_end="2026-12-31",
    )
    groups = [objects("tasks", "TaskGroup").create(plan=plan, number=n, name=f"Nhóm {n}") for n in (1, 2)]
    duty = objects("agencies", "Responsibility").create(agency=agency, plan=plan, text="Phối hợp giải phóng mặt bằng")
    duty.task_groups.set(groups)
    record = objects("agencies", "HistoricalResponsibility").create(
        id=duty.pk,
        agency=agency,
        plan=plan,
        text=duty.text,
        order=0,
        history_type="+",
        history_date="2026-12-01T00:00:00Z",
        history_change_reason="Nạp dữ liệu tham chiếu",
    )
    for number, group in enumerate(groups, start=1):
        objects("agencies", "HistoricalResponsibility_task_groups").create(
            id=number, history=record, responsibility=duty, taskgroup=group
        )
    form = objects("reporting", "ReportForm").create(
        code="03",
        title="Biểu 03",
        reporter="commune",
        result_column="Kết quả",
        sender="UBND xã",
        recipients="Sở Công Thương",
        signer_title="Chủ tịch",
        due_half_year="06-20",
        due_annual="12-20",
    )
    period = objects("reporting", "ReportingPeriod").create(year=2026, kind="half_year")
    objects("reporting", "Submission").create(period=period, form=form, commune=commune)
    return duty


def test_a_database_made_before_the_move_keeps_its_rows_relations_and_history(databases):
    alias, duty = databases["upgraded"].alias, databases["duty"]

    commune = Commune.objects.using(alias).get()
    assert (commune.full_name, commune.province.name) == ("Xã Thượng Phúc", "Thành phố Hà Nội")
    assert Agency.objects.using(alias).get().commune == commune
    assert list(Cluster.objects.using(alias).get().communes.all()) == [commune]
    assert Submission.objects.using(alias).get().commune == commune
    moved = Responsibility.objects.using(alias).get()
    assert (moved.pk, moved.text, moved.agency.code) == (duty.pk, duty.text, "UBND-10231")
    assert sorted(moved.task_groups.values_list("number", flat=True)) == [1, 2]
    record = Responsibility.history.using(alias).get()
    assert (record.id, record.history_change_reason) == (duty.pk, "Nạp dữ liệu tham chiếu")
    groups = apps.get_model("tasks", "HistoricalResponsibility_task_groups").objects.using(alias)
    assert sorted(groups.filter(history=record).values_list("taskgroup__number", flat=True)) == [1, 2]
    # The search column and the history of the agency's commune came along.
    assert Commune.objects.using(alias).filter(search_text__contains="thuong phuc").exists()
    assert Agency.history.using(alias).get().commune_id == commune.pk


def test_the_permissions_of_moved_models_follow_them(databases):
    with databases["upgraded"].cursor() as cursor:
        cursor.execute(
            "SELECT ct.app_label FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id "
            "WHERE p.codename = 'change_responsibility'"
        )
        assert cursor.fetchall() == [("tasks",)]
        cursor.execute("SELECT app_label, model FROM django_content_type WHERE model IN ('commune', 'province')")
        assert sorted(cursor.fetchall()) == [("places", "commune"), ("places", "province")]


def tables(connection):
    """{table: (columns with their type and nullability, the tables its foreign keys point to, the column
    sets that are indexed or unique)}: what a database is, whatever its indexes are named."""
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table == "django_migrations":
                continue
            columns = sorted(
                (column.name, column.type_code, column.null_ok)
                for column in connection.introspection.get_table_description(cursor, table)
            )
            constraints = connection.introspection.get_constraints(cursor, table).values()
            pointed = sorted(str(c["foreign_key"]) for c in constraints if c["foreign_key"])
            indexed = sorted(
                (tuple(c["columns"]), bool(c["unique"]), bool(c["primary_key"]))
                for c in constraints
                if not c["foreign_key"] and c["columns"]
            )
            found[table] = (columns, pointed, indexed)
    return found


def test_an_upgraded_database_has_the_tables_a_new_one_has(databases):
    upgraded, new = tables(databases["upgraded"]), tables(databases["new"])

    assert upgraded == new
    assert "places_commune" in new and "tasks_responsibility_task_groups" in new


def test_the_squashes_describe_the_models_the_old_migrations_leave():
    """What a new database's migrations say the models are is what the old ones and the moves say: a
    migration written later builds on either path alike."""
    old = MigrationLoader(None, ignore_no_migrations=True, replace_migrations=False)
    squashes = {key for key, migration in old.disk_migrations.items() if migration.replaces}
    leaves = [key for key in old.graph.leaf_nodes() if key not in squashes]
    old_state = old.project_state(leaves, at_end=True)
    new = MigrationLoader(None, ignore_no_migrations=True)

    changes = MigrationAutodetector(old_state, new.project_state()).changes(graph=new.graph)

    assert changes == {}
