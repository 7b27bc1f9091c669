"""The Circular 14 reporting cycle, as a new database makes it (Django's squashed migrations: see
``places.0001_initial``). It stands for ``0001``-``0003``, and for the last steps of the communes' move
that follow this app's (``clusters.0012_places_models_removed``, ``places.0002_moved_tables_renamed``); a
database made before the move runs those.
"""

import django.core.serializers.json
import django.db.models.deletion
import reporting.models
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('reporting', '0001_circular14_reporting_cycle'),
        ('reporting', '0002_updated_at'),
        ('reporting', '0003_commune_in_places'),
        ('clusters', '0012_places_models_removed'),
        ('places', '0002_moved_tables_renamed'),
    ]

    dependencies = [
        ('clusters', '0002_squashed_0011_places_moved_out'),
        ('places', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ReportForm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(help_text='Ví dụ: 02.', max_length=8, unique=True, verbose_name='mã biểu')),
                ('title', models.CharField(max_length=255, verbose_name='tên biểu')),
                ('reporter', models.CharField(choices=[('tenant', 'Dự án đầu tư trong cụm'), ('investor', 'Chủ đầu tư hạ tầng'), ('commune', 'UBND xã, phường'), ('department', 'Sở Công Thương')], max_length=20, verbose_name='đơn vị báo cáo')),
                ('result_column', models.CharField(max_length=100, verbose_name='tên cột kết quả')),
                ('sender', models.CharField(max_length=255, verbose_name='đơn vị gửi báo cáo')),
                ('recipients', models.CharField(max_length=500, verbose_name='đơn vị nhận báo cáo')),
                ('signer_title', models.CharField(max_length=150, verbose_name='người ký')),
                ('due_half_year', models.CharField(max_length=5, verbose_name='hạn báo cáo 6 tháng (tháng-ngày)')),
                ('due_annual', models.CharField(max_length=5, verbose_name='hạn báo cáo năm (tháng-ngày)')),
                ('collected', models.BooleanField(default=False, help_text='Biểu do đơn vị báo cáo nộp qua hệ thống.', verbose_name='thu nhận trên hệ thống')),
                ('updated_at', models.DateTimeField(auto_now=True, db_index=True, verbose_name='cập nhật lúc')),
            ],
            options={
                'verbose_name': 'biểu báo cáo',
                'verbose_name_plural': 'biểu báo cáo',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalReportForm',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('code', models.CharField(db_index=True, help_text='Ví dụ: 02.', max_length=8, verbose_name='mã biểu')),
                ('title', models.CharField(max_length=255, verbose_name='tên biểu')),
                ('reporter', models.CharField(choices=[('tenant', 'Dự án đầu tư trong cụm'), ('investor', 'Chủ đầu tư hạ tầng'), ('commune', 'UBND xã, phường'), ('department', 'Sở Công Thương')], max_length=20, verbose_name='đơn vị báo cáo')),
                ('result_column', models.CharField(max_length=100, verbose_name='tên cột kết quả')),
                ('sender', models.CharField(max_length=255, verbose_name='đơn vị gửi báo cáo')),
                ('recipients', models.CharField(max_length=500, verbose_name='đơn vị nhận báo cáo')),
                ('signer_title', models.CharField(max_length=150, verbose_name='người ký')),
                ('due_half_year', models.CharField(max_length=5, verbose_name='hạn báo cáo 6 tháng (tháng-ngày)')),
                ('due_annual', models.CharField(max_length=5, verbose_name='hạn báo cáo năm (tháng-ngày)')),
                ('collected', models.BooleanField(default=False, help_text='Biểu do đơn vị báo cáo nộp qua hệ thống.', verbose_name='thu nhận trên hệ thống')),
                ('history_change_reason', models.TextField(null=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical biểu báo cáo',
                'verbose_name_plural': 'historical biểu báo cáo',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalReportingPeriod',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='năm')),
                ('kind', models.CharField(choices=[('half_year', '6 tháng'), ('annual', 'Năm')], max_length=10, verbose_name='kỳ báo cáo')),
                ('history_change_reason', models.TextField(null=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical kỳ báo cáo',
                'verbose_name_plural': 'historical kỳ báo cáo',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Indicator',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.SlugField(help_text='Mã ổn định, không đổi khi đánh số lại.', max_length=64, verbose_name='mã chỉ tiêu')),
                ('row', models.CharField(max_length=8, verbose_name='số thứ tự (TT)')),
                ('order', models.PositiveSmallIntegerField(verbose_name='thứ tự')),
                ('section', models.CharField(blank=True, max_length=255, verbose_name='mục')),
                ('label', models.TextField(verbose_name='chỉ tiêu')),
                ('unit', models.CharField(max_length=64, verbose_name='đơn vị tính')),
                ('nature', models.CharField(choices=[('cumulative', 'Lũy kế'), ('in_period', 'Trong kỳ báo cáo'), ('stock', 'Tại thời điểm báo cáo'), ('flag', 'Có (1) / không (0)')], max_length=20, verbose_name='tính chất')),
                ('not_above', models.SlugField(blank=True, help_text='Mã chỉ tiêu cùng biểu.', max_length=64, verbose_name='không lớn hơn chỉ tiêu')),
                ('sum_of', models.CharField(blank=True, help_text='Các mã chỉ tiêu cùng biểu, cách nhau dấu cách.', max_length=255, verbose_name='bằng tổng các chỉ tiêu')),
                ('cluster_field', models.CharField(blank=True, help_text='Tên trường của cụm công nghiệp.', max_length=64, verbose_name='trường của sổ đăng ký (điền sẵn)')),
                ('report_field', models.CharField(blank=True, max_length=64, verbose_name='trường của báo cáo định kỳ (khi chấp nhận)')),
                ('scale', models.DecimalField(decimal_places=0, default=1, help_text='Ví dụ: 1.000.000.000 khi sổ đăng ký ghi đồng và biểu ghi tỷ đồng.', max_digits=20, verbose_name='hệ số quy đổi sang sổ đăng ký')),
                ('form', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='indicators', to='reporting.reportform', verbose_name='biểu')),
            ],
            options={
                'verbose_name': 'chỉ tiêu báo cáo',
                'verbose_name_plural': 'chỉ tiêu báo cáo',
                'ordering': ['form', 'order'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalIndicator',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('key', models.SlugField(help_text='Mã ổn định, không đổi khi đánh số lại.', max_length=64, verbose_name='mã chỉ tiêu')),
                ('row', models.CharField(max_length=8, verbose_name='số thứ tự (TT)')),
                ('order', models.PositiveSmallIntegerField(verbose_name='thứ tự')),
                ('section', models.CharField(blank=True, max_length=255, verbose_name='mục')),
                ('label', models.TextField(verbose_name='chỉ tiêu')),
                ('unit', models.CharField(max_length=64, verbose_name='đơn vị tính')),
                ('nature', models.CharField(choices=[('cumulative', 'Lũy kế'), ('in_period', 'Trong kỳ báo cáo'), ('stock', 'Tại thời điểm báo cáo'), ('flag', 'Có (1) / không (0)')], max_length=20, verbose_name='tính chất')),
                ('not_above', models.SlugField(blank=True, help_text='Mã chỉ tiêu cùng biểu.', max_length=64, verbose_name='không lớn hơn chỉ tiêu')),
                ('sum_of', models.CharField(blank=True, help_text='Các mã chỉ tiêu cùng biểu, cách nhau dấu cách.', max_length=255, verbose_name='bằng tổng các chỉ tiêu')),
                ('cluster_field', models.CharField(blank=True, help_text='Tên trường của cụm công nghiệp.', max_length=64, verbose_name='trường của sổ đăng ký (điền sẵn)')),
                ('report_field', models.CharField(blank=True, max_length=64, verbose_name='trường của báo cáo định kỳ (khi chấp nhận)')),
                ('scale', models.DecimalField(decimal_places=0, default=1, help_text='Ví dụ: 1.000.000.000 khi sổ đăng ký ghi đồng và biểu ghi tỷ đồng.', max_digits=20, verbose_name='hệ số quy đổi sang sổ đăng ký')),
                ('history_change_reason', models.TextField(null=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('form', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reporting.reportform', verbose_name='biểu')),
            ],
            options={
                'verbose_name': 'historical chỉ tiêu báo cáo',
                'verbose_name_plural': 'historical chỉ tiêu báo cáo',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='ReportingPeriod',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='năm')),
                ('kind', models.CharField(choices=[('half_year', '6 tháng'), ('annual', 'Năm')], max_length=10, verbose_name='kỳ báo cáo')),
                ('updated_at', models.DateTimeField(auto_now=True, db_index=True, verbose_name='cập nhật lúc')),
            ],
            options={
                'verbose_name': 'kỳ báo cáo',
                'verbose_name_plural': 'kỳ báo cáo',
                'ordering': ['-year', 'kind'],
                'constraints': [models.UniqueConstraint(fields=('year', 'kind'), name='one_reporting_period_per_year_and_kind', violation_error_message='Kỳ báo cáo này đã có.'), models.CheckConstraint(condition=models.Q(('year__gte', 2000), ('year__lte', 2100)), name='reporting_period_year_range', violation_error_message='Năm báo cáo phải từ 2000 đến 2100.')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalSubmission',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('state', models.CharField(choices=[('not_started', 'Chưa lập'), ('draft', 'Đang soạn'), ('submitted', 'Đã gửi, chờ tiếp nhận'), ('returned', 'Bị trả lại'), ('accepted', 'Đã tiếp nhận')], default='not_started', max_length=20, verbose_name='trạng thái')),
                ('signer_name', models.CharField(blank=True, max_length=255, verbose_name='người ký')),
                ('signer_title', models.CharField(blank=True, max_length=255, verbose_name='chức vụ người ký')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='gửi lúc')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='tiếp nhận, trả lại lúc')),
                ('return_reason', models.TextField(blank=True, verbose_name='lý do trả lại')),
                ('reminders_sent', models.PositiveSmallIntegerField(default=0, verbose_name='số lần đã nhắc')),
                ('last_reminded_on', models.DateField(blank=True, null=True, verbose_name='nhắc lần cuối ngày')),
                ('escalated_on', models.DateField(blank=True, null=True, verbose_name='chuyển đôn đốc ngày')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='phiên bản')),
                ('history_change_reason', models.TextField(null=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('cluster', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='clusters.cluster', verbose_name='cụm công nghiệp')),
                ('commune', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='places.commune', verbose_name='xã, phường')),
                ('decided_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người tiếp nhận, trả lại')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('submitted_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người gửi')),
                ('form', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reporting.reportform', verbose_name='biểu')),
                ('period', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reporting.reportingperiod', verbose_name='kỳ báo cáo')),
            ],
            options={
                'verbose_name': 'historical báo cáo định kỳ đã nộp',
                'verbose_name_plural': 'historical báo cáo định kỳ đã nộp',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalBieu04',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('number', models.CharField(db_index=True, help_text='Ví dụ: 456/BC-SCT.', max_length=64, verbose_name='số hiệu')),
                ('issued_on', models.DateField(verbose_name='ngày ban hành')),
                ('signer', models.CharField(max_length=255, verbose_name='người ký')),
                ('figures', models.JSONField(editable=False, encoder=django.core.serializers.json.DjangoJSONEncoder, verbose_name='số liệu')),
                ('xlsx_file', models.TextField(editable=False, max_length=255, verbose_name='tệp .xlsx')),
                ('docx_file', models.TextField(editable=False, max_length=255, verbose_name='tệp .docx')),
                ('issued_at', models.DateTimeField(blank=True, editable=False, verbose_name='ban hành lúc')),
                ('history_change_reason', models.TextField(null=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('issued_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người ban hành')),
                ('period', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reporting.reportingperiod', verbose_name='kỳ báo cáo')),
            ],
            options={
                'verbose_name': 'historical Biểu 04 đã ban hành',
                'verbose_name_plural': 'historical Biểu 04 đã ban hành',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Bieu04',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.CharField(help_text='Ví dụ: 456/BC-SCT.', max_length=64, unique=True, verbose_name='số hiệu')),
                ('issued_on', models.DateField(verbose_name='ngày ban hành')),
                ('signer', models.CharField(max_length=255, verbose_name='người ký')),
                ('figures', models.JSONField(editable=False, encoder=django.core.serializers.json.DjangoJSONEncoder, verbose_name='số liệu')),
                ('xlsx_file', models.FileField(editable=False, max_length=255, upload_to=reporting.models.bieu04_file_path, verbose_name='tệp .xlsx')),
                ('docx_file', models.FileField(editable=False, max_length=255, upload_to=reporting.models.bieu04_file_path, verbose_name='tệp .docx')),
                ('issued_at', models.DateTimeField(auto_now_add=True, verbose_name='ban hành lúc')),
                ('issued_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người ban hành')),
                ('period', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='bieu04', to='reporting.reportingperiod', verbose_name='kỳ báo cáo')),
            ],
            options={
                'verbose_name': 'Biểu 04 đã ban hành',
                'verbose_name_plural': 'Biểu 04 đã ban hành',
                'ordering': ['-period__year', '-period__kind'],
            },
        ),
        migrations.CreateModel(
            name='Submission',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state', models.CharField(choices=[('not_started', 'Chưa lập'), ('draft', 'Đang soạn'), ('submitted', 'Đã gửi, chờ tiếp nhận'), ('returned', 'Bị trả lại'), ('accepted', 'Đã tiếp nhận')], default='not_started', max_length=20, verbose_name='trạng thái')),
                ('signer_name', models.CharField(blank=True, max_length=255, verbose_name='người ký')),
                ('signer_title', models.CharField(blank=True, max_length=255, verbose_name='chức vụ người ký')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='gửi lúc')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='tiếp nhận, trả lại lúc')),
                ('return_reason', models.TextField(blank=True, verbose_name='lý do trả lại')),
                ('reminders_sent', models.PositiveSmallIntegerField(default=0, verbose_name='số lần đã nhắc')),
                ('last_reminded_on', models.DateField(blank=True, null=True, verbose_name='nhắc lần cuối ngày')),
                ('escalated_on', models.DateField(blank=True, null=True, verbose_name='chuyển đôn đốc ngày')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='phiên bản')),
                ('updated_at', models.DateTimeField(auto_now=True, db_index=True, verbose_name='cập nhật lúc')),
                ('cluster', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='submissions', to='clusters.cluster', verbose_name='cụm công nghiệp')),
                ('commune', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='submissions', to='places.commune', verbose_name='xã, phường')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người tiếp nhận, trả lại')),
                ('form', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='submissions', to='reporting.reportform', verbose_name='biểu')),
                ('period', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='submissions', to='reporting.reportingperiod', verbose_name='kỳ báo cáo')),
                ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người gửi')),
            ],
            options={
                'verbose_name': 'báo cáo định kỳ đã nộp',
                'verbose_name_plural': 'báo cáo định kỳ đã nộp',
                'ordering': ['period', 'form', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalSubmissionValue',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('value', models.DecimalField(blank=True, decimal_places=3, max_digits=20, null=True, verbose_name='kết quả')),
                ('note', models.CharField(blank=True, max_length=500, verbose_name='ghi chú')),
                ('history_change_reason', models.TextField(null=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('indicator', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reporting.indicator', verbose_name='chỉ tiêu')),
                ('submission', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reporting.submission', verbose_name='báo cáo')),
            ],
            options={
                'verbose_name': 'historical số liệu chỉ tiêu',
                'verbose_name_plural': 'historical số liệu chỉ tiêu',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='SubmissionValue',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('value', models.DecimalField(blank=True, decimal_places=3, max_digits=20, null=True, verbose_name='kết quả')),
                ('note', models.CharField(blank=True, max_length=500, verbose_name='ghi chú')),
                ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='values', to='reporting.indicator', verbose_name='chỉ tiêu')),
                ('submission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='values', to='reporting.submission', verbose_name='báo cáo')),
            ],
            options={
                'verbose_name': 'số liệu chỉ tiêu',
                'verbose_name_plural': 'số liệu chỉ tiêu',
                'ordering': ['submission', 'indicator__order'],
            },
        ),
        migrations.AddConstraint(
            model_name='indicator',
            constraint=models.UniqueConstraint(fields=('form', 'key'), name='indicator_key_unique_per_form'),
        ),
        migrations.AddConstraint(
            model_name='indicator',
            constraint=models.UniqueConstraint(fields=('form', 'row'), name='indicator_row_unique_per_form'),
        ),
        migrations.AddIndex(
            model_name='submission',
            index=models.Index(fields=['period', 'state'], name='submission_period_state'),
        ),
        migrations.AddConstraint(
            model_name='submission',
            constraint=models.UniqueConstraint(condition=models.Q(('cluster__isnull', False)), fields=('period', 'form', 'cluster'), name='one_submission_per_cluster_and_period', violation_error_message='Cụm này đã có báo cáo trong kỳ.'),
        ),
        migrations.AddConstraint(
            model_name='submission',
            constraint=models.UniqueConstraint(condition=models.Q(('cluster__isnull', True)), fields=('period', 'form', 'commune'), name='one_submission_per_commune_and_period', violation_error_message='Xã, phường này đã có báo cáo trong kỳ.'),
        ),
        migrations.AddConstraint(
            model_name='submission',
            constraint=models.CheckConstraint(condition=models.Q(('cluster__isnull', False), ('commune__isnull', False), _connector='OR'), name='submission_has_a_subject', violation_error_message='Báo cáo phải thuộc một cụm hoặc một xã, phường.'),
        ),
        migrations.AddConstraint(
            model_name='submissionvalue',
            constraint=models.UniqueConstraint(fields=('submission', 'indicator'), name='one_value_per_indicator'),
        ),
    ]
