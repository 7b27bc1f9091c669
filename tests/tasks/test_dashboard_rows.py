"""The dashboard's targets, register by stage and register beside the plan written in Python
(``tasks.templatetags.dashboard_rows``) are the HTML the template wrote: measured targets and not, no data yet, a
range, reached and not, with and without an agency answering, no targets; stages with thousands; figures missing,
counted, linked or not, approximate; names to escape; both languages."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from tasks.targets import TargetProgress

# The template's loops the tags replace, as they were.
TARGETS = Template(
    """{% load i18n l10n pages %}{% for row in targets %}
    <div class="target">
      <div class="target-head">
        <span class="target-title">{% if row.url %}<a href="{{ row.url }}" data-target-figure="{% if row.progress.current is not None %}{{ row.progress.current|unlocalize }}{% endif %}">{{ row.target.description }}</a>{% else %}{{ row.target.description }}{% endif %}</span>
        <span class="target-figure">{% if row.progress.current is None %}{% translate "chưa có dữ liệu" %} · {% else %}{{ row.progress.current|floatformat:"-2" }}{% endif %}/{{ row.progress.target_min|floatformat:"-2" }}{% if row.progress.target_max is not None %}–{{ row.progress.target_max|floatformat:"-2" }}{% endif %} {{ row.progress.unit }}</span>
      </div>
      {% progress_bar row.progress.percent row.target.description "bar-lg" %}
{# the include that wrote the bar ended its file with a newline: kept, the page the same to the byte #}
      <div class="target-meta">
        {% if row.progress.achieved %}<span class="badge badge-done_on_time">{% translate "Đã đạt" %}</span>{% else %}{% blocktranslate with p=row.progress.percent %}Đạt {{ p }}% mức tối thiểu{% endblocktranslate %}{% endif %}
        {% if row.target.responsible_agency %} · {% translate "Chịu trách nhiệm:" %} {{ row.target.responsible_agency }}{% endif %}
      </div>
    </div>
    {% empty %}
    <p class="empty">{% translate "Kế hoạch chưa có chỉ tiêu." %}</p>
    {% endfor %}"""
)
STAGES = Template(
    """{% load l10n %}{% for item in register.by_status %}
      <div class="hbar-row">
        <a href="{{ item.url }}" data-count="{{ item.count|unlocalize }}">{{ item.label }}</a>
        <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"><rect class="bar-track" width="100" height="10"/><rect class="seg-status" width="{{ item.width }}" height="10"/></svg>
        <span class="num">{{ item.count }}</span>
      </div>
      {% endfor %}"""
)
COMPARISON = Template(
    """{% load i18n l10n %}{% for row in comparison %}
          <tr>
            <th scope="row">{{ row.label }}</th>
            <td class="num">{% if row.register is None %}—{% elif row.url %}<a href="{{ row.url }}"{% if row.is_count %} data-count="{{ row.register|unlocalize }}"{% endif %}>{{ row.register|floatformat:"-1" }}</a>{% else %}{{ row.register|floatformat:"-1" }}{% endif %}</td>
            <td class="num">{% if row.city is None %}—{% elif row.approximate %}{% translate "khoảng" %} <span>{{ row.city|floatformat:"-1" }}</span>{% else %}{{ row.city|floatformat:"-1" }}{% endif %}</td>
            <td>{{ row.unit }}</td>
          </tr>
          {% endfor %}"""
)
TAGS = Template(
    "{% load dashboard_rows %}{% target_blocks targets %}|{% register_stage_rows register.by_status %}|"
    "{% comparison_table_rows comparison %}"
)


class Agency:
    def __str__(self):
        return "Sở <Công> & Thương"


def target_row(description, current, target_min, target_max=None, unit="cụm", url="", agency=None):
    progress = TargetProgress(current=current, target_min=target_min, target_max=target_max, unit=unit)
    return SimpleNamespace(
        target=SimpleNamespace(description=description, responsible_agency=agency), progress=progress, url=url
    )


TARGET_ROWS = [
    target_row("Thành lập mới 10 cụm", Decimal(3), Decimal(10), url="/tasks/targets/1/", agency=Agency()),
    target_row("Lấp đầy <50%> & hơn", None, Decimal("50.5"), Decimal(60), unit="%", url="/tasks/targets/2/"),
    target_row("Hoàn thành hạ tầng", Decimal("12.25"), Decimal(12), unit="cụm"),
    target_row("Giá trị", Decimal("1234567.5"), Decimal(1000), Decimal("2000.75"), unit="tỷ đồng", agency=Agency()),
    target_row("Chưa có", Decimal(0), Decimal(0), url="/tasks/targets/5/"),
]
STAGE_ITEMS = [
    {
        "status": "in_scheme",
        "label": "Trong phương án",
        "count": 1234,
        "url": "/clusters/?stage=a&b=<c>",
        "width": "100.0",
    },
    {"status": "operating", "label": "Đang <hoạt> động", "count": 0, "url": "/clusters/?stage=op", "width": "0.0"},
    {"status": "x", "label": "X", "count": 7, "url": "/clusters/?stage=x", "width": "0.6"},
]
COMPARISON_ROWS = [
    {
        "label": "Cụm đang hoạt động",
        "register": 12,
        "url": "/clusters/?register=operating",
        "city": 80,
        "approximate": False,
        "unit": "cụm",
        "is_count": True,
    },
    {
        "label": "Diện tích <ha>",
        "register": Decimal("1234.56"),
        "url": "/clusters/?a=1&b=2",
        "city": Decimal("2000.04"),
        "approximate": True,
        "unit": "ha",
        "is_count": False,
    },
    {"label": "Lao động", "register": None, "city": None, "unit": "người"},
    {"label": "Doanh nghiệp", "register": 80000, "city": 80000, "approximate": True, "unit": "doanh nghiệp"},
    {"label": "Nộp ngân sách", "register": Decimal("0.0"), "url": "", "city": Decimal("12.35"), "unit": "tỷ đồng"},
]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("empty", [False, True])
def test_the_tags_write_what_the_template_wrote(language, empty):
    context = Context(
        {
            "targets": [] if empty else TARGET_ROWS,
            "register": {"by_status": [] if empty else STAGE_ITEMS},
            "comparison": [] if empty else COMPARISON_ROWS,
        }
    )
    with translation.override(language):
        expected = f"{TARGETS.render(context)}|{STAGES.render(context)}|{COMPARISON.render(context)}"
        assert TAGS.render(context) == expected


def test_figures_are_written_in_vietnamese():
    context = Context({"targets": TARGET_ROWS, "register": {"by_status": STAGE_ITEMS}, "comparison": COMPARISON_ROWS})
    with translation.override("vi"):
        html = TAGS.render(context)
    assert "chưa có dữ liệu · /50,50–60 %" in html and "Đạt 100% mức tối thiểu" not in html
    assert 'data-count="1234">Trong phương án</a>' in html and '<span class="num">1.234</span>' in html
    assert " <span>80.000</span></td>" in html and "Sở &lt;Công&gt; &amp; Thương" in html
