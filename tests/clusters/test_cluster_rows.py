"""The register's rows written in Python (``clusters.templatetags.cluster_rows``) are the HTML the template wrote:
names and places with characters to escape, no commune or several, a former district or none, areas and occupancies
with decimals, thousands (separated in Vietnamese), zero and none, every type, status and wastewater stage, a status
no choice names, both languages; and the page shows them."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix
from django.utils import translation

from clusters.models import Cluster
from clusters.views import register_rows
from core.figures import record_path
from places.models import Commune
from tests.factories import ClusterFactory, CommuneFactory

pytestmark = pytest.mark.django_db

# The template the tag replaces, as it was (its rows between <tbody> and </tbody>).
ROWS = Template(
    """{% load i18n %}{% for cluster in clusters %}
      <tr data-row>
        <td class="task-code">{{ cluster.code }}</td>
        <td><a class="task-title" href="{% url 'clusters:cluster_detail' cluster.pk %}">{{ cluster.name }}</a><br><small>{{ cluster.get_type_display }}</small></td>
        <td>{% for commune in cluster.communes.all %}{{ commune }}{% if not forloop.last %}; {% endif %}{% empty %}—{% endfor %}{% if cluster.former_district %}<br><small>{% translate "trước đây:" %} {{ cluster.former_district }}</small>{% endif %}</td>
        <td class="num">{{ cluster.total_area_ha|floatformat:"-2"|default:"—" }}</td>
        <td class="num">{% if cluster.occupancy_pct is not None %}{{ cluster.occupancy_pct|floatformat:"-1" }}%{% else %}—{% endif %}</td>
        <td><span class="badge badge-plain">{{ cluster.get_status_display }}</span></td>
        <td>{{ cluster.get_wastewater_status_display }}{% if cluster.wastewater_compliant %}<br><span class="badge badge-ok">{% translate "Đạt quy chuẩn" %}</span>{% endif %}</td>
      </tr>
      {% endfor %}"""
)
TAG = Template("{% load cluster_rows %}{% cluster_rows clusters %}")


LAND_FIELDS = ("total_area_ha", "industrial_land_ha", "leased_land_ha", "committed_land_ha")
# Areas with thousands and decimals, none, zero; occupancies of 33.33, 91.67 and 100 per cent, and none.
LANDS = [
    (Decimal("1234.56"), Decimal("100"), Decimal("33.33"), None),
    (None, None, Decimal("27"), None),
    (Decimal("0"), None, None, None),
    (Decimal("38.50"), Decimal("30"), Decimal("27"), Decimal("0.5")),
    (Decimal("7.05"), Decimal("3"), Decimal("3"), None),
]


@pytest.fixture
def varied_clusters():
    ward = CommuneFactory(name="Hàng <Bông> & Trống", kind=Commune.Kind.WARD)
    commune = CommuneFactory(name="Thượng Phúc", kind=Commune.Kind.COMMUNE)
    zone = CommuneFactory(name="Ba Vì", kind=Commune.Kind.SPECIAL_ZONE)
    wastewater = list(Cluster.Wastewater)
    types = list(Cluster.Type)
    made = []
    for index, status in enumerate(Cluster.Status):
        made.append(
            ClusterFactory(
                code=f"CCN-<{index}>&",
                name=f'CCN "Đông" <{index}> & Tây',
                type=types[index % len(types)],
                status=status,
                wastewater_status=wastewater[index % len(wastewater)],
                wastewater_compliant=index % 2 == 0,
                former_district="Thường Tín & <Phú Xuyên>" if index % 3 == 0 else "",
                **dict(zip(LAND_FIELDS, LANDS[index % len(LANDS)], strict=True)),
            )
        )
    made[0].communes.set([ward, commune, zone])
    made[1].communes.set([commune])
    made[3].communes.set([zone, ward])
    return made


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_tag_writes_what_the_template_wrote(varied_clusters, language):
    clusters = list(register_rows(Cluster.objects.order_by("code", "pk")))
    assert len(clusters) == len(Cluster.Status)
    # Values no choice names (an old record's): shown as they are, as get_status_display shows them.
    clusters[4].status, clusters[4].wastewater_status = "cu <cu>", None
    with translation.override(language):
        expected = ROWS.render(Context({"clusters": clusters}))
        assert TAG.render(Context({"clusters": clusters})) == expected
    assert ("1.234,56" if language == "vi" else "1,234.56") in expected
    assert "&lt;Bông&gt; &amp; Trống" in expected and "CCN-&lt;0&gt;&amp;" in expected and "cu &lt;cu&gt;" in expected


def test_the_page_shows_the_rows_the_template_wrote(varied_clusters, client_for, officer):
    response = client_for(officer).get(reverse("clusters:cluster_list"), {"ordering": "-name"})
    html = response.content.decode()
    rows = html[html.index("<tbody>\n      ") + len("<tbody>\n      ") : html.index("\n      </tbody>")]
    assert rows == ROWS.render(Context({"clusters": response.context["clusters"]}))
    assert rows.count("<tr data-row>") == len(Cluster.Status)
    first = varied_clusters[0]
    assert f'href="{reverse("clusters:cluster_detail", args=[first.pk])}"' in rows


def test_a_rows_link_is_the_reversed_url_under_a_script_prefix(varied_clusters):
    cluster = varied_clusters[0]
    try:
        set_script_prefix("/cum/")
        assert record_path("clusters:cluster_detail", cluster.pk) == f"/cum/clusters/{cluster.pk}/"
        assert record_path("clusters:cluster_detail", cluster.pk) == reverse(
            "clusters:cluster_detail", args=[cluster.pk]
        )
    finally:
        set_script_prefix("/")
    assert record_path("clusters:cluster_detail", cluster.pk) == f"/clusters/{cluster.pk}/"
