"""The Department in every template (``department``): its names for the print heading and the help pages, and its
contact. Read lazily: a page that shows none of it costs nothing, and the letterhead is cached."""

from django.utils.functional import SimpleLazyObject

from . import letterhead


def department(request):
    return {"department": SimpleLazyObject(letterhead.current)}
