"""Counts kept per task group and lead agency (``tasks.models.tally``), and the triggers that note every write to
the tasks they count (``tasks.triggers``).

Every pair that has tasks is noted as changed here, so the first reader counts it: the tally starts empty.
"""

import django.db.models.deletion
from django.db import migrations, models

from tasks import triggers


# The task columns the counts read, as of this migration (tasks.models.tally.COUNTED_COLUMNS then).
COUNTED_COLUMNS = (
    "group_id",
    "lead_agency_id",
    "status",
    "due_date",
    "completed_on",
    "completion_deadline",
    "last_reported_on",
)


def note_every_pair(apps, schema_editor):
    schema_editor.execute(
        "INSERT INTO tasks_tallychange (group_id, lead_agency_id) "
        "SELECT DISTINCT group_id, lead_agency_id FROM tasks_task"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0007_agency_kind_order_one_expression'),
        ('tasks', '0016_last_reported_on'),
    ]

    operations = [
        migrations.CreateModel(
            name='TallyChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('group', models.BigIntegerField(db_column='group_id')),
                ('lead_agency', models.BigIntegerField(db_column='lead_agency_id')),
            ],
            options={
                'verbose_name': 'thay đổi chờ đếm lại',
            },
        ),
        migrations.CreateModel(
            name='TaskTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('basis', models.CharField(max_length=40)),
                ('done_on_time', models.PositiveIntegerField(default=0)),
                ('done_late', models.PositiveIntegerField(default=0)),
                ('on_track', models.PositiveIntegerField(default=0)),
                ('due_soon', models.PositiveIntegerField(default=0)),
                ('overdue', models.PositiveIntegerField(default=0)),
                ('no_deadline', models.PositiveIntegerField(default=0)),
                ('cancelled', models.PositiveIntegerField(default=0)),
                ('open', models.PositiveIntegerField(default=0)),
                ('updated', models.PositiveIntegerField(default=0)),
                ('group', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='tasks.taskgroup')),
                ('lead_agency', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agencies.agency')),
            ],
            options={
                'verbose_name': 'số liệu nhiệm vụ theo nhóm và cơ quan chủ trì',
                'constraints': [models.UniqueConstraint(fields=('group', 'lead_agency'), name='task_tally_pair')],
            },
        ),
        migrations.RunPython(triggers.installer(COUNTED_COLUMNS), triggers.remove),
        migrations.RunPython(note_every_pair, migrations.RunPython.noop),
    ]
