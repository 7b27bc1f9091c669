"""The imports offered, by the name in their addresses (/imports/<kind>/, /api/v1/imports/<kind>/)."""

from django.http import Http404

from .clusters import ClusterImport
from .people import PeopleImport
from .tasks import TaskImport

IMPORTS = {importer.kind: importer for importer in (ClusterImport, TaskImport, PeopleImport)}


def importer_for(kind):
    """A fresh importer of ``kind`` (it keeps what one run creates), or 404."""
    try:
        return IMPORTS[kind]()
    except KeyError:
        raise Http404 from None
