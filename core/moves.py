"""Helpers for the migrations that move a model to another app and keep its rows (``SeparateDatabaseAndState``
in the state, ``AlterModelTable`` in the database): what else in the database names the model's app."""


def content_types_moved(old_app, new_app, *model_names):
    """A RunPython pair: the models' content types (and so their permissions) change app, as the models did.

    A content type already made for the new app (nothing should have made one) is left alone, and so is the
    old one then: two rows for one model would break the unique (app_label, model)."""

    def move(apps, schema_editor, source, target):
        content_type = apps.get_model("contenttypes", "ContentType")
        manager = content_type.objects.db_manager(schema_editor.connection.alias)
        for name in model_names:
            name = name.lower()
            if not manager.filter(app_label=target, model=name).exists():
                manager.filter(app_label=source, model=name).update(app_label=target)

    def forwards(apps, schema_editor):
        move(apps, schema_editor, old_app, new_app)

    def backwards(apps, schema_editor):
        move(apps, schema_editor, new_app, old_app)

    return forwards, backwards


def trigram_index_renamed(old_table, new_table):
    """A RunPython pair: the PostgreSQL trigram index of a renamed table (``core.search.TrigramIndex`` names it
    after the table) takes the new table's name, so dropping it later finds it."""

    def rename(schema_editor, source, target):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'ALTER INDEX IF EXISTS "{source}_search_trgm" RENAME TO "{target}_search_trgm"')

    def forwards(apps, schema_editor):
        rename(schema_editor, old_table, new_table)

    def backwards(apps, schema_editor):
        rename(schema_editor, new_table, old_table)

    return forwards, backwards
