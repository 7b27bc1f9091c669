"""What a person on a 360 px phone, or with a printout, must get: the task list's deadlines in view, the Biểu 02
boxes whole, wide tables reachable by keyboard, and a printed list headed by the Department, its filters and the
date. The world is the permission matrix's (``build_world``)."""

import os
import shutil
import subprocess

import pytest

from tests.agencies.test_permission_matrix import build_world
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_accessibility import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world()


@pytest.fixture
def phone(browser, live_server):
    opened = []

    def open_as(user, viewport=PHONE):
        context = browser.new_context(viewport=viewport, locale="vi-VN")
        context.set_default_timeout(15_000)
        opened.append(context)
        page = context.new_page()
        log_in(page, live_server.url, user.username)
        page.base = live_server.url
        return page

    yield open_as
    for context in opened:
        context.close()


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def box(locator):
    found = locator.bounding_box()
    assert found is not None, locator
    return found


def test_the_task_list_on_a_phone_shows_each_deadline_and_status_on_the_first_screen(world, phone):
    page = phone(world.officer)
    page.goto(page.base + "/tasks/")
    assert page.locator("details.filter-panel").get_attribute("open") is None  # folded: the list comes first
    first = page.locator("tr[data-row]").first
    for shown in ('td[data-label="Thời hạn"]', 'td[data-label="Tình trạng"]', ".badge"):
        found = box(first.locator(shown))
        assert found["x"] >= 0 and found["x"] + found["width"] <= PHONE["width"], shown
    assert box(first)["y"] < PHONE["height"]
    screenshot(page, "phone-task-list")
    page.locator("details.filter-panel > summary").click()
    assert page.get_by_label("Cơ quan chủ trì").first.is_visible()


def test_the_filters_stay_open_on_a_phone_when_some_are_set(world, phone):
    page = phone(world.officer)
    page.goto(page.base + f"/tasks/?lead_agency={world.sxd.pk}")
    assert page.locator("details.filter-panel").get_attribute("open") is not None
    assert "1 đang áp dụng" in page.locator("details.filter-panel > summary").inner_text()


def test_the_bieu02_form_on_a_phone_keeps_every_box_on_screen(world, phone):
    page = phone(world.investor)
    report = world.open_report
    page.goto(page.base + f"/reporting/periods/{report.period_pk}/clusters/{report.pk}/")
    boxes = page.locator(".report-table input.input-number, .report-table textarea, .report-table input[type=text]")
    assert boxes.count() > 10
    for n in range(boxes.count()):
        found = box(boxes.nth(n))
        assert found["x"] >= 0 and found["x"] + found["width"] <= PHONE["width"], n
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "phone-bieu02")


def test_a_table_wider_than_the_phone_is_a_named_region_the_keyboard_can_scroll(world, phone):
    page = phone(world.coordinator)
    page.goto(page.base + "/")
    regions = page.locator(".table-wrap[tabindex='0'][role='region']")
    assert regions.count() >= 1
    for n in range(regions.count()):
        region = regions.nth(n)
        assert region.get_attribute("aria-label").startswith("Bảng cuộn ngang: ")
        assert region.evaluate("(el) => el.scrollWidth > el.clientWidth")
    regions.first.focus()
    page.keyboard.press("ArrowRight")
    # The browser may scroll smoothly: wait for the region to have moved rather than read it at once.
    regions.first.evaluate(
        "(el) => new Promise((done) => { const t = Date.now(); (function check() { "
        "if (el.scrollLeft > 0 || Date.now() - t > 3000) done(); else requestAnimationFrame(check); })(); })"
    )
    assert regions.first.evaluate("(el) => el.scrollLeft") > 0


def test_a_printed_list_is_headed_by_the_department_its_filters_and_the_date(world, phone):
    page = phone(world.viewer, viewport={"width": 1366, "height": 900})
    page.goto(page.base + f"/tasks/?lead_agency={world.sxd.pk}")
    header = page.locator(".print-header")
    assert not header.is_visible()  # on screen the page has its own header
    page.emulate_media(media="print")
    assert header.is_visible()
    text = header.inner_text()
    assert (
        "UBND THÀNH PHỐ HÀ NỘI\nSỞ CÔNG THƯƠNG" in text and "Cơ quan chủ trì: Sở Xây dựng" in text and "In lúc" in text
    )
    for hidden in (".site-header", ".filter-panel", ".site-footer", ".pagination"):
        assert all(not el.is_visible() for el in page.locator(hidden).all()), hidden
    # A big card may break across pages (kept whole, it would push its title alone onto page 1); a row may not.
    assert page.locator("section.card").first.evaluate("(el) => getComputedStyle(el).breakInside") == "auto"
    assert page.locator("tr[data-row]").first.evaluate("(el) => getComputedStyle(el).breakInside") == "avoid"
    assert page.pdf(format="A4")[:4] == b"%PDF"
    screenshot(page, "print-task-list")


def test_a_printed_page_starts_with_the_departments_heading_and_its_content_on_page_one(world, phone, tmp_path):
    """Big cards kept whole on paper pushed all but a page's title to page 2; page 1 must carry the content."""
    if not shutil.which("pdftotext"):
        if os.environ.get("CI") == "true":
            pytest.fail("poppler-utils (pdftotext) is needed: make test installs it")
        pytest.skip("needs poppler-utils: `make browser` installs it")
    page = phone(world.coordinator, viewport={"width": 1366, "height": 900})
    for path in ("/tasks/", "/", f"/clusters/{world.cluster.pk}/", f"/plan-reports/{world.plan_report.pk}/"):
        page.goto(page.base + path)
        title = page.locator("main h1").first.inner_text().strip()
        pdf = tmp_path / "page.pdf"
        pdf.write_bytes(page.pdf(format="A4"))
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        first = [line.strip() for line in text.split("\f")[0].splitlines() if line.strip()]
        assert first[:2] == ["UBND THÀNH PHỐ HÀ NỘI", "SỞ CÔNG THƯƠNG"], path
        assert any(line.startswith("In lúc") for line in first[2:4]), path
        assert title[:30] in "\n".join(first), path
        assert len(first) > 20, f"{path}: page 1 holds only {first}"
