"""Template tags of the notifications: the bell's unread count, and links to tasks.

``{% load notification_tags %}{% unread_notification_count user as unread %}`` costs one query per
request, however many times it is used (the count is kept on the user object).
"""

from django import template

from notifications import links
from notifications.models import Notification

register = template.Library()


@register.simple_tag
def unread_notification_count(user):
    if user is None or not user.is_authenticated:
        return 0
    if not hasattr(user, "_unread_notification_count"):
        user._unread_notification_count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    return user._unread_notification_count


@register.filter
def task_path(task_id):
    """The task page's path (``{{ notification.task_id|task_path }}``)."""
    return links.task_path(task_id)
