"""Incremental sync for integrations: ``updated_after`` and cursor pages on every list of the API, and the
tombstones that make deletions visible (issue 16)."""
