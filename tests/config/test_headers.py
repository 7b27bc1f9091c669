"""Security headers on every page, and pages that work under the Content-Security-Policy (no inline code)."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


class InlineCodeFinder(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block: inline scripts, event handlers, inline styles."""

    def __init__(self):
        super().__init__()
        self.found = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self._in_inline_script = True
        if tag == "style":
            self.found.append("<style> element")
        self.found += [f"{tag} {name}=" for name in names if name.startswith("on") or name == "style"]
        self.found += [f"{tag} {name}=javascript:" for name, value in attrs if (value or "").startswith("javascript:")]

    def handle_data(self, data):
        if self._in_inline_script and data.strip():
            self.found.append(f"inline <script>: {data.strip()[:60]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False


def inline_code(response):
    finder = InlineCodeFinder()
    finder.feed(response.content.decode())
    return finder.found


def test_the_login_page_sends_a_content_security_policy_without_inline_scripts(client):
    directives = csp_directives(client.get(reverse("login")))

    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert not any("'unsafe-inline'" in values or "'unsafe-eval'" in values for values in directives.values())


def test_the_login_page_sends_the_other_security_headers(client):
    response = client.get(reverse("login"))

    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_login_page_does_not_let_browsers_cache_it(client):
    assert "no-cache" in client.get(reverse("login"))["Cache-Control"]


def test_the_login_page_has_no_inline_code(client):
    assert inline_code(client.get(reverse("login"))) == []


@pytest.mark.parametrize("name", ["dashboard", "otp:setup"])
def test_signed_in_pages_have_no_inline_code(name, client_for, coordinator):
    response = client_for(coordinator).get(reverse(name))

    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    assert inline_code(response) == []


def test_the_verification_page_has_no_inline_code(client_for, coordinator):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=coordinator, name="Điện thoại", confirmed=True)

    response = client_for(coordinator).get(reverse("otp:verify"))

    assert response.status_code == 200
    assert inline_code(response) == []
