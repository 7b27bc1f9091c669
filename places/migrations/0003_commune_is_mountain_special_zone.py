"""Communes flagged as mountain areas (Decree 32's smaller clusters), and the special zones (đặc khu) of the national
list. After ``0002_moved_tables_renamed`` so a database made before the move renames its tables first (a new database
has it stood for by a squash, as ``0001_initial`` explains)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('places', '0001_initial'),
        ('places', '0002_moved_tables_renamed'),
    ]

    operations = [
        migrations.AddField(
            model_name='commune',
            name='is_mountain',
            field=models.BooleanField(default=False, help_text='Cụm công nghiệp trên địa bàn miền núi được có diện tích từ 5 ha (Nghị định 32/2024/NĐ-CP).', verbose_name='thuộc địa bàn miền núi'),
        ),
        migrations.AlterField(
            model_name='commune',
            name='kind',
            field=models.CharField(choices=[('ward', 'Phường'), ('commune', 'Xã'), ('special_zone', 'Đặc khu')], max_length=16, verbose_name='loại'),
        ),
    ]
