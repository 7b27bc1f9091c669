"""Panels: what an app adds to a page of an app it depends on, without that page knowing the app.

The cluster page belongs to ``clusters``, yet shows the tasks about the cluster and the targets that
count it, which are the plan's (``tasks``). Rather than ``clusters`` reaching up into ``tasks``, the
plan registers a panel for the page, as NetBox's template extensions do:

    @panel("cluster_detail")
    def cluster_tasks(request, cluster):
        return "tasks/panels/cluster_tasks.html", {"tasks": ...}

and the page renders ``render_panels("cluster_detail", request, cluster)`` where the panels go.
"""

from collections import defaultdict

from django.template.loader import render_to_string

_PANELS = defaultdict(list)


def panel(page):
    """Register ``function(request, obj) -> (template name, context)`` as a panel of ``page``."""

    def register(function):
        _PANELS[page].append(function)
        return function

    return register


def render_panels(page, request, obj):
    """The panels of ``page`` for ``obj``, rendered, in the order they were registered."""
    rendered = []
    for function in _PANELS[page]:
        template_name, context = function(request, obj)
        rendered.append(render_to_string(template_name, context, request=request))
    return rendered
