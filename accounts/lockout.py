"""The login lockout (django-axes): which address a login comes from, and who may unlock an account.

The client's address. Behind ``TRUSTED_PROXY_COUNT`` reverse proxies (nginx with
``proxy_add_x_forwarded_for``), the socket address is the proxy's, and each proxy appends the address it
saw to ``X-Forwarded-For``. Only the entries the proxies appended can be trusted; whatever the client sent
itself sits further left. So the client is the N-th entry from the right. Without a proxy (N = 0) the
header is ignored: anyone can send it. django-ipware is not installed, so axes' ``AXES_IPWARE_*`` settings
would be silently ignored (axes would then count every client behind the proxy as the proxy's one address,
and one address would lock out everyone); axes calls ``client_ip_address`` instead, through
``AXES_CLIENT_IP_CALLABLE``.

The unlock. axes registers its logs in the admin with Django's per-model permissions, which coordinators
do not have (the admin grants rights through ``agencies.scoping``). ``AxesConfig`` replaces those
registrations once the admin has loaded, so that coordinators can delete an ``AccessAttempt`` (the unlock)
and read the logs; ``manage.py axes_reset_username <name>`` does the same from a shell.

This module is imported while the apps load (``AxesConfig`` in ``INSTALLED_APPS``): no model imports at the top.
"""

import ipaddress

from axes.apps import AppConfig as _AxesDefaultConfig
from django.conf import settings


class AxesConfig(_AxesDefaultConfig):
    """django-axes, with its admin pages opened to coordinators (``config/lockout_admin.py``)."""

    def ready(self):
        super().ready()
        # The admin app comes first in INSTALLED_APPS, so axes' own admin is registered by now.
        from django.contrib import admin

        from accounts.admin import register_for_coordinators

        register_for_coordinators(admin.site)


def client_ip_address(request):
    """The client address as a string, or the socket address when the header is missing or malformed."""
    remote_addr = request.META.get("REMOTE_ADDR") or None
    proxy_count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxy_count <= 0:
        return remote_addr
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxy_count:
        # The proxy did not set the header (a health check from inside, or a misconfiguration).
        return remote_addr
    candidate = forwarded[-proxy_count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_addr
