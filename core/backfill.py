"""Data migrations of issue 16: a new ``updated_at`` starts as the time of the record's latest history row."""

from django.db.models import Exists, OuterRef, Subquery


def updated_at_from_history(app_label, *model_names, batch_size=1000):
    """A RunPython function: for each model, ``updated_at`` := its latest ``history_date``, batch by batch of
    ids (one UPDATE each, the same SQL on SQLite and PostgreSQL). Records without history keep the time of the
    migration, which AddField gave every row."""

    def run(apps, schema_editor):
        db = schema_editor.connection.alias  # the database being migrated, not always the default one
        for name in model_names:
            model = apps.get_model(app_label, name)
            historical = apps.get_model(app_label, f"Historical{name}")
            latest = (
                historical.objects.using(db).filter(id=OuterRef("pk")).order_by("-history_date").values("history_date")
            )
            last = 0
            while True:
                ids = list(
                    model.objects.using(db).filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size]
                )
                if not ids:
                    break
                model.objects.using(db).filter(pk__in=ids).filter(Exists(latest)).update(
                    updated_at=Subquery(latest[:1])
                )
                last = ids[-1]

    return run
