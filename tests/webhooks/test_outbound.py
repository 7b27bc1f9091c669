"""Webhooks cannot be pointed inside the network: ``core.outbound`` refuses, at registration and again at sending,
an address of the inside network (by class: loopback, private, link-local, shared, multicast, reserved,
unspecified, IPv4 inside IPv6), a name that resolves to one, plain http, and URLs that two parsers read
differently; it connects to the address it checked; and what is kept of a failed attempt is a word, never the
receiver's answer or an exception's text.

No test here sends anything beyond this machine: every connection goes through ``connections``, which lets a
connection to loopback through (the real receiver) and refuses any other before it is dialled."""

import ipaddress
import socket

import pytest
import urllib3.util.connection
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import outbound
from webhooks import sending, services
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db

REFUSED_ADDRESSES = [
    "https://169.254.169.254/latest/meta-data/",  # the cloud's metadata service (link-local)
    "https://10.0.0.1/hooks",
    "https://172.16.0.1/hooks",
    "https://192.168.1.1/hooks",
    "https://100.64.0.1/hooks",  # shared address space (CGNAT)
    "https://127.0.0.1:6379/",
    "https://127.0.0.2/",
    "https://0.0.0.0/",
    "https://224.0.0.1/",
    "https://240.0.0.1/",
    "https://255.255.255.255/",
    "https://[::1]/",
    "https://[::]/",
    "https://[fe80::1]/",
    "https://[fc00::1]/",
    "https://[ff02::1]/",
    "https://[::ffff:127.0.0.1]/hooks",  # IPv4-mapped
    "https://[::ffff:169.254.169.254]/",
    "https://[::127.0.0.1]/",  # IPv4-compatible
    "https://[2002:7f00:1::]/",  # 6to4 of 127.0.0.1
    "https://[2002:a00:1::]/",  # 6to4 of 10.0.0.1
    "https://[64:ff9b::a9fe:a9fe]/",  # NAT64 of 169.254.169.254
    "https://localhost/hooks",  # a name that resolves to loopback
    "http://localhost/hooks",
]

ODD_URLS = [
    "http://127.0.0.2:18742\\@127.0.0.1/hooks",  # urlsplit reads one host, an HTTP client connects to another
    "https://127.0.0.2:18742\\@127.0.0.1/hooks",
    "https://user:password@he-thong-khac.vn/hooks",
    "https://he-thong-khac.vn@127.0.0.1/hooks",
    "https://127.1/",
    "https://2130706433/",
    "https://0x7f000001/",
    "https://0177.0.0.1/",
    "https://127.000.000.001/",
    "https://[::1%25lo]/",
    "https://he-thong-khac.vn:99999/",
    "https://he-thong-khac.vn:0/",
    "https://he-thong-khac.vn\t/hooks",
    "https://he thong.vn/",
    "https://hệ-thống.vn/",
    "https:///hooks",
    "ftp://he-thong-khac.vn/",
    "file:///etc/passwd",
    "gopher://127.0.0.1:6379/_",
]


@pytest.fixture
def connections(monkeypatch):
    """Every connection the client opens: loopback ones go through (the receiver), any other is refused
    before it is dialled, so no test reaches another machine."""
    dialled = []
    real = urllib3.util.connection.create_connection

    def create_connection(address, *args, **kwargs):
        dialled.append(address)
        if not ipaddress.ip_address(address[0]).is_loopback:
            raise ConnectionRefusedError("the tests dial nothing beyond this machine")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(urllib3.util.connection, "create_connection", create_connection)
    return dialled


@pytest.fixture
def dns(monkeypatch):
    """dns(name, *answers): ``name`` resolves to each answer in turn (the last one from then on), an answer being
    one or more addresses separated by commas; counts the lookups."""
    real = socket.getaddrinfo
    answers, lookups = {}, []

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            return real(host, port, *args, **kwargs)
        lookups.append(host)
        queue = answers[host]
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        return [
            (socket.AF_INET6 if ":" in address else socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))
            for address in answer.split(",")
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)

    def register(name, *addresses):
        answers[name] = list(addresses)

    register.lookups = lookups
    return register


def _stored(url, coordinator, events=("task.created",)):
    """An endpoint whose address was stored before the rule (straight into the table): sending must refuse it
    on its own."""
    endpoint = services.endpoint_create(actor=coordinator, url="https://he-thong-khac.vn/hooks", events=list(events))
    Endpoint._base_manager.filter(pk=endpoint.pk).update(url=url)
    Delivery.objects.create(endpoint=endpoint, event="task.created", payload={"id": "x"})
    return endpoint


@pytest.mark.parametrize("url", REFUSED_ADDRESSES + ODD_URLS)
def test_registration_refuses_an_address_inside_the_network_in_vietnamese(settings, coordinator, url):
    settings.OUTBOUND_ALLOW_LOOPBACK_HTTP = False
    with pytest.raises(ValidationError) as refused:
        services.endpoint_create(actor=coordinator, url=url, events=["task.created"])
    messages = refused.value.message_dict["url"]
    assert any(message.startswith(("Địa chỉ", "Tên máy chủ", "Cổng")) for message in messages), messages
    assert not Endpoint.objects.exists()


@pytest.mark.parametrize(
    "url", ["https://he-thong-khac.vn/hooks", "https://8.8.8.8/hooks", "https://[2001:4860:4860::8888]/hooks"]
)
def test_registration_accepts_public_addresses(settings, coordinator, url):
    settings.OUTBOUND_ALLOW_LOOPBACK_HTTP = False
    services.endpoint_create(actor=coordinator, url=url, events=["task.created"])
    assert Endpoint.objects.get().url == url


def test_a_name_resolving_inside_the_network_is_refused(settings, coordinator, dns):
    settings.OUTBOUND_ALLOW_LOOPBACK_HTTP = False
    dns("noi-bo.example.vn", "93.184.216.34,10.1.2.3")  # one of its addresses is inside: refused
    dns("cong.example.vn", "10.1.2.3")
    for url in ("https://noi-bo.example.vn/hooks", "https://cong.example.vn/hooks"):
        with pytest.raises(ValidationError, match="mạng nội bộ"):
            services.endpoint_create(actor=coordinator, url=url, events=["task.created"])


@pytest.mark.parametrize("scheme", ["http", "https"])
@pytest.mark.parametrize(
    "host", ["127.0.0.1", "localhost", "[::ffff:127.0.0.1]", "loopback.example.vn", "127.0.0.2:1\\@127.0.0.1"]
)
def test_sending_refuses_a_stored_address_inside_the_network_and_the_receiver_is_never_called(
    settings, receiver, coordinator, connections, dns, scheme, host
):
    settings.OUTBOUND_ALLOW_LOOPBACK_HTTP = False
    dns("loopback.example.vn", "127.0.0.1")
    port = receiver.server.server_address[1]
    _stored(f"{scheme}://{host}:{port}/hooks", coordinator)

    report = sending.drain()

    assert len(report.retrying) == 1
    assert receiver.requests == [] and connections == []
    delivery = Delivery.objects.get()
    assert delivery.last_status_code is None
    assert delivery.last_error in ("blocked address", "invalid url")


def test_the_parser_confusion_url_is_refused_even_where_loopback_is_allowed(receiver, coordinator, connections):
    # OUTBOUND_ALLOW_LOOPBACK_HTTP is on for the tests: the backslash alone refuses it.
    port = receiver.server.server_address[1]
    url = f"http://127.0.0.2:{port}\\@127.0.0.1:{port}/hooks"
    with pytest.raises(ValidationError):
        services.endpoint_create(actor=coordinator, url=url, events=["task.created"])
    _stored(url, coordinator)
    sending.drain()
    assert receiver.requests == [] and connections == []
    assert Delivery.objects.get().last_error == "invalid url"


@pytest.mark.parametrize("url", REFUSED_ADDRESSES)
def test_sending_to_any_refused_class_dials_nothing(settings, coordinator, connections, url):
    settings.OUTBOUND_ALLOW_LOOPBACK_HTTP = False
    _stored(url, coordinator)
    sending.drain()
    assert connections == []
    assert Delivery.objects.get().last_error in ("blocked address", "invalid url")


def test_open_and_closed_ports_inside_the_network_look_the_same(settings, receiver, coordinator, connections):
    settings.OUTBOUND_ALLOW_LOOPBACK_HTTP = False
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    open_ = receiver.server.server_address[1]
    errors = []
    for port in (open_, closed):
        endpoint = _stored(f"https://127.0.0.1:{port}/", coordinator)
        sending.drain()
        delivery = endpoint.deliveries.get()
        errors.append((delivery.last_status_code, delivery.last_error))
        endpoint.delete()
    assert errors == [(None, "blocked address"), (None, "blocked address")]
    assert connections == [] and receiver.requests == []


def test_the_name_is_resolved_once_and_the_checked_address_is_the_one_dialled(settings, coordinator, connections, dns):
    settings.OUTBOUND_ALLOW_LOOPBACK_HTTP = False
    # A name that answers a public address when checked and the metadata service a moment later.
    dns("doi-dia-chi.example.vn", "93.184.216.34", "169.254.169.254")
    _stored("https://doi-dia-chi.example.vn/hooks", coordinator)
    sending.drain()
    assert dns.lookups == ["doi-dia-chi.example.vn"]
    assert connections == [("93.184.216.34", 443)]  # refused by the guard before it left this machine
    assert Delivery.objects.get().last_error == "refused"


def test_the_pinned_connection_keeps_the_name_for_tls_and_the_host_header(receiver, coordinator, connections, dns):
    dns("nhan.example.vn", "127.0.0.1")
    port = receiver.server.server_address[1]
    _stored(f"http://nhan.example.vn:{port}/hooks?x=1", coordinator)
    sending.drain()
    assert connections == [("127.0.0.1", port)]
    [request] = receiver.requests
    assert request["headers"]["Host"] == f"nhan.example.vn:{port}" and request["path"] == "/hooks?x=1"
    assert Delivery.objects.get().status == Delivery.Status.SUCCEEDED
    # Over https the certificate is checked for the name, and the name is what is sent as SNI.
    pool = outbound._pool(outbound.check("https://nhan.example.vn/hooks"), 5)
    assert (pool.host, pool.port) == ("127.0.0.1", 443)
    assert pool.conn_kw["server_hostname"] == pool.assert_hostname == "nhan.example.vn"
    assert pool.cert_reqs == "CERT_REQUIRED"


def test_a_redirect_is_not_followed(receiver, endpoint_for, connections):
    receiver.status = 302
    endpoint_for(receiver.url, ["task.created"])
    Delivery.objects.create(endpoint=Endpoint.objects.get(), event="task.created", payload={})
    sending.drain()
    assert len(receiver.requests) == 1
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.last_status_code, delivery.last_error) == (Delivery.Status.PENDING, 302, "http")


def test_the_receivers_answer_and_exception_texts_are_never_kept_or_shown(
    receiver, endpoint_for, client_for, coordinator
):
    receiver.status = 500  # its body is "ok": nothing of it may be kept
    endpoint = endpoint_for(receiver.url, ["task.created"])
    Delivery.objects.create(endpoint=endpoint, event="task.created", payload={})
    sending.drain()
    delivery = Delivery.objects.get()
    assert (delivery.last_status_code, delivery.last_error) == (500, "http")

    # An answer stored before this rule is not shown on the page nor in the admin.
    leaked = "HTTP 500: redis_version:7.2.4 connected_clients:3"
    Delivery.objects.filter(pk=delivery.pk).update(last_error=leaked)
    client = client_for(coordinator)
    page = client.get(reverse("webhooks:endpoint_detail", args=[endpoint.pk])).content.decode()
    admin_list = client.get(reverse("admin:webhooks_delivery_changelist")).content.decode()
    admin_page = client.get(reverse("admin:webhooks_delivery_change", args=[delivery.pk])).content.decode()
    for shown in (page, admin_list, admin_page):
        assert "redis_version" not in shown
        assert "lỗi (không hiển thị chi tiết)" in shown


def test_the_admin_refuses_an_address_inside_the_network(settings, client_for, coordinator):
    settings.OUTBOUND_ALLOW_LOOPBACK_HTTP = False
    response = client_for(coordinator).post(
        reverse("admin:webhooks_endpoint_add"),
        {"url": "https://169.254.169.254/latest/meta-data/", "events": ["task.created"], "is_active": "on"},
    )
    assert response.status_code == 200 and "mạng nội bộ" in response.content.decode()
    assert not Endpoint.objects.exists()


def test_the_page_refuses_an_address_inside_the_network(settings, client_for, coordinator):
    settings.OUTBOUND_ALLOW_LOOPBACK_HTTP = False
    response = client_for(coordinator).post(
        reverse("webhooks:endpoint_create"), {"url": "https://[::ffff:10.0.0.1]/hooks", "events": ["task.created"]}
    )
    assert response.status_code == 200
    assert any("mạng nội bộ" in message for message in response.context["form"].errors["url"])
    assert not Endpoint.objects.exists()


def test_the_allowlist_narrows_the_hosts(settings, coordinator):
    settings.OUTBOUND_HOST_ALLOWLIST = [".example.vn", "cong-du-lieu.vn"]
    for url in ("https://a.example.vn/hooks", "https://example.vn/hooks", "https://cong-du-lieu.vn/hooks"):
        services.endpoint_create(actor=coordinator, url=url, events=["task.created"])
    for url in ("https://he-thong-khac.vn/hooks", "https://notexample.vn/", "https://a.cong-du-lieu.vn/"):
        with pytest.raises(ValidationError, match="danh sách được phép"):
            services.endpoint_create(actor=coordinator, url=url, events=["task.created"])
    assert Endpoint.objects.count() == 3


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("2002:808:808::", False),  # an IPv4 address inside an IPv6 one is refused whatever it carries
        ("64:ff9b::808:808", False),
        ("::808:808", False),
        ("100.64.0.1", False),
        ("192.0.0.1", False),
        ("198.18.0.1", False),
        ("::ffff:8.8.8.8", False),  # a mapped address is never meant for the wire
        ("64:ff9b::a00:1", False),
        ("64:ff9b:1::a00:1", False),
        ("2001:db8::1", False),
        ("fec0::1", False),
    ],
)
def test_which_addresses_are_public(address, public):
    assert outbound.is_public(ipaddress.ip_address(address)) is public
