"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

The browser is found, not downloaded (no `playwright install`): `chromium` on the PATH or
/usr/bin/chromium. Without it the tests are skipped with a loud message, except under CI (CI=true),
where a missing browser is a failure: the workflow must have been walked in a real browser.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
# Reports CSP violations to the console, where the tests collect them. Injected through the DevTools
# protocol, so the page's own CSP does not apply to it.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline"));
});
"""


def find_chromium():
    for candidate in (shutil.which("chromium"), "/usr/bin/chromium", shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _unavailable(message):
    banner = f"\n{'!' * 78}\n!! BROWSER TESTS NOT RUN: {message}\n{'!' * 78}\n"
    if os.environ.get("CI") == "true":
        pytest.fail(banner, pytrace=False)
    pytest.skip(banner)


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module.

    Playwright's sync API keeps an event loop running in this thread while the browser is open, and
    Django refuses database access from a thread with a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE
    is set. It is set here, for the browser's lifetime only, so it never leaks into other tests (the
    deploy check, run in a subprocess, rightly refuses it).
    """
    executable = find_chromium()
    if executable is None:
        _unavailable("no Chromium found. Install Debian's `chromium` package (`make browser`).")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is in requirements.txt
        _unavailable("the playwright package is not installed.")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


class Session:
    """A browser context for one user, collecting console errors (CSP violations among them)."""

    def __init__(self, browser, live_server, *, width=1366, height=900):
        self.base = live_server.url
        self.context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
        self.context.add_init_script(CSP_LISTENER)
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.errors = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def goto(self, path):
        response = self.page.goto(self.base + path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        return response

    def login(self, username, password):
        self.goto("/accounts/login/")
        self.page.get_by_label("Tên đăng nhập").fill(username)
        self.page.get_by_label("Mật khẩu").fill(password)
        self.page.get_by_role("button", name="Đăng nhập").click()
        # Each role lands where its work is (workspace:landing): wait until the login page is left.
        self.page.wait_for_url(lambda url: "/accounts/" not in url and "/start/" not in url)

    def screenshot(self, name):
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def close(self):
        self.context.close()


@pytest.fixture
def session(browser, live_server):
    opened = []

    def open_session(**kwargs):
        opened.append(Session(browser, live_server, **kwargs))
        return opened[-1]

    yield open_session
    for s in opened:
        s.close()


# The Circular 14 cycle's cast (forms, the half-year 2026, clusters, investors, the commune and its reporter),
# shared with tests/reporting for the browser walk of a half-year.
from tests.reporting.conftest import (  # noqa: E402, F401
    cluster,
    commune,
    commune_agency,
    commune_reporter,
    half_year,
    investor,
    investor_agency,
    other_investor_agency,
    report_forms,
    sibling_cluster,
)
