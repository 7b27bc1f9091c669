"""The core app: what every domain app shares (the audit trail, the admin and API bases, Vietnamese text)."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        # search registers SQLite's Vietnamese collation; sql the ``__any`` lookup.
        from . import cache, search, signals, sql  # noqa: F401

        # Every historical model, whichever app defines it, is append-only.
        signals.protect_history_models()
        # Any write to the project's data drops the API's cached list pages.
        cache.connect_invalidation()
