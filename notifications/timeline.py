"""Follow-up letters join the timeline of every task they list."""

from django.utils.translation import gettext as _

from core.history import TimelineEvent
from tasks.selectors import timeline_source

from .models import FollowUpLetter


@timeline_source
def letters_of(task):
    return [
        TimelineEvent(
            at=letter.created_at,
            kind="letter",
            title=_("Lập công văn đôn đốc gửi %(agency)s số %(number)s")
            % {"agency": letter.agency, "number": letter.number}
            if letter.number
            else _("Lập công văn đôn đốc gửi %(agency)s") % {"agency": letter.agency},
            user=letter.created_by,
            obj=letter,
        )
        for letter in FollowUpLetter.objects.filter(tasks=task).select_related("agency", "created_by")
    ]
