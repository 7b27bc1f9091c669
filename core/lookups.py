"""The JSON answers behind the search-as-you-type boxes (``core.widgets.LookupSelect``).

``lookup_response(request, queryset, label)`` folds what was typed (``?q=``) like every search box
("dong anh" finds "Đông Anh"), and answers at most ``LOOKUP_LIMIT`` records ``{"id", "label"}`` in the
queryset's order (Vietnamese order: the caller orders it). Each app's view scopes its queryset first.
"""

from django.http import JsonResponse

from .search import is_searchable, search
from .text import fold

LOOKUP_LIMIT = 20


def lookup_response(request, queryset, label=str):
    """``queryset`` narrowed by ``?q=`` as JSON. A model without a search column (the users) is searched by
    its label folded in Python, as people read it: a small table, read in one query."""
    term = request.GET.get("q", "")[:100]
    if is_searchable(queryset.model):
        rows = list(search(queryset, term)[:LOOKUP_LIMIT])
    else:
        needle = fold(term)
        rows = []
        for obj in list(queryset):
            if not needle or needle in fold(label(obj)):
                rows.append(obj)
                if len(rows) == LOOKUP_LIMIT:
                    break
    return JsonResponse({"results": [{"id": obj.pk, "label": label(obj)} for obj in rows]})
