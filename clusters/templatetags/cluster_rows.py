"""The register page's rows written in Python (``{% cluster_rows clusters %}``): through the template engine, 30 rows
of seven cells looked up some 450 values, each localised and escaped, with a URL reversed and three choice labels
translated afresh per row (Django's ``get_FOO_display``): most of the page's rendering after its filters. The HTML is
the template's (``tests/clusters/test_cluster_rows.py`` holds them equal)."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.figures import record_path
from core.pages import choice_labels, template_text

from ..models import Cluster

register = template.Library()


def _label(labels, value):
    # What {{ cluster.get_FOO_display }} writes: the choice's label, else the value.
    return template_text(labels.get(value, value))


@register.simple_tag
def cluster_rows(clusters):
    """A ``<tr>`` per cluster of ``clusters`` (with ``occupancy_pct`` and their communes as ``commune_list``): code,
    name linked to its page and type, communes (and the former district), area, occupancy, status, wastewater."""
    types = choice_labels(Cluster._meta.get_field("type"))
    statuses = choice_labels(Cluster._meta.get_field("status"))
    wastewater = choice_labels(Cluster._meta.get_field("wastewater_status"))
    formerly = template_text(_("trước đây:"))
    compliant = f'<br><span class="badge badge-ok">{template_text(_("Đạt quy chuẩn"))}</span>'
    rows = []
    for cluster in clusters:
        communes = (
            "; ".join(template_text(str(commune)) for commune in cluster.commune_list) if cluster.commune_list else "—"
        )
        if cluster.former_district:
            communes += f"<br><small>{formerly} {template_text(cluster.former_district)}</small>"
        occupancy = cluster.occupancy_pct
        occupancy = "—" if occupancy is None else f"{template_text(floatformat(occupancy, '-1'))}%"
        rows.append(
            "\n      <tr data-row>"
            f'\n        <td class="task-code">{template_text(cluster.code)}</td>'
            f'\n        <td><a class="task-title" href="{template_text(record_path("clusters:cluster_detail", cluster.pk))}">'
            f"{template_text(cluster.name)}</a><br><small>{_label(types, cluster.type)}</small></td>"
            f"\n        <td>{communes}</td>"
            f'\n        <td class="num">{template_text(floatformat(cluster.total_area_ha, "-2") or "—")}</td>'
            f'\n        <td class="num">{occupancy}</td>'
            f'\n        <td><span class="badge badge-plain">{_label(statuses, cluster.status)}</span></td>'
            f"\n        <td>{_label(wastewater, cluster.wastewater_status)}"
            f"{compliant if cluster.wastewater_compliant else ''}</td>"
            "\n      </tr>\n      "
        )
    return mark_safe("".join(rows))
