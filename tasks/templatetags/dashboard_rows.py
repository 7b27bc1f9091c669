"""The dashboard's targets, its register by stage and its register beside the plan's figures, written in Python: through
the template engine each row was a dozen variable lookups, conditions and translations, each localised and escaped,
and the three loops a sixth of what the page's rendering had left. The HTML is the template's
(``tests/tasks/test_dashboard_rows.py`` holds them equal)."""

from django import template
from django.template.defaultfilters import floatformat
from django.templatetags.l10n import unlocalize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.pages import template_text
from core.templatetags.pages import progress_bar

register = template.Library()


def _figure(value, places):
    """``{{ value|floatformat:places }}``."""
    return template_text(floatformat(value, places))


@register.simple_tag
def target_blocks(targets):
    """A block per target of the plan (``tasks.figures.TargetRow``): its description linked to its page when it is
    measured, its figure against the plan's, its bar, whether it is reached and who answers for it."""
    if not targets:
        return mark_safe(f'\n    <p class="empty">{template_text(gettext("Kế hoạch chưa có chỉ tiêu."))}</p>\n    ')
    blocks = []
    for row in targets:
        target, progress = row.target, row.progress
        description = template_text(target.description)
        current = progress.current
        if row.url:
            figure = "" if current is None else template_text(unlocalize(current))
            title = f'<a href="{template_text(row.url)}" data-target-figure="{figure}">{description}</a>'
        else:
            title = description
        now = f"{template_text(gettext('chưa có dữ liệu'))} · " if current is None else _figure(current, "-2")
        goal = _figure(progress.target_min, "-2")
        if progress.target_max is not None:
            goal = f"{goal}–{_figure(progress.target_max, '-2')}"
        if progress.achieved:
            reached = f'<span class="badge badge-done_on_time">{template_text(gettext("Đã đạt"))}</span>'
        else:
            reached = gettext("Đạt %(p)s%% mức tối thiểu") % {"p": template_text(progress.percent)}
        agency = target.responsible_agency
        answers = f" · {template_text(gettext('Chịu trách nhiệm:'))} {template_text(agency)}" if agency else ""
        blocks.append(
            '\n    <div class="target">'
            '\n      <div class="target-head">'
            f'\n        <span class="target-title">{title}</span>'
            f'\n        <span class="target-figure">{now}/{goal} {template_text(progress.unit)}</span>'
            "\n      </div>"
            f"\n      {progress_bar(progress.percent, target.description, 'bar-lg')}"
            "\n"  # the comment's line in the template
            '\n      <div class="target-meta">'
            f"\n        {reached}"
            f"\n        {answers}"
            "\n      </div>"
            "\n    </div>"
            "\n    "
        )
    return mark_safe("".join(blocks))


@register.simple_tag
def register_stage_rows(by_status):
    """A bar per stage of the register (``clusters.selectors.register_figures``' "by_status"): the stage linked to
    the register's list of it, with its count."""
    rows = []
    for item in by_status:
        count = item["count"]
        rows.append(
            '\n      <div class="hbar-row">'
            f'\n        <a href="{template_text(item["url"])}" data-count="{template_text(unlocalize(count))}">'
            f"{template_text(item['label'])}</a>"
            '\n        <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">'
            '<rect class="bar-track" width="100" height="10"/>'
            f'<rect class="seg-status" width="{template_text(item["width"])}" height="10"/></svg>'
            f'\n        <span class="num">{template_text(count)}</span>'
            "\n      </div>"
            "\n      "
        )
    return mark_safe("".join(rows))


@register.simple_tag
def comparison_table_rows(comparison):
    """A row per figure of ``tasks.figures.comparison_rows``: the register's value (linked to its list) beside the
    plan's ("khoảng" where the plan gives it roughly), and the unit; "—" where either is missing."""
    rows = []
    for row in comparison:
        value, url, city = row.get("register"), row.get("url"), row.get("city")
        if value is None:
            register_cell = "—"
        elif url:
            count = f' data-count="{template_text(unlocalize(value))}"' if row.get("is_count") else ""
            register_cell = f'<a href="{template_text(url)}"{count}>{_figure(value, "-1")}</a>'
        else:
            register_cell = _figure(value, "-1")
        if city is None:
            city_cell = "—"
        elif row.get("approximate"):
            city_cell = f"{template_text(gettext('khoảng'))} <span>{_figure(city, '-1')}</span>"
        else:
            city_cell = _figure(city, "-1")
        rows.append(
            "\n          <tr>"
            f'\n            <th scope="row">{template_text(row.get("label", ""))}</th>'
            f'\n            <td class="num">{register_cell}</td>'
            f'\n            <td class="num">{city_cell}</td>'
            f"\n            <td>{template_text(row.get('unit', ''))}</td>"
            "\n          </tr>"
            "\n          "
        )
    return mark_safe("".join(rows))
