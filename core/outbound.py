"""The one door through which the server sends anything over HTTP (today: the webhook deliveries).

Whoever registers an address chooses where the server connects, so an address is refused unless it is plainly
a public one, and refused the same way when it is registered and when it is sent to:

- ``https://`` only (plain ``http://`` only to this machine, and only where ``OUTBOUND_ALLOW_LOOPBACK_HTTP`` is
  on: the tests' receiver);
- no user name or password, no backslash, no spaces or control characters, nothing but ASCII (an international
  name is written in its ``xn--`` form), no IPv6 zone, and a host that is either a canonical IP address or a
  name whose last label is not a number (``127.1``, ``2130706433``, ``0x7f.1`` are refused);
- if ``OUTBOUND_HOST_ALLOWLIST`` is set, the host must be on it (``example.vn`` that name, ``.example.vn`` it
  and its subdomains);
- the name is resolved once and every address it resolves to must be global: not loopback, private, link-local,
  shared (CGNAT), multicast, reserved or unspecified, IPv4 or IPv6; an IPv6 address carrying an IPv4 one
  (mapped ``::ffff:a.b.c.d``, compatible ``::a.b.c.d``, 6to4 ``2002::/16``, NAT64 ``64:ff9b::/96``) is refused
  whatever it carries.

The connection is then made to the address that was checked (a second lookup could answer otherwise), while
the TLS name (SNI), the certificate check and the ``Host`` header stay the registered name. Redirects are not
followed, timeouts are short, and the answer's body is never read: the caller learns the status code, or one
word for what went wrong (``ERROR_LABELS``), never the remote's text or an exception's.
"""

import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import certifi
import urllib3
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from urllib3 import exceptions as urllib3_errors

MAX_URL_LENGTH = 2000
LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
TOP_LABEL = re.compile(r"^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$")
NAT64 = ipaddress.ip_network("64:ff9b::/96")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
SHARED = ipaddress.ip_network("100.64.0.0/10")

# What is stored of a failed attempt and shown to a person: one of these words, never the remote's text.
ERROR_LABELS = {
    "http": _("mã phản hồi không thành công"),
    "timeout": _("hết thời gian chờ"),
    "refused": _("bị từ chối kết nối"),
    "tls": _("lỗi TLS/chứng chỉ"),
    "dns": _("không phân giải được tên miền"),
    "connection": _("lỗi kết nối"),
    "blocked address": _("địa chỉ bị chặn (mạng nội bộ hoặc không công khai)"),
    "invalid url": _("địa chỉ không hợp lệ"),
    "host not allowed": _("tên miền không nằm trong danh sách cho phép"),
    "inactive": _("điểm nhận đã ngừng hoạt động; không gửi"),
}


class OutboundError(Exception):
    """An attempt that did not get an HTTP answer; ``kind`` is a key of ``ERROR_LABELS``."""

    def __init__(self, kind, message=""):
        super().__init__(message or kind)
        self.kind = kind
        self.message = message or str(ERROR_LABELS[kind])


class Refused(OutboundError):
    """The address is refused before any connection (its form, its host, or what it resolves to)."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # the name (or IP literal) as the certificate and the Host header must carry it
    port: int
    path: str  # the request target: path and query
    addresses: tuple = ()  # the checked addresses, the first one connected to

    @property
    def host_header(self):
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def _invalid(message):
    return Refused("invalid url", message)


def parse(url):
    """The URL's parts as a ``Target`` without addresses, or ``Refused`` for anything but a plain address."""
    if not isinstance(url, str) or not url or len(url) > MAX_URL_LENGTH:
        raise _invalid(_("Địa chỉ rỗng hoặc quá dài."))
    if not url.isascii() or any(ord(char) <= 0x20 or ord(char) == 0x7F for char in url) or "\\" in url:
        raise _invalid(
            _(
                "Địa chỉ chỉ được gồm ký tự ASCII, không có khoảng trắng, ký tự điều khiển hay dấu “\\” "
                "(tên miền tiếng Việt hãy viết dạng xn--)."
            )
        )
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http"):
        raise Refused("invalid url", _("Địa chỉ nhận phải dùng https://."))
    if "@" in parts.netloc:
        raise _invalid(_("Địa chỉ không được chứa tên người dùng hoặc mật khẩu (phần “…@”)."))
    try:
        port = parts.port
    except ValueError as exc:
        raise _invalid(_("Cổng (port) của địa chỉ không hợp lệ.")) from exc
    host = (parts.hostname or "").rstrip(".")
    if not host or port == 0 or "%" in host or "[" in host or "]" in host:
        raise _invalid(_("Địa chỉ thiếu tên máy chủ hoặc có tên máy chủ không hợp lệ."))
    if _ip_literal(host) is None:
        labels = host.split(".")
        if not all(LABEL.match(label) for label in labels) or not TOP_LABEL.match(labels[-1]):
            raise _invalid(_("Tên máy chủ không hợp lệ (địa chỉ IP phải viết đủ bốn số, ví dụ 203.0.113.5)."))
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(scheme, host, port or (443 if scheme == "https" else 80), path)


def _ip_literal(host):
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _embedded_ipv4(address):
    """The IPv4 address carried inside an IPv6 one (mapped, compatible, 6to4, NAT64), or None."""
    if address.version != 6:
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64 or (address in IPV4_COMPATIBLE and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_loopback(address):
    embedded = _embedded_ipv4(address)
    return address.is_loopback or (embedded is not None and embedded.is_loopback)


def is_public(address):
    """Whether ``address`` (an ``ipaddress`` object) is one the server may connect to on anyone's say-so. An IPv6
    address carrying an IPv4 one (mapped, compatible, 6to4, NAT64) never is, whatever it carries: which of them
    Python's ``is_global`` counts as global changes between versions, and a receiver has a plain address."""
    if _embedded_ipv4(address) is not None:
        return False
    return not (
        not address.is_global
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or (address.version == 4 and address in SHARED)
        or (address.version == 6 and address.is_site_local)
    )


def _allowed(address):
    return is_public(address) or (settings.OUTBOUND_ALLOW_LOOPBACK_HTTP and is_loopback(address))


def _on_allowlist(host):
    allowlist = [entry.lower().rstrip(".") for entry in settings.OUTBOUND_HOST_ALLOWLIST]
    if not allowlist:
        return True
    return any(host == entry.lstrip(".") or (entry.startswith(".") and host.endswith(entry)) for entry in allowlist)


def resolve(host, port):
    """Every address ``host`` resolves to (one lookup), as ``ipaddress`` objects; ``OutboundError('dns')``."""
    literal = _ip_literal(host)
    if literal is not None:
        return [literal]
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise OutboundError("dns") from exc
    addresses = []
    for _family, _type, _proto, _name, sockaddr in found:
        address = ipaddress.ip_address(sockaddr[0].split("%")[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise OutboundError("dns")
    return addresses


def check(url):
    """The ``Target`` to connect to for ``url``, every address checked; ``Refused`` (or ``OutboundError('dns')``
    when the name does not resolve) otherwise. Registration and sending both ask this."""
    target = parse(url)
    if not _on_allowlist(target.host):
        raise Refused("host not allowed", _("Tên miền này không nằm trong danh sách được phép gửi đến."))
    plain_http = target.scheme == "http"
    if plain_http and not settings.OUTBOUND_ALLOW_LOOPBACK_HTTP:
        raise Refused("invalid url", _("Địa chỉ nhận phải dùng https://."))
    try:
        addresses = resolve(target.host, target.port)
    except OutboundError:
        if plain_http:  # plain http only to what is shown to be this machine
            raise Refused("invalid url", _("Địa chỉ nhận phải dùng https://.")) from None
        raise
    blocked = [address for address in addresses if not _allowed(address)]
    if blocked:
        raise Refused(
            "blocked address",
            _("Địa chỉ trỏ vào mạng nội bộ hoặc địa chỉ không công khai (%(address)s): không được phép.")
            % {"address": blocked[0]},
        )
    if plain_http and not all(is_loopback(address) for address in addresses):
        raise Refused("invalid url", _("Địa chỉ nhận phải dùng https://."))
    return Target(target.scheme, target.host, target.port, target.path, tuple(addresses))


def validation_message(url):
    """None when ``url`` may be registered, else the reason in words. A name that does not resolve now is
    accepted (it may later; sending records ``dns`` until then); one that resolves to a refused address is not."""
    try:
        check(url)
    except Refused as exc:
        return exc.message
    except OutboundError:
        return None
    return None


def _pool(target, timeout):
    options = {
        "host": str(target.addresses[0]),
        "port": target.port,
        "timeout": urllib3.Timeout(connect=min(timeout, settings.OUTBOUND_CONNECT_TIMEOUT_SECONDS), read=timeout),
        "retries": False,
        "maxsize": 1,
    }
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            **options,
            server_hostname=target.host,
            assert_hostname=target.host,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
        )
    return urllib3.HTTPConnectionPool(**options)


def _kind(exc):
    """The word for a failed attempt (never its text: it can carry the remote's words or the inside network's)."""
    if isinstance(exc, urllib3_errors.SSLError):
        return "tls"
    cause = exc
    while cause is not None:
        if isinstance(cause, ConnectionRefusedError):
            return "refused"
        cause = cause.__cause__ or cause.__context__
    # urllib3's NewConnectionError is a ConnectTimeoutError too: a failed connection is not a timeout.
    if isinstance(exc, urllib3_errors.NewConnectionError):
        return "connection"
    if isinstance(exc, urllib3_errors.TimeoutError | TimeoutError):
        return "timeout"
    return "connection"


def post(url, *, body, headers, timeout=None):
    """POST ``body`` to ``url``; the answer's status code. Raises ``Refused`` before connecting to a refused
    address, ``OutboundError`` (with its ``kind``) when no answer came. The body of the answer is not read."""
    timeout = timeout or settings.OUTBOUND_TIMEOUT_SECONDS
    target = check(url)
    pool = _pool(target, timeout)
    try:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body,
            headers={**headers, "Host": target.host_header},
            redirect=False,
            retries=False,
            preload_content=False,
            assert_same_host=False,
        )
        status = response.status
        response.close()
        return status
    except (urllib3_errors.HTTPError, OSError) as exc:
        raise OutboundError(_kind(exc)) from exc
    finally:
        pool.close()
