"""Uploaded files on an S3-compatible object store (STORAGE_BACKEND=s3, django-storages), tested against a real
S3 server speaking HTTP on this machine (moto's server mode): attachments are stored in the bucket, leave it only
through the permission-checked view (read through the storage, never a redirect to the store), and
``clean_orphan_files`` lists the bucket."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from uuid import uuid4

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from moto.server import ThreadedMotoServer

from tasks import services
from tests.factories import UserFactory
from tests.helpers import PDF_BYTES

pytestmark = pytest.mark.django_db

REPO_ROOT = Path(__file__).resolve().parents[2]
CREDENTIALS = {"aws_access_key_id": "ccn-test", "aws_secret_access_key": "ccn-test-secret"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    """An S3 server on a free port of this machine, for this module's tests."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, tmp_path):
    """A new private bucket, made the default storage as STORAGE_BACKEND=s3 makes it; returns its client and
    name. MEDIA_ROOT points at a folder that must stay empty."""
    name = f"ccn-{uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **CREDENTIALS)
    client.create_bucket(Bucket=name)
    settings.MEDIA_ROOT = tmp_path / "must-stay-empty"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    client.bucket_name = name
    return client


def keys(bucket):
    return sorted(item["Key"] for item in bucket.list_objects_v2(Bucket=bucket.bucket_name).get("Contents", ()))


@pytest.fixture
def attachment(bucket, officer, open_task, pdf):
    services.progress_report_create(
        actor=officer, task=open_task, text="Kèm biên bản", progress_percent=20, files=[pdf("biên bản.pdf")]
    )
    return open_task.attachments.get()


def download_url(attachment):
    return reverse("tasks:attachment_download", args=[attachment.pk])


def test_an_uploaded_attachment_is_stored_in_the_bucket_not_on_disk(bucket, attachment, settings):
    assert keys(bucket) == [attachment.file.name]
    assert bucket.get_object(Bucket=bucket.bucket_name, Key=attachment.file.name)["Body"].read() == PDF_BYTES
    assert not Path(settings.MEDIA_ROOT).exists()


def test_the_bucket_refuses_anonymous_reads(bucket, attachment):
    anonymous = boto3.client(
        "s3",
        endpoint_url=bucket.meta.endpoint_url,
        region_name="us-east-1",
        config=Config(signature_version=UNSIGNED),
    )
    acl = bucket.get_object_acl(Bucket=bucket.bucket_name, Key=attachment.file.name)
    assert [grant["Permission"] for grant in acl["Grants"]] == ["FULL_CONTROL"]  # the owner's alone
    with pytest.raises(anonymous.exceptions.ClientError):
        anonymous.get_object(Bucket=bucket.bucket_name, Key=attachment.file.name)


def test_a_member_downloads_the_attachment_through_the_view(client_for, viewer, attachment):
    response = client_for(viewer).get(download_url(attachment))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; ")
    assert response["Cache-Control"] == "private, no-store"


def test_an_outsider_gets_no_file_and_no_address_of_the_store(client_for, client, attachment):
    refused = client_for(UserFactory(username="nobody")).get(download_url(attachment))
    anonymous = client.get(download_url(attachment))

    assert refused.status_code == 403
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    assert "127.0.0.1" not in anonymous["Location"]


def test_an_object_missing_from_the_bucket_is_404(bucket, client_for, viewer, attachment):
    bucket.delete_object(Bucket=bucket.bucket_name, Key=attachment.file.name)

    assert client_for(viewer).get(download_url(attachment)).status_code == 404


def test_clean_orphan_files_lists_the_bucket_and_removes_only_orphans(bucket, attachment, capsys):
    orphan = default_storage.save(f"attachments/{attachment.task_id}/left-by-a-killed-worker", ContentFile(b"x"))

    call_command("clean_orphan_files")
    out = capsys.readouterr().out
    assert orphan in out and attachment.file.name not in out and "Tìm thấy 1 tệp mồ côi." in out

    call_command("clean_orphan_files", "--delete")
    assert "Đã xóa 1 tệp mồ côi." in capsys.readouterr().out
    assert keys(bucket) == [attachment.file.name]


def test_two_uploads_of_one_name_keep_both(bucket, officer, open_task, pdf):
    for _ in range(2):
        services.progress_report_create(
            actor=officer, task=open_task, text="Bản mới", progress_percent=30, files=[pdf("bao-cao.pdf")]
        )

    assert len(keys(bucket)) == 2


# --- the environment selects the storage ------------------------------------------------------------------


def settings_under(**variables):
    """The storage settings a fresh process reads under these environment variables (and DEBUG on)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "STORAGE_"))}
    env.update(DEBUG="true", DJANGO_SETTINGS_MODULE="config.settings", **variables)
    names = ["STORAGES", "AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL", "AWS_DEFAULT_ACL", "AWS_QUERYSTRING_AUTH"]
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {names!r}}}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    return result.returncode, (json.loads(result.stdout.splitlines()[-1]) if result.returncode == 0 else result.stderr)


def test_the_local_disk_is_the_default():
    code, found = settings_under()
    assert code == 0
    assert found["STORAGES"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_storage_backend_s3_selects_a_private_bucket_with_signed_urls():
    code, found = settings_under(
        STORAGE_BACKEND="s3", AWS_STORAGE_BUCKET_NAME="ccn-files", AWS_S3_ENDPOINT_URL="https://s3.example.vn"
    )
    assert code == 0
    assert found["STORAGES"]["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert found["AWS_STORAGE_BUCKET_NAME"] == "ccn-files"
    assert found["AWS_S3_ENDPOINT_URL"] == "https://s3.example.vn"
    assert found["AWS_DEFAULT_ACL"] == "private" and found["AWS_QUERYSTRING_AUTH"] is True


@pytest.mark.parametrize(
    ("variables", "named"),
    [({"STORAGE_BACKEND": "s3"}, "AWS_STORAGE_BUCKET_NAME"), ({"STORAGE_BACKEND": "ftp"}, "STORAGE_BACKEND")],
)
def test_an_incomplete_or_unknown_storage_refuses_to_start(variables, named):
    code, stderr = settings_under(**variables)
    assert code != 0
    assert "ImproperlyConfigured" in stderr and named in stderr
