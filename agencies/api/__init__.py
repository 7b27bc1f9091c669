"""The agencies part of the REST API (/api/v1/)."""
