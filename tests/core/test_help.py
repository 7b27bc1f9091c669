"""The help pages, the print heading and the links that lead to help: what a reader of each role finds there."""

import re

import pytest
from django.urls import reverse

from core.audit import record_save
from tests.factories import TaskFactory
from tests.reporting.conftest import (  # noqa: F401
    cluster,
    commune,
    half_year,
    investor,
    investor_agency,
    report_forms,
)

pytestmark = pytest.mark.django_db


def headings(html):
    return re.findall(r'<h2 id="([a-z_]+)-title">', html)


def test_help_shows_every_roles_guide_the_glossary_and_the_contact(client, department):
    html = client.get(reverse("help")).content.decode()
    assert headings(html)[:5] == ["coordinator", "officer", "viewer", "investor", "commune_reporter"]
    for term in ("Biểu 01, 02, 03, 04", "Cơ quan chủ trì", "Cơ quan phối hợp", "Gia hạn", "Tỷ lệ lấp đầy"):
        assert f"<dt>{term}" in html, term
    assert "Cụm công nghiệp làng nghề" in html and "Nghiệm thu" in html
    assert "sct@hanoi.gov.vn" in html


def test_help_puts_the_readers_own_role_first(client_for, officer, viewer):
    officer_page = client_for(officer).get(reverse("help")).content.decode()
    assert headings(officer_page)[0] == "officer"
    assert "Vai trò của bạn" in officer_page
    assert headings(client_for(viewer).get(reverse("help")).content.decode())[0] == "viewer"


def test_the_contact_is_the_departments_to_edit(client, department):
    department.contact_phone, department.contact_email = "024 0000 0000", "ccn@example.gov.vn"
    record_save(department, actor=None, reason="Cập nhật liên hệ")
    for name in ("help", "accessibility"):
        html = client.get(reverse(name)).content.decode()
        assert 'href="tel:02400000000"' in html and "mailto:ccn@example.gov.vn" in html
        assert "Địa chỉ" not in html  # an empty field is left out


def test_the_accessibility_statement_names_the_standard_the_tests_and_how_to_report(client):
    html = client.get(reverse("accessibility")).content.decode()
    assert "Tuyên bố về khả năng tiếp cận" in html
    assert "WCAG" in html and "2.1" in html and "AA" in html
    assert "axe-core" in html and "360" in html
    assert "Báo lỗi về khả năng tiếp cận" in html


def test_every_page_links_to_help_and_the_statement(client_for, viewer):
    html = client_for(viewer).get(reverse("dashboard")).content.decode()
    assert html.count(f'href="{reverse("help")}"') == 2  # the user menu and the footer
    assert f'href="{reverse("accessibility")}"' in html


def test_the_forms_that_need_it_link_to_their_steps(client_for, officer, task, investor, half_year, cluster):  # noqa: F811
    detail = client_for(officer).get(reverse("tasks:task_detail", args=[task.pk])).content.decode()
    assert f'href="{reverse("help")}#officer-2"' in detail  # the extension request
    assert f'href="{reverse("help")}#officer-3"' in detail  # the completion report
    form = client_for(investor).get(reverse("reporting:submission_cluster", args=[half_year.pk, cluster.pk]))
    assert f'href="{reverse("help")}#investor"' in form.content.decode()
    help_page = client_for(officer).get(reverse("help")).content.decode()
    assert '<h3 id="officer-2">Đề nghị gia hạn</h3>' in help_page
    assert '<h3 id="officer-3">Báo cáo hoàn thành</h3>' in help_page
    assert 'id="investor"' in help_page and 'id="commune_reporter"' in help_page


def print_header(html):
    return html.split('<div class="print-header"', 1)[1].split("</div>\n</div>", 1)[0]


def test_the_print_heading_names_the_department_the_filters_and_the_date(client_for, viewer, agency, group, department):
    TaskFactory(group=group, lead_agency=agency)
    response = client_for(viewer).get(
        reverse("tasks:task_list"), {"lead_agency": agency.pk, "deadline_status": ["overdue", "due_soon"], "q": "quy"}
    )
    header = print_header(response.content.decode())
    assert "UBND THÀNH PHỐ HÀ NỘI" in header and "SỞ CÔNG THƯƠNG" in header
    assert "Cơ quan chủ trì: Sở Xây dựng" in header
    assert re.search(r"Tình trạng thời hạn: [^<]*Quá hạn chưa hoàn thành; Sắp đến hạn", header), header
    assert re.search(r"In lúc \d\d:\d\d ngày \d\d/\d\d/\d{4}", header)


def test_the_print_heading_of_an_unfiltered_list_names_no_filter(client_for, viewer):
    header = print_header(client_for(viewer).get(reverse("clusters:cluster_list")).content.decode())
    assert "Bộ lọc" not in header


def test_the_cluster_filter_offers_one_empty_choice(client_for, viewer):
    html = client_for(viewer).get(reverse("clusters:cluster_list")).content.decode()
    assert "---------" not in html
    select = html.split('name="type"', 1)[1].split("</select>", 1)[0]
    assert select.count('value=""') == 1 and "Tất cả" in select


def test_the_filters_fold_with_a_count_of_those_set(client_for, viewer, agency):
    html = client_for(viewer).get(reverse("tasks:task_list"), {"lead_agency": agency.pk}).content.decode()
    assert '<details class="filter-panel" open data-active="1">' in html
    assert "1 đang áp dụng" in html
