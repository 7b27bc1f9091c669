"""GET /healthz answers 200 when the database does, 503 when it does not; no login needed."""

from unittest import mock

import pytest
from django.db import DatabaseError, connection

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_with_json_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "ok"


def test_healthz_answers_503_when_the_database_is_down(client):
    # Simulates an outage: the database refuses to open a cursor.
    with mock.patch.object(connection, "cursor", side_effect=DatabaseError("connection refused")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "error"
