"""Attachments leave the server only through this view, and only to users who may see them (``scoping``)."""

from django.shortcuts import get_object_or_404
from django.views import View

from accounts.mixins import MemberRequiredMixin
from agencies import scoping
from core.uploads import file_download


class AttachmentDownloadView(MemberRequiredMixin, View):
    def get(self, request, pk):
        attachment = get_object_or_404(scoping.visible_attachments(request.user), pk=pk)
        return file_download(attachment.file, attachment.original_name, attachment.content_type)
