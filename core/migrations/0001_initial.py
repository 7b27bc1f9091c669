"""The mark of the current layout of the apps (core, accounts, agencies, clusters, tasks, notifications,
audit). It creates nothing; a database where it is missing but the apps' tables exist was made by the
layout before, and ``manage.py migrate`` says so instead of failing half-way (core/management)."""

from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = []
