"""The coordinators' import pages: the list of imports, upload, preview (with a choice per row an old commune split
between several 2025 units), confirmation, result; the templates and the register's export.

The uploaded workbook is kept on the server (private storage, under a random token named in the session) from
the upload to the confirmation, so the user never uploads it twice; it is removed once written, and refused after
``KEEP_SECONDS``. Who may import is ``agencies.scoping``'s ``data.import``; every write is the services'.
"""

import secrets
import time

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from accounts.mixins import MemberRequiredMixin, PermissionRequiredMixin
from clusters.models import Cluster
from core.exports import XLSX_TYPE
from core.uploads import content_disposition, stored_names

from .base import Refused
from .clusters import register_bytes
from .forms import UploadForm
from .registry import IMPORTS, importer_for
from .workbook import read_sheet

SESSION_KEY = "imports.pending"
RESULT_KEY = "imports.result"
KEEP_SECONDS = 60 * 60
FOLDER = "imports"


def xlsx_download(content, filename):
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    response["Cache-Control"] = "private, no-store"
    return response


class ImportPage(PermissionRequiredMixin):
    permission = "data.import"


class ImportListView(ImportPage, View):
    """The three imports, each with its template, and the register's export."""

    def get(self, request):
        imports = [{"kind": kind, "title": _(importer.title)} for kind, importer in IMPORTS.items()]
        return render(request, "imports/import_list.html", {"imports": imports})


class TemplateDownloadView(ImportPage, View):
    def get(self, request, kind):
        importer = importer_for(kind)
        return xlsx_download(importer.template_bytes(), importer.template_filename())


class RegisterExportView(MemberRequiredMixin, View):
    """The register in the cluster import's layout (re-importing it changes nothing)."""

    def get(self, request):
        clusters = Cluster.objects.visible_to(request.user)
        return xlsx_download(register_bytes(clusters), "so-dang-ky-cum-cong-nghiep.xlsx")


def remove_stale_uploads():
    """Remove the kept workbooks older than ``KEEP_SECONDS`` (an upload never confirmed), whoever uploaded them."""
    for name in stored_names(FOLDER):
        try:
            age = time.time() - default_storage.get_modified_time(name).timestamp()
        except (OSError, NotImplementedError):
            continue
        if age > KEEP_SECONDS:
            default_storage.delete(name)


def _pending(request):
    pending = request.session.get(SESSION_KEY)
    return pending if isinstance(pending, dict) else {}


def _forget(request, token):
    pending = _pending(request)
    entry = pending.pop(token, None)
    request.session[SESSION_KEY] = pending
    if entry:
        default_storage.delete(entry["path"])


class UploadView(ImportPage, View):
    """Upload a workbook: checked and read at once (a bad file is refused here, in words), then kept for the
    preview."""

    def get(self, request, kind):
        importer = importer_for(kind)
        return self.show(request, importer, UploadForm(kind=kind))

    def show(self, request, importer, form, status=200):
        return render(
            request,
            "imports/upload.html",
            {"importer": importer, "title": _(importer.title), "form": form},
            status=status,
        )

    def post(self, request, kind):
        importer = importer_for(kind)
        form = UploadForm(request.POST, request.FILES, kind=kind)
        if not form.is_valid():
            return self.show(request, importer, form, status=400)
        upload = form.cleaned_data["file"]
        options = {"plan": str(form.cleaned_data["plan"].pk)} if kind == "tasks" else {}
        try:
            # The file is read here (refused at once when it cannot be); the preview compares it on the next page.
            importer.options_from(options)
            read_sheet(upload, importer.columns)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.show(request, importer, form, status=400)
        remove_stale_uploads()
        token = secrets.token_urlsafe(16)
        upload.seek(0)
        path = default_storage.save(f"{FOLDER}/{token}.xlsx", ContentFile(upload.read()))
        pending = _pending(request)
        pending[token] = {"kind": kind, "name": upload.name, "path": path, "options": options, "at": time.time()}
        request.session[SESSION_KEY] = pending
        return redirect("imports:preview", kind=kind, token=token)


class PreviewView(ImportPage, View):
    """What the kept workbook would do, row by row; choose where a row asks; confirm to write it all."""

    def entry(self, request, kind, token):
        entry = _pending(request).get(token)
        if not entry or entry["kind"] != kind:
            return None
        if time.time() - entry["at"] > KEEP_SECONDS:
            _forget(request, token)
            return None
        return entry

    def upload(self, entry):
        """The kept workbook, read into memory (it is small: ``validate_upload`` bounded it) under its own name."""
        with default_storage.open(entry["path"], "rb") as handle:
            return ContentFile(handle.read(), name=entry["name"])

    def gone(self, kind):
        return redirect("imports:upload", kind=kind)

    def get(self, request, kind, token):
        return self.respond(request, kind, token, confirm=False)

    def post(self, request, kind, token):
        return self.respond(request, kind, token, confirm=request.POST.get("action") == "confirm")

    def respond(self, request, kind, token, *, confirm):
        importer = importer_for(kind)
        entry = self.entry(request, kind, token)
        if entry is None:
            messages.error(request, _("Tệp đã tải lên không còn được giữ (quá một giờ hoặc đã ghi); hãy tải lên lại."))
            return self.gone(kind)
        choices = {}
        for key, value in request.POST.items():
            if key.startswith("choice-") and key[7:].isdigit() and value:
                choices[int(key[7:])] = value
        upload = self.upload(entry)
        try:
            options = importer.options_from(entry["options"])  # the annex's plan may have gone meanwhile
            if confirm:
                try:
                    preview = importer.run(upload, actor=request.user, choices=choices, options=options)
                except Refused as refused:
                    preview = refused.preview
                    messages.error(request, _("Chưa ghi gì: tệp còn lỗi hoặc còn dòng cần chọn."))
                else:
                    request.session[RESULT_KEY] = {
                        "kind": kind,
                        "file": preview.filename,
                        "counts": {str(label): count for label, count in preview.summary},
                    }
                    _forget(request, token)
                    return redirect("imports:result", kind=kind)
            else:
                preview = importer.preview(upload, actor=request.user, choices=choices, options=options)
        except ValidationError as exc:
            _forget(request, token)
            messages.error(request, " ".join(exc.messages))
            return self.gone(kind)
        return render(
            request,
            "imports/preview.html",
            {"importer": importer, "title": _(importer.title), "preview": preview, "token": token, "kind": kind},
        )


class ResultView(ImportPage, View):
    def get(self, request, kind):
        importer = importer_for(kind)
        result = request.session.get(RESULT_KEY)
        if not isinstance(result, dict) or result.get("kind") != kind:
            return redirect("imports:import_list")
        return render(
            request, "imports/result.html", {"importer": importer, "title": _(importer.title), "result": result}
        )
