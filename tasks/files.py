"""The attachments' files on disk: which stored files no Attachment row refers to (``clean_orphan_files``)."""

from core.uploads import stored_names

from .models import Attachment

ATTACHMENT_FOLDER = "attachments"


def orphan_files():
    """The stored attachment files no Attachment row refers to (sorted names), e.g. from a killed worker."""
    known = set(Attachment.objects.values_list("file", flat=True))
    return sorted(name for name in stored_names(ATTACHMENT_FOLDER) if name not in known)
