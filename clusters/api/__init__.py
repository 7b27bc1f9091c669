"""The clusters part of the REST API (/api/v1/)."""
