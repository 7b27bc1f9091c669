"""A real HTTP receiver (http.server in a thread, on a free port of this machine) that records what it is sent,
endpoints registered through the service, and the Circular 14 cast of tests/reporting."""

import http.server
import json
import threading

import pytest

from tests.reporting.conftest import (  # noqa: F401  (fixtures: the reporting cast)
    cluster,
    commune,
    half_year,
    investor,
    investor_agency,
    report_forms,
)
from webhooks import services


class Receiver:
    """What was received (method, path, headers, body bytes), and the status to answer with."""

    def __init__(self):
        self.requests = []
        self.status = 204
        self.lock = threading.Lock()

    @property
    def url(self):
        host, port = self.server.server_address[:2]
        return f"http://127.0.0.1:{port}/hooks"

    def bodies(self):
        return [json.loads(request["body"]) for request in self.requests]


def _handler(receiver):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with receiver.lock:
                receiver.requests.append(
                    {"method": "POST", "path": self.path, "headers": dict(self.headers), "body": body}
                )
                status = receiver.status
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format, *args):
            pass

    return Handler


@pytest.fixture
def receiver():
    receiver = Receiver()
    receiver.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    thread = threading.Thread(target=receiver.server.serve_forever, daemon=True)
    thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def endpoint_for(coordinator):
    """endpoint_for(url, events, **fields) -> an endpoint registered by the coordinator."""

    def make(url, events, **fields):
        return services.endpoint_create(actor=coordinator, url=url, events=events, **fields)

    return make
