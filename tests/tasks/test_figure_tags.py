"""The deadline-status bar and table cells written in Python (``tasks.templatetags.task_figures``) are the HTML the
templates wrote: every status, zeros, thousands (separated in Vietnamese), filters in the links, both languages."""

import pytest
from django.template import Context, Template
from django.utils import translation

from tasks.figures import empty_counts
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


def test_thousands_are_separated_as_the_page_writes_them():
    counts = figures([1234, 0, 0, 0, 0, 0])
    with translation.override("vi"):
        html = TAGS.render(Context({"counts": counts, "size": "bar-sm"}))
    assert ">1.234</a>" in html and 'data-count="1234"' in html and ": 1.234" in html
