"""Links to tasks from places that live outside a request: emails, calendar feeds, letters."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse


def task_path(task_id):
    """The task's page. Falls back to the agreed path while the pages' URL is not yet registered."""
    try:
        return reverse("tasks:task_detail", args=[task_id])
    except NoReverseMatch:
        return f"/tasks/{task_id}/"


def absolute_url(path):
    """``path`` on the public site (settings.SITE_URL), for links read outside the application."""
    return f"{settings.SITE_URL}{path}"


def task_url(task_id):
    return absolute_url(task_path(task_id))
