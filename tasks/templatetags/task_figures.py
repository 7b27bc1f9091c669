"""Figures by deadline status written in Python: the stacked bar and the row of counts a table shows for each group
and agency. The dashboard draws some 26 bars and 25 rows of seven counts; through the template engine (an include a
bar, a variable lookup, localisation and escaping for each of some 2,300 values) they took half its rendering.
The HTML is the templates' (``tests/tasks/test_figure_tags.py`` holds them equal)."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.pages import template_text

register = template.Library()


def _cells(counts):
    """Each cell with its label and count as text, worked out once (a bar writes both twice)."""
    return [(cell, template_text(str(cell["label"])), template_text(cell["count"])) for cell in counts.cells]


@register.simple_tag
def status_bar(counts, size=""):
    """Tasks by deadline status as one stacked bar (SVG), each segment titled: ``counts`` is a
    ``tasks.figures.StatusCounts``; ``size`` a class ("bar-sm", "bar-lg")."""
    cells = _cells(counts)
    label = "; ".join(f"{name}: {count}" for _cell, name, count in cells)
    segments = "".join(
        f'<rect class="seg-{escape(cell["status"])}" x="{escape(cell["x"])}" width="{escape(cell["width"])}" '
        f'height="10"><title>{name}: {count}</title></rect>'
        for cell, name, count in cells
        if cell["count"]
    )
    return mark_safe(
        f'<svg class="bar {template_text(size or "")}" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
        f'aria-label="{label}"><rect class="bar-track" width="100" height="10"/>{segments}</svg>'
    )


@register.simple_tag
def status_cells(counts):
    """A table row's cells, one per deadline status: the count linked to its list, or a dimmed 0."""
    return mark_safe(
        "".join(
            f'<td class="num"><a href="{escape(cell["url"])}" data-count="{cell["count"]}">{count}</a></td>'
            if cell["count"]
            else '<td class="num zero">0</td>'
            for cell, _name, count in _cells(counts)
        )
    )
