"""Creates the provider's database, its registered client (the application under test) and its users.

Run as ``python -m oidc_provider.provision`` with ``DJANGO_SETTINGS_MODULE=oidc_provider.settings`` and a JSON
description in ``OIDC_PROVIDER_SETUP``: {"client_id", "client_secret", "redirect_uri", "users": [{"username",
"password", "email", "first_name", "last_name"}]}.
"""

import json
import os

import django


def main():
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from oauth2_provider.models import Application

    setup = json.loads(os.environ["OIDC_PROVIDER_SETUP"])
    call_command("migrate", verbosity=0, interactive=False)
    User = get_user_model()
    for person in setup["users"]:
        user = User(**{k: v for k, v in person.items() if k != "password"})
        user.set_password(person["password"])
        user.save()
    Application.objects.create(
        name="Hệ thống theo dõi kế hoạch cụm công nghiệp",
        client_id=setup["client_id"],
        client_secret=setup["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=setup["redirect_uri"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=False,
    )


if __name__ == "__main__":
    main()
