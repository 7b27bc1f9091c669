"""Attachments leave the server only through this view, and only to users who may see them (``Attachment.objects.visible_to``)."""

from django.shortcuts import get_object_or_404
from django.views import View

from accounts.mixins import MemberRequiredMixin
from core.uploads import file_download

from ..models import Attachment


class AttachmentDownloadView(MemberRequiredMixin, View):
    def get(self, request, pk):
        attachment = get_object_or_404(Attachment.objects.visible_to(request.user), pk=pk)
        return file_download(attachment.file, attachment.original_name, attachment.content_type)
