"""Every page of every role checked by axe-core in Chromium, on a desktop (1366 px) and a phone (360 px).

The pages come from the permission matrix (``tests/agencies/matrix.py``), which a completeness test holds equal to
the URLconf: every GET row a role is answered 200 on is a page that role can open, so a new page joins this check
as soon as it joins the matrix. Its objects are the matrix's world (``build_world``). On the phone the page itself
must not scroll sideways: a wide table scrolls inside its own box.

axe-core is vendored (``tests/e2e/vendor/axe.min.js``, see the README there) and injected through the DevTools
protocol, so the page's Content-Security-Policy does not apply to it and no network is needed.
"""

from pathlib import Path

import pytest

from tests.agencies.matrix import TABLE
from tests.agencies.test_permission_matrix import build_world, url_for
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_VERSION = "4.14.1"
WIDTHS = {"desktop": 1366, "phone": 360}
ROLES = ("anonymous", "coordinator", "officer", "viewer", "investor", "commune")
# What axe checks: WCAG 2.0, 2.1 and 2.2 A and AA, with axe's best practices; the target size (2.5.8, 24×24 px)
# is a 2.2 AA rule.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
# Answers that are not pages a person reads (JSON for the filter boxes and the session timer, the health check).
NOT_PAGES = {"healthz", "session_status", "lookup:agencies", "lookup:clusters", "lookup:users"}


def pages_of(role):
    """(URL name, object name) of every page the matrix says ``role`` may open, each URL name once."""
    seen, pages = set(), []
    for row in TABLE:
        if row.surface not in ("page", "account") or row.method != "GET" or row.target in NOT_PAGES:
            continue
        if role in row.roles and row.expect(role) == 200 and row.target not in seen:
            seen.add(row.target)
            pages.append(row)
    return pages


# The elements that stick out to the right of the viewport, outside any box that scrolls on its own: what to fix.
WIDE_ELEMENTS = """
() => Array.from(document.querySelectorAll("body *"))
  .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest(".table-wrap"))
  .slice(-3)
  .map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className ? "." + String(el.className).trim().replace(/ +/g, ".") : "")
    + " (" + Math.round(el.getBoundingClientRect().right) + " px)")
"""


def log_in(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def describe(violations):
    lines = []
    for v in violations:
        targets = "; ".join(", ".join(node["target"]) for node in v["nodes"][:3])
        lines.append(f"  {v['id']} ({v['impact']}, {len(v['nodes'])}×): {v['help']} — {targets}")
    return "\n".join(lines)


def test_axe_is_the_pinned_version():
    assert f"axe v{AXE_VERSION}" in AXE.read_text(encoding="utf-8")[:200]


def test_every_role_has_pages_to_check():
    for role in ROLES:
        assert len(pages_of(role)) >= 2, role


@pytest.mark.parametrize("role", ROLES)
def test_every_page_passes_axe_and_fits_a_phone(browser, live_server, role, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    user = world.users[role]
    problems = []
    for name, width in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": 800}, locale="vi-VN")
        context.add_init_script(path=str(AXE))
        context.set_default_timeout(15_000)
        page = context.new_page()
        try:
            if user is not None:
                log_in(page, live_server.url, user.username)
            for row in pages_of(role):
                path = url_for(row, getattr(world, row.obj) if row.obj else None)
                response = page.goto(live_server.url + path)
                assert response is not None and response.status == 200, f"{role} {path}: {response and response.status}"
                where = f"{role}, {name} {width} px, {row.target} {path}"
                if width < 720:
                    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
                    if scroll > inner:
                        wide = ", ".join(page.evaluate(WIDE_ELEMENTS))
                        problems.append(f"{where}: the page scrolls sideways ({scroll} px > {inner} px): {wide}")
                violations = page.evaluate(
                    "(options) => axe.run(document, options).then(r => r.violations)", AXE_OPTIONS
                )
                if violations:
                    problems.append(f"{where}:\n{describe(violations)}")
        finally:
            context.close()
    assert not problems, "\n".join(problems)
