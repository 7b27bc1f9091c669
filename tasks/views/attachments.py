"""Attachments leave the server only through this view, and only to users who may see them (``scoping``)."""

import re
import unicodedata
from urllib.parse import quote

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views import View

from accounts.mixins import MemberRequiredMixin
from agencies import scoping

UNSAFE = re.compile(r"[^A-Za-z0-9._ ()\-]")


def content_disposition(filename):
    """``attachment`` with an ASCII fallback name and the real name in RFC 5987 ``filename*``."""
    name = "".join(ch for ch in filename if unicodedata.category(ch)[0] != "C") or "tep-dinh-kem"
    ascii_name = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    ascii_name = UNSAFE.sub("_", ascii_name.encode("ascii", "ignore").decode()).strip() or "tep-dinh-kem"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


class AttachmentDownloadView(MemberRequiredMixin, View):
    def get(self, request, pk):
        attachment = get_object_or_404(scoping.visible_attachments(request.user), pk=pk)
        try:
            handle = attachment.file.open("rb")
        except (FileNotFoundError, ValueError) as exc:
            raise Http404 from exc
        response = FileResponse(handle, content_type=attachment.content_type)
        response["Content-Disposition"] = content_disposition(attachment.original_name)
        response["Cache-Control"] = "private, no-store"
        return response
