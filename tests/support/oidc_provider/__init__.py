"""A small, real OpenID Connect provider (django-oauth-toolkit in OIDC mode) for the single sign-on tests.

It runs as its own process with its own SQLite file (``tests/support/oidc_server.py`` starts it): the
application under test talks to it over HTTP exactly as it would to the city's identity provider.
"""
