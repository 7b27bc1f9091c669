"""Agencies and memberships, as a new database makes them (Django's squashed migrations: see
``places.0001_initial``). It stands for ``0001``-``0006`` of this app and for ``tasks.0001_initial``, which
``0002_initial`` depended on (the duties' plan, before the duties moved to ``tasks``); the tasks' tables are
made by ``tasks``' own squash.
"""

import core.search
import django.db.models.deletion
import django.db.models.lookups
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('agencies', '0001_initial'),
        ('agencies', '0002_initial'),
        ('agencies', '0003_vietnamese_search_and_order'),
        ('agencies', '0004_circular14_reporter_roles'),
        ('agencies', '0005_updated_at'),
        ('agencies', '0006_responsibility_to_tasks_commune_to_places'),
        ('tasks', '0001_initial'),
    ]

    dependencies = [
        ('places', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Agency',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('search_text', models.TextField(blank=True, default='', editable=False, verbose_name='nội dung tìm kiếm')),
                ('code', models.CharField(help_text='Ví dụ: SCT, SXD, UBND-10231.', max_length=32, unique=True, verbose_name='mã')),
                ('name', models.CharField(max_length=255, verbose_name='tên cơ quan')),
                ('short_name', models.CharField(blank=True, max_length=100, verbose_name='tên viết tắt')),
                ('kind', models.CharField(choices=[('department', 'Sở, ngành'), ('police', 'Công an'), ('project_board', 'Ban quản lý dự án'), ('commune_committee', 'UBND xã, phường'), ('city_committee', 'UBND Thành phố'), ('ministry', 'Bộ, ngành trung ương'), ('investor', 'Chủ đầu tư hạ tầng cụm công nghiệp'), ('other', 'Khác')], default='department', max_length=32, verbose_name='loại cơ quan')),
                ('is_focal_point', models.BooleanField(default=False, help_text='Cơ quan chủ trì theo dõi, đôn đốc kế hoạch.', verbose_name='cơ quan đầu mối')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='thư điện tử liên hệ')),
                ('phone', models.CharField(blank=True, max_length=50, verbose_name='điện thoại')),
                ('is_active', models.BooleanField(default=True, verbose_name='đang hoạt động')),
                ('updated_at', models.DateTimeField(auto_now=True, db_index=True, verbose_name='cập nhật lúc')),
                ('commune', models.ForeignKey(blank=True, help_text='Chỉ dùng cho UBND xã, phường.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='agencies', to='places.commune', verbose_name='xã, phường')),
            ],
            options={
                'verbose_name': 'cơ quan',
                'verbose_name_plural': 'cơ quan',
                'ordering': ['-is_focal_point', models.Case(models.When(django.db.models.lookups.Exact(models.F('kind'), 'ministry'), then=models.Value(0)), models.When(django.db.models.lookups.Exact(models.F('kind'), 'city_committee'), then=models.Value(1)), models.When(django.db.models.lookups.Exact(models.F('kind'), 'department'), then=models.Value(2)), models.When(django.db.models.lookups.Exact(models.F('kind'), 'police'), then=models.Value(3)), models.When(django.db.models.lookups.Exact(models.F('kind'), 'project_board'), then=models.Value(4)), models.When(django.db.models.lookups.Exact(models.F('kind'), 'commune_committee'), then=models.Value(5)), models.When(django.db.models.lookups.Exact(models.F('kind'), 'investor'), then=models.Value(6)), models.When(django.db.models.lookups.Exact(models.F('kind'), 'other'), then=models.Value(7)), default=models.Value(8), output_field=models.IntegerField()), core.search.Vietnamese('name'), 'code'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalAgency',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('code', models.CharField(db_index=True, help_text='Ví dụ: SCT, SXD, UBND-10231.', max_length=32, verbose_name='mã')),
                ('name', models.CharField(max_length=255, verbose_name='tên cơ quan')),
                ('short_name', models.CharField(blank=True, max_length=100, verbose_name='tên viết tắt')),
                ('kind', models.CharField(choices=[('department', 'Sở, ngành'), ('police', 'Công an'), ('project_board', 'Ban quản lý dự án'), ('commune_committee', 'UBND xã, phường'), ('city_committee', 'UBND Thành phố'), ('ministry', 'Bộ, ngành trung ương'), ('investor', 'Chủ đầu tư hạ tầng cụm công nghiệp'), ('other', 'Khác')], default='department', max_length=32, verbose_name='loại cơ quan')),
                ('is_focal_point', models.BooleanField(default=False, help_text='Cơ quan chủ trì theo dõi, đôn đốc kế hoạch.', verbose_name='cơ quan đầu mối')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='thư điện tử liên hệ')),
                ('phone', models.CharField(blank=True, max_length=50, verbose_name='điện thoại')),
                ('is_active', models.BooleanField(default=True, verbose_name='đang hoạt động')),
                ('history_change_reason', models.TextField(null=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('commune', models.ForeignKey(blank=True, db_constraint=False, help_text='Chỉ dùng cho UBND xã, phường.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='places.commune', verbose_name='xã, phường')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical cơ quan',
                'verbose_name_plural': 'historical cơ quan',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalMembership',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('role', models.CharField(choices=[('coordinator', 'Điều phối (cơ quan đầu mối)'), ('officer', 'Cán bộ cơ quan'), ('viewer', 'Chỉ xem'), ('investor', 'Chủ đầu tư hạ tầng (báo cáo Biểu 02)'), ('commune_reporter', 'UBND xã, phường (báo cáo Biểu 03)')], default='officer', max_length=20, verbose_name='vai trò')),
                ('title', models.CharField(blank=True, max_length=150, verbose_name='chức vụ')),
                ('is_active', models.BooleanField(default=True, verbose_name='đang hiệu lực')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='tạo lúc')),
                ('history_change_reason', models.TextField(null=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('agency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agencies.agency', verbose_name='cơ quan')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người dùng')),
            ],
            options={
                'verbose_name': 'historical phân công người dùng',
                'verbose_name_plural': 'historical phân công người dùng',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Membership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('coordinator', 'Điều phối (cơ quan đầu mối)'), ('officer', 'Cán bộ cơ quan'), ('viewer', 'Chỉ xem'), ('investor', 'Chủ đầu tư hạ tầng (báo cáo Biểu 02)'), ('commune_reporter', 'UBND xã, phường (báo cáo Biểu 03)')], default='officer', max_length=20, verbose_name='vai trò')),
                ('title', models.CharField(blank=True, max_length=150, verbose_name='chức vụ')),
                ('is_active', models.BooleanField(default=True, verbose_name='đang hiệu lực')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='tạo lúc')),
                ('updated_at', models.DateTimeField(auto_now=True, db_index=True, verbose_name='cập nhật lúc')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='agencies.agency', verbose_name='cơ quan')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL, verbose_name='người dùng')),
            ],
            options={
                'verbose_name': 'phân công người dùng',
                'verbose_name_plural': 'phân công người dùng',
                'ordering': ['agency__code', 'user__username'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('is_active', True)), fields=('user',), name='one_active_membership_per_user', violation_error_message='Mỗi người dùng chỉ có một phân công đang hiệu lực.')],
            },
        ),
        core.search.TrigramIndex('agency'),
    ]
