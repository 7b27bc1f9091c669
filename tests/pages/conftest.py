"""Fixtures of the page tests: private media in a temporary folder, dates relative to today, a small PDF."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tasks.models import local_today
from tests.factories import TaskFactory

# The smallest file the upload check accepts as a PDF (it reads the content, not the name).
PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def days(n):
    """Today in Hanoi, plus n days."""
    return local_today() + datetime.timedelta(days=n)


def vn(date):
    """A date as people type it: dd/mm/yyyy."""
    return date.strftime("%d/%m/%Y")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The test users' passwords are hashed quickly: these tests are about pages, not about hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def pdf():
    def make(name="bao-cao.pdf"):
        return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")

    return make


@pytest.fixture
def open_task(group, agency, other_agency):
    """A task SXD leads and STC supports, in progress, due in 30 days."""
    return TaskFactory(
        group=group,
        code="KH305-1.01",
        title="Xây dựng quy chế quản lý cụm công nghiệp",
        lead_agency=agency,
        supporting_agencies=[other_agency],
        start_date=days(-60),
        due_date=days(30),
    )
