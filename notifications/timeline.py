"""Follow-up letters join the timeline of every task they list."""

from core.history import TimelineEvent
from tasks.selectors import timeline_source

from .models import FollowUpLetter


@timeline_source
def letters_of(task):
    return [
        TimelineEvent(
            at=letter.created_at,
            kind="letter",
            title=f"Lập công văn đôn đốc gửi {letter.agency}" + (f" số {letter.number}" if letter.number else ""),
            user=letter.created_by,
            obj=letter,
        )
        for letter in FollowUpLetter.objects.filter(tasks=task).select_related("agency", "created_by")
    ]
