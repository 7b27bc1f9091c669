"""Starts the test identity provider (``tests/support/oidc_provider``) in its own process, on a free port, with a
fresh RSA key, its own SQLite file, one registered client and the given users; and points this application's
single sign-on settings at it."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

SUPPORT = Path(__file__).resolve().parent
CLIENT_ID = "ke-hoach-ccn"
CLIENT_SECRET = "bi-mat-cua-ung-dung-thu-nghiem"
PROVIDER_PASSWORD = "Mat-khau-cong-dung-chung-1"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Provider:
    base: str
    process: subprocess.Popen

    def settings(self):
        """This application's settings that point single sign-on at the provider."""
        return {
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.base}/o/authorize/",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.base}/o/token/",
            "OIDC_OP_USER_ENDPOINT": f"{self.base}/o/userinfo/",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.base}/o/.well-known/jwks.json",
            "OIDC_RP_SIGN_ALGO": "RS256",
        }

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_provider(folder, *, redirect_uri, users):
    """``users``: dicts of username, email, first_name, last_name (their password is ``PROVIDER_PASSWORD``)."""
    folder = Path(folder)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key_file = folder / "provider-key.pem"
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "DATABASE_URL"))},
        "DJANGO_SETTINGS_MODULE": "oidc_provider.settings",
        "PYTHONPATH": str(SUPPORT),
        "OIDC_PROVIDER_DB": str(folder / "provider.sqlite3"),
        "OIDC_PROVIDER_KEY_FILE": str(key_file),
        "OIDC_PROVIDER_SETUP": json.dumps(
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uri": redirect_uri,
                "users": [{**user, "password": PROVIDER_PASSWORD} for user in users],
            }
        ),
    }
    subprocess.run([sys.executable, "-m", "oidc_provider.provision"], env=env, check=True, cwd=folder, timeout=120)
    port = free_port()
    log = (folder / "provider.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        env=env,
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    provider = Provider(f"http://127.0.0.1:{port}", process)
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{provider.base}/o/.well-known/openid-configuration", timeout=2) as answer:
                if answer.status == 200:
                    return provider
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            provider.stop()
            raise RuntimeError(f"the test identity provider did not start: {(folder / 'provider.log').read_text()}")
        time.sleep(0.2)
