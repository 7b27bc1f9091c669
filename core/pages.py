"""What every list page shares: sortable column headers that keep the filters in the URL, its rows' choices by
their labels, and rows written in Python as the templates write them."""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import Field
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.translation import get_language


class KnownCountPaginator(Paginator):
    """A paginator that asks ``count_of`` (a callable, or None) how many records the list holds before counting
    them itself: a count known without a COUNT over the rows (the task lists: ``TaskFilterSet.kept_count``), or
    None to count them. Asked only when the count is wanted."""

    def __init__(self, object_list, per_page, count_of=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_of = count_of

    @cached_property
    def count(self):
        known = None if self.count_of is None else self.count_of()
        return known if known is not None else super().count


def template_text(value):
    """What ``{{ value }}`` writes: localised (thousands separated in Vietnamese), escaped. For rows and figures
    written in Python instead of through the template engine (``clusters.templatetags.cluster_rows``,
    ``tasks.templatetags.task_figures``), whose tests hold their HTML equal to the templates'."""
    return conditional_escape(localize(value))


# (model field or choices class, language) → {value: label}: the labels of the code's choices, never of the data.
_LABELS = {}


def choice_labels(source):
    """{value: label as text in the active language} of ``source``, a model field with choices or a choices class
    (``Commune.Kind``), worked out once per language. ``get_FOO_display()`` copies every choice of the field into a
    hashable dict at each call, translating each lazy label again: three such columns of a 30-row list made some
    500 translations a page."""
    key = (source, get_language())
    labels = _LABELS.get(key)
    if labels is None:
        pairs = source.flatchoices if isinstance(source, Field) else source.choices
        labels = _LABELS[key] = {value: str(label) for value, label in pairs}
    return labels


def sort_links(request, keys):
    """For each sortable column: the URL that sorts by it (toggling direction) and its aria-sort state."""
    current = request.GET.get("ordering", "")
    links = {}
    for key in keys:
        params = request.GET.copy()
        params.pop("page", None)
        if current == key:
            state, params["ordering"] = "ascending", f"-{key}"
        elif current == f"-{key}":
            state, params["ordering"] = "descending", key
        else:
            state, params["ordering"] = "none", key
        links[key] = {"url": f"?{params.urlencode()}", "state": state}
    return links
