"""The tasks part of the REST API (/api/v1/)."""
