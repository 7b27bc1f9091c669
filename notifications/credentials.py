"""A calendar feed URL is a credential: it ends with the others (``accounts.credentials.end_credentials``)."""

from django.dispatch import receiver

from accounts.credentials import credentials_ended

from .models import CalendarFeedToken


@receiver(credentials_ended, dispatch_uid="notifications.end_calendar_feeds")
def end_calendar_feeds(sender, user, **kwargs):
    CalendarFeedToken.objects.filter(user=user).delete()
