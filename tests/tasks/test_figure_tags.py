"""The deadline-status bar, table cells and the dashboard's tables by group and agency written in Python
(``tasks.templatetags.task_figures``) are the HTML the templates wrote: every status, zeros, thousands (separated in
Vietnamese), filters in the links, names to escape, update rates or none, with and without letters, no rows, both
languages."""

import pytest
from django.template import Context, Template
from django.utils import translation

from tasks.figures import UpdateRate, empty_counts
from tasks.models import DeadlineStatus

# The templates the tags replace, as they were.
BAR = Template(
    '<svg class="bar {{ size|default:\'\' }}" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
    'aria-label="{% for cell in counts.cells %}{{ cell.label }}: {{ cell.count }}{% if not forloop.last %}; '
    '{% endif %}{% endfor %}"><rect class="bar-track" width="100" height="10"/>{% for cell in counts.cells %}'
    '{% if cell.count %}<rect class="seg-{{ cell.status }}" x="{{ cell.x }}" width="{{ cell.width }}" height="10">'
    "<title>{{ cell.label }}: {{ cell.count }}</title></rect>{% endif %}{% endfor %}</svg>"
)
CELLS = Template(
    '{% load l10n %}{% for cell in row.cells %}<td class="num{% if not cell.count %} zero{% endif %}">'
    '{% if cell.count %}<a href="{{ cell.url }}" data-count="{{ cell.count|unlocalize }}">{{ cell.count }}</a>'
    "{% else %}0{% endif %}</td>{% endfor %}"
)
TAGS = Template("{% load task_figures %}{% status_bar counts size %}|{% status_cells counts %}")


def figures(numbers, **filters):
    counts = empty_counts(**filters)
    for status, n in zip(DeadlineStatus, numbers, strict=False):
        counts.add(status, n)
    return counts


CASES = [
    ([0, 0, 0, 0, 0, 0], {}),
    ([3, 0, 12, 1, 0, 7], {"plan": 1, "group": 4}),
    ([1234, 56789, 0, 2, 1000000, 5], {"plan": 2, "lead_agency": 17}),
]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(("numbers", "filters"), CASES)
@pytest.mark.parametrize("size", ["bar-sm", "bar-lg", ""])
def test_the_tags_write_what_the_templates_wrote(language, numbers, filters, size):
    counts = figures(numbers, **filters)
    with translation.override(language):
        context = Context({"counts": counts, "row": counts, "size": size})
        expected = f"{BAR.render(context)}|{CELLS.render(context)}"
        assert TAGS.render(context) == expected


# The dashboard's figures above its tables and the legend of its bar, as the template wrote them.
STATS = Template(
    """{% load l10n %}{% for cell in counts.cells %}
    <a class="stat stat-{{ cell.status }}" href="{{ cell.url }}" data-count="{{ cell.count|unlocalize }}"><span class="stat-value">{{ cell.count }}</span><span class="stat-label">{{ cell.label }}</span></a>
    {% endfor %}|{% for cell in counts.cells %}<li><svg viewBox="0 0 10 10" aria-hidden="true"><rect class="seg-{{ cell.status }}" width="10" height="10" rx="2"/></svg><a href="{{ cell.url }}">{{ cell.label }} ({{ cell.count }})</a></li>{% endfor %}"""
)
STAT_TAGS = Template("{% load task_figures %}{% status_stats counts %}|{% status_legend counts %}")


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(("numbers", "filters"), CASES)
def test_the_stats_and_legend_write_what_the_template_wrote(language, numbers, filters):
    counts = figures(numbers, **filters)
    with translation.override(language):
        context = Context({"counts": counts})
        assert STAT_TAGS.render(context) == STATS.render(context)


def test_thousands_are_separated_as_the_page_writes_them():
    counts = figures([1234, 0, 0, 0, 0, 0])
    with translation.override("vi"):
        html = TAGS.render(Context({"counts": counts, "size": "bar-sm"}))
    assert ">1.234</a>" in html and 'data-count="1234"' in html and ": 1.234" in html


# The dashboard's two tables of them, as its template wrote them (their rows between <tbody> and </tbody>).
GROUP_ROWS = Template(
    """{% load l10n task_figures %}{% for group, row in group_rows %}
        <tr>
          <th scope="row"><a href="{{ row.url }}">{{ group }}</a></th>
          <td class="num"><a href="{{ row.url }}" data-count="{{ row.total|unlocalize }}">{{ row.total }}</a></td>
          {% status_cells row %}
          <td class="num">{% if row.overdue_share is not None %}{{ row.overdue_share }}%{% else %}—{% endif %}</td>
          <td>{% status_bar row "bar-sm" %}</td>
        </tr>
        {% endfor %}"""
)
AGENCY_ROWS = Template(
    """{% load i18n l10n pages task_figures %}{% url 'notifications:letter_create' as letter_url %}{% for agency, row in agency_rows %}
        <tr>
          <th scope="row"><a href="{% record_url 'workspace:agency_detail' agency.pk %}">{{ agency }}</a></th>
          <td class="num"><a href="{{ row.url }}" data-count="{{ row.total|unlocalize }}">{{ row.total }}</a></td>
          {% status_cells row %}
          <td class="num">{% if row.on_time_rate is not None %}{{ row.on_time_rate }}%{% else %}—{% endif %}</td>
          <td class="num">{% if row.update.rate is not None %}{{ row.update.rate }}%{% if row.update.not_updated %}<br><a class="muted" href="{{ row.update.not_updated_url }}" data-count="{{ row.update.not_updated|unlocalize }}">{% blocktranslate count n=row.update.not_updated %}{{ n }} chưa cập nhật{% plural %}{{ n }} chưa cập nhật{% endblocktranslate %}</a>{% endif %}{% else %}—{% endif %}</td>
          <td>{% status_bar row "bar-sm" %}</td>
          {% if can_write_letters %}<td><a href="{{ letter_url }}?agency={{ agency.pk|unlocalize }}" title="{% translate 'Công văn đôn đốc (.docx) liệt kê nhiệm vụ quá hạn và sắp đến hạn' %}">{% translate "Lập công văn" %}</a></td>{% endif %}
        </tr>
        {% empty %}
        <tr><td colspan="12" class="empty">{% translate "Chưa có nhiệm vụ nào." %}</td></tr>
        {% endfor %}"""
)
ROW_TAGS = Template(
    "{% load task_figures %}{% group_figure_rows group_rows %}|{% url 'notifications:letter_create' as letter_url %}"
    "{% agency_figure_rows agency_rows can_write_letters letter_url %}"
)


class Named:
    """A group or an agency as the rows use it: an id and a name."""

    def __init__(self, pk, name):
        self.pk = pk
        self.name = name

    def __str__(self):
        return self.name


# Each agency's update rate: none (no open task), all updated, some not (one, thousands); and no rate at all.
UPDATES = [None, (4, 4), (3, 4), (1000, 2234), "absent"]


def table_rows(key):
    rows = []
    for index, ((numbers, _filters), update) in enumerate(zip(CASES * 2, UPDATES, strict=False)):
        counts = figures(numbers, plan=1, **{key: index + 1})
        if update != "absent":
            counts.update = (
                None if update is None else UpdateRate(*update, filters={"plan": 1, "lead_agency": index + 1})
            )
        rows.append((Named(index + 1, f"Sở <Công> & Thương {index}"), counts))
    return rows


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("can_write_letters", [True, False])
@pytest.mark.parametrize("empty", [False, True])
def test_the_dashboards_tables_write_what_their_template_wrote(language, can_write_letters, empty):
    context = {
        "group_rows": [] if empty else table_rows("group"),
        "agency_rows": [] if empty else table_rows("lead_agency"),
        "can_write_letters": can_write_letters,
    }
    with translation.override(language):
        expected = f"{GROUP_ROWS.render(Context(context))}|{AGENCY_ROWS.render(Context(context))}"
        assert ROW_TAGS.render(Context(context)) == expected
    assert empty or "&lt;Công&gt; &amp; Thương" in expected
    assert empty or language != "vi" or 'data-count="1234">1.234 chưa cập nhật</a>' in expected


def test_each_figure_is_written_with_its_own_counts():
    # The texts are kept per figure for the rendering: a figure made afresh for each tag (the first one freed
    # before the second is made, its id free to be taken) is never written with another's.
    numbers = iter([[1, 2, 3, 0, 0, 0], [7, 0, 0, 0, 0, 9]])
    tag = Template("{% load task_figures %}{% status_cells fresh %}|{% status_cells fresh %}")
    first, second = tag.render(Context({"fresh": lambda: figures(next(numbers))})).split("|")
    assert 'data-count="7"' in second and 'data-count="9"' in second and 'data-count="2"' not in second


# The agencies page's rows, as its template wrote them (between <tbody> and </tbody>).
AGENCY_LIST_ROWS = Template(
    """{% load i18n task_figures %}{% for row in rows %}
      <tr>
        <th scope="row"><a href="{% url 'workspace:agency_detail' row.agency.pk %}">{{ row.agency.name }}</a>{% if row.agency.is_focal_point %} <span class="tag">{% translate "Cơ quan đầu mối" %}</span>{% endif %}<br><small>{{ row.agency.get_kind_display }}{% if not row.agency.is_active %} · {% translate "ngừng hoạt động" %}{% endif %}</small></th>
        <td class="num">{% if row.led.total %}<a href="{{ row.led.url }}">{{ row.led.total }}</a>{% else %}0{% endif %}</td>
        {% status_cells row.led %}
        <td class="num">{{ row.supported }}</td>
        <td class="num">{% if row.led.on_time_rate is not None %}{{ row.led.on_time_rate }}%{% else %}—{% endif %}</td>
        <td>{% if row.led.total %}{% status_bar row.led "bar-sm" %}{% endif %}</td>
      </tr>
      {% endfor %}"""
)


def agency_list_rows():
    from agencies.models import Agency

    kinds = list(Agency.Kind)
    rows = []
    for index, (numbers, _filters) in enumerate(CASES * 2):
        agency = Agency(
            pk=index + 1,
            name=f"Sở <Công> & Thương {index}",
            kind=kinds[index % len(kinds)],
            is_focal_point=index == 1,
            is_active=index != 2,
        )
        rows.append({"agency": agency, "led": figures(numbers, lead_agency=index + 1), "supported": index * 1500})
    return rows


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("empty", [False, True])
def test_the_agencies_page_rows_write_what_their_template_wrote(language, empty):
    context = {"rows": [] if empty else agency_list_rows()}
    with translation.override(language):
        expected = AGENCY_LIST_ROWS.render(Context(context))
        written = Template("{% load task_figures %}{% agency_list_rows rows %}").render(Context(context))
    assert written == expected
    if not empty and language == "vi":
        # an escaped name, the focal point, a stopped agency, a led total and supported tasks in thousands
        assert "&lt;Công&gt; &amp; Thương" in expected and "Cơ quan đầu mối" in expected
        assert "ngừng hoạt động" in expected and ">1.500<" in expected
