"""Figures by deadline status written in Python: the stacked bar and the row of counts a table shows for each group
and agency, and the dashboard's two tables of them, row by row. Through the template engine the bars and counts took
half the dashboard's rendering (an include a bar, a variable lookup, localisation and escaping for each of some 2,300
values); the rest of those rows, still written by it, a third of what remained. Each count is written as text once a
rendering, each row's links encoded from the filters they share (``core.figures.with_each``). The HTML is the
templates' (``tests/tasks/test_figure_tags.py`` holds them equal)."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from core.figures import record_path
from core.pages import choice_labels, template_text

from ..models import DeadlineStatus

register = template.Library()


class _Texts:
    """What a rendering has written as text already, in its language: the statuses' labels, each count (a dashboard
    writes some 200, a few dozen different) and each figure's cells (a row writes its counts, its bar them twice)."""

    def __init__(self):
        self.labels = {value: template_text(label) for value, label in choice_labels(DeadlineStatus).items()}
        self.numbers = {}
        self.cells = {}

    def number(self, n):
        """``template_text(n)`` of a count (an int; 1 and 1.0 are one key of a dict, not one text)."""
        if type(n) is not int:
            return template_text(n)
        text = self.numbers.get(n)
        if text is None:
            text = self.numbers[n] = template_text(n)
        return text


def _texts(context):
    key = (_Texts, get_language())
    texts = context.render_context.get(key)
    if texts is None:
        texts = context.render_context[key] = _Texts()
    return texts


def _cells(context, counts):
    """Each cell of ``counts`` with its label and count as text, worked out once per figure in a rendering."""
    texts = _texts(context)
    kept = texts.cells.get(id(counts))  # kept with the figure itself, so that no other figure takes its id meanwhile
    if kept is None:
        cells = [(cell, texts.labels[cell["status"]], texts.number(cell["count"])) for cell in counts.cells]
        kept = texts.cells[id(counts)] = (counts, cells)
    return kept[1]


@register.simple_tag(takes_context=True)
def status_bar(context, counts, size=""):
    """Tasks by deadline status as one stacked bar (SVG), each segment titled: ``counts`` is a
    ``tasks.figures.StatusCounts``; ``size`` a class ("bar-sm", "bar-lg")."""
    cells = _cells(context, counts)
    label = "; ".join(f"{name}: {count}" for _cell, name, count in cells)
    # A status code and a segment's place are ASCII written by ``StatusCounts.cells`` ("overdue", "12.50"), never
    # anyone's text: written as they are (escaping them, nine hundred times a page of 50 agencies, changed nothing).
    segments = "".join(
        f'<rect class="seg-{cell["status"]}" x="{cell["x"]}" width="{cell["width"]}" '
        f'height="10"><title>{name}: {count}</title></rect>'
        for cell, name, count in cells
        if cell["count"]
    )
    return mark_safe(
        f'<svg class="bar {template_text(size or "")}" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
        f'aria-label="{label}"><rect class="bar-track" width="100" height="10"/>{segments}</svg>'
    )


@register.simple_tag(takes_context=True)
def status_cells(context, counts):
    """A table row's cells, one per deadline status: the count linked to its list, or a dimmed 0."""
    return mark_safe(
        "".join(
            f'<td class="num"><a href="{escape(cell["url"])}" data-count="{cell["count"]}">{count}</a></td>'
            if cell["count"]
            else '<td class="num zero">0</td>'
            for cell, _name, count in _cells(context, counts)
        )
    )


@register.simple_tag(takes_context=True)
def status_stats(context, counts):
    """The figures above the dashboard's tables, one per deadline status: the count and its label, linked to the
    tasks in that status."""
    return mark_safe(
        "".join(
            f'\n    <a class="stat stat-{escape(cell["status"])}" href="{escape(cell["url"])}" data-count="{cell["count"]}">'
            f'<span class="stat-value">{count}</span><span class="stat-label">{name}</span></a>\n    '
            for cell, name, count in _cells(context, counts)
        )
    )


@register.simple_tag(takes_context=True)
def status_legend(context, counts):
    """The legend of a deadline-status bar: an item per status, its colour, label and count linked to its tasks."""
    return mark_safe(
        "".join(
            f'<li><svg viewBox="0 0 10 10" aria-hidden="true"><rect class="seg-{escape(cell["status"])}" width="10" '
            f'height="10" rx="2"/></svg><a href="{escape(cell["url"])}">{name} ({count})</a></li>'
            for cell, name, count in _cells(context, counts)
        )
    )


def _share(value):
    # {% if value is not None %}{{ value }}%{% else %}—{% endif %}
    return "—" if value is None else f"{template_text(value)}%"


def _figures(context, counts, url):
    """The cells a row of either table opens with after its heading: the total linked to ``url``, then the counts."""
    return (
        f'<td class="num"><a href="{url}" data-count="{counts.total}">{_texts(context).number(counts.total)}</a></td>'
        f"\n          {status_cells(context, counts)}"
    )


@register.simple_tag(takes_context=True)
def group_figure_rows(context, rows):
    """The dashboard's table by task group, a ``<tr>`` per (group, StatusCounts) of ``rows``: the group and its
    total linked to its tasks, the counts by deadline status, the share overdue and the bar."""
    written = []
    for group, counts in rows:
        url = escape(counts.url())
        written.append(
            "\n        <tr>"
            f'\n          <th scope="row"><a href="{url}">{template_text(group)}</a></th>'
            f"\n          {_figures(context, counts, url)}"
            f'\n          <td class="num">{_share(counts.overdue_share)}</td>'
            f"\n          <td>{status_bar(context, counts, 'bar-sm')}</td>"
            "\n        </tr>\n        "
        )
    return mark_safe("".join(written))


@register.simple_tag(takes_context=True)
def agency_figure_rows(context, rows, letters=False, letter_url=""):
    """The dashboard's table by lead agency, a ``<tr>`` per (agency, StatusCounts with its ``update``, an
    ``UpdateRate`` or None) of ``rows``: the agency linked to its page, its total linked to its tasks, the counts by
    deadline status, the on-time and update rates (those not updated linked), the bar and, with ``letters`` (who may
    write them), the link to a reminder letter to it at ``letter_url``; a row saying there is none when ``rows`` is
    empty."""
    if not rows:
        return mark_safe(
            f'\n        <tr><td colspan="12" class="empty">{template_text(gettext("Chưa có nhiệm vụ nào."))}</td></tr>'
            "\n        "
        )
    if letters:  # the link, before and after the agency's id
        title = template_text(gettext("Công văn đôn đốc (.docx) liệt kê nhiệm vụ quá hạn và sắp đến hạn"))
        letter = (
            f'<td><a href="{escape(letter_url)}?agency=',
            f'" title="{title}">{template_text(gettext("Lập công văn"))}</a></td>',
        )
    written = []
    for agency, counts in rows:
        update = getattr(counts, "update", None)
        rate = None if update is None else update.rate
        updated = _share(rate)
        if rate is not None and update.not_updated:
            n = update.not_updated
            text = ngettext("%(n)s chưa cập nhật", "%(n)s chưa cập nhật", n) % {"n": template_text(n)}
            updated += f'<br><a class="muted" href="{escape(update.not_updated_url)}" data-count="{n}">{text}</a>'
        written.append(
            "\n        <tr>"
            f'\n          <th scope="row"><a href="{escape(record_path("workspace:agency_detail", agency.pk))}">'
            f"{template_text(agency)}</a></th>"
            f"\n          {_figures(context, counts, escape(counts.url()))}"
            f'\n          <td class="num">{_share(counts.on_time_rate)}</td>'
            f'\n          <td class="num">{updated}</td>'
            f"\n          <td>{status_bar(context, counts, 'bar-sm')}</td>"
            f"\n          {f'{letter[0]}{agency.pk}{letter[1]}' if letters else ''}"
            "\n        </tr>\n        "
        )
    return mark_safe("".join(written))


@register.simple_tag(takes_context=True)
def agency_list_rows(context, rows):
    """The agencies page's table, a ``<tr>`` per row of ``rows`` ({"agency", "led": StatusCounts, "supported": a
    count}): the agency linked to its page, whether it is the focal point, its kind and whether it has stopped, its
    led tasks linked to their list, the counts by deadline status, its supported tasks, its on-time rate and the
    bar. Through the template engine each of the 50 rows looked up some 30 values and reversed its link: the page's
    rendering grew with its rows three times faster than the rest of the page."""
    from agencies.models import Agency

    kinds = choice_labels(Agency._meta.get_field("kind"))
    texts = _texts(context)
    focal = f' <span class="tag">{template_text(gettext("Cơ quan đầu mối"))}</span>'
    stopped = f" · {template_text(gettext('ngừng hoạt động'))}"
    written = []
    for row in rows:
        agency, counts = row["agency"], row["led"]
        total = counts.total
        led = f'<a href="{template_text(counts.url())}">{texts.number(total)}</a>' if total else "0"
        written.append(
            "\n      <tr>"
            f'\n        <th scope="row"><a href="{template_text(record_path("workspace:agency_detail", agency.pk))}">'
            f"{template_text(agency.name)}</a>{focal if agency.is_focal_point else ''}"
            f"<br><small>{template_text(kinds.get(agency.kind, agency.kind))}"
            f"{'' if agency.is_active else stopped}</small></th>"
            f'\n        <td class="num">{led}</td>'
            f"\n        {status_cells(context, counts)}"
            f'\n        <td class="num">{texts.number(row["supported"])}</td>'
            f'\n        <td class="num">{_share(counts.on_time_rate)}</td>'
            f"\n        <td>{status_bar(context, counts, 'bar-sm') if total else ''}</td>"
            "\n      </tr>\n      "
        )
    return mark_safe("".join(written))
