"""Project-level views: the health check, the error pages, and the base of the pages that write through a
service."""

import sys

from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from . import help as help_content
from .audit import StaleVersionError
from .forms import apply_service_errors


@never_cache
@require_GET
def healthz(request):
    """200 with {"status": "ok"} when the database answers, 503 otherwise. No login needed."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


# --- error pages, in Vietnamese ------------------------------------------------------------------------


# Under /api/ every answer is JSON ({"detail": …}), whatever went wrong and wherever: integrations parse it.
API_MESSAGES = {
    400: gettext_lazy("Yêu cầu không hợp lệ."),
    404: gettext_lazy("Không tìm thấy."),
    413: gettext_lazy("Nội dung gửi lên quá lớn."),
    500: gettext_lazy("Lỗi hệ thống; yêu cầu chưa được xử lý. Lỗi đã được ghi lại."),
    503: gettext_lazy("Hệ thống đang bận; yêu cầu chưa được xử lý, hãy thử lại sau ít giây."),
}


def is_api(request):
    return request.path_info == "/api" or request.path_info.startswith("/api/")


def api_error(status, detail=None):
    return JsonResponse({"detail": str(detail or API_MESSAGES[status])}, status=status)


def bad_request(request, exception=None, message=""):
    """400; 413 for a body past DATA_UPLOAD_MAX_MEMORY_SIZE (Django raises it as a bad request)."""
    status = 413 if isinstance(exception, RequestDataTooBig) else 400
    if is_api(request):
        return api_error(status, message or None)
    return render(request, "400.html", {"reason": message}, status=status)


def permission_denied(request, exception=None):
    """403 with the reason when one was given (the services' messages are written for the user)."""
    if is_api(request):
        return api_error(403, str(exception or "") or _("Không có quyền thực hiện thao tác này."))
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def page_not_found(request, exception=None):
    if is_api(request):
        return api_error(404)
    return render(request, "404.html", status=404)


def server_error(request):
    """500 without the request's context: whatever failed (the database, a context processor) may fail again.
    A lost database connection or a deadlock raised outside a view (a middleware: the session, the second-factor
    check) is a 503 "try again", as ``core.middleware.RequestGuardMiddleware`` answers inside one."""
    from core.middleware import answers_busy

    exception = sys.exc_info()[1]
    if exception is not None and answers_busy(exception):
        return busy(request)
    if is_api(request):
        return api_error(500)
    return HttpResponseServerError(loader.get_template("500.html").render())


def busy(request):
    """503 when the database gave up on a transaction (a deadlock or a serialization failure): nothing was
    written, and the same request a moment later will go through."""
    if is_api(request):
        response = api_error(503)
    else:
        try:
            response = render(request, "503.html", status=503)
        except DatabaseError:  # the connection is lost: the page without the user's context (the menu)
            response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = "2"
    return response


# --- pages that write through a service ------------------------------------------------------------------


class ServiceFormView(View):
    """A page that writes through a service: GET shows the form; POST validates it and calls the service with
    ``actor=request.user`` (and the form's reason), whose refusals land on the form in Vietnamese (a
    ``ValidationError`` on the field it names, a ``StaleVersionError`` above the form); a saved record gives the
    success message and a redirect.

    A subclass (which mixes in the login and membership checks of ``accounts.mixins`` too) names ``template_name``
    and ``form_class`` and writes:

    - ``get_objects(**url_kwargs)``: the records the page is about, as a dict (the template's context, the form's
      arguments), read among those ``agencies.scoping`` lets the user see (404 otherwise), refusing with
      ``scoping.require(...)`` those the user may not change (403);
    - ``save(form)``: the service call, returning the saved record;
    - ``success_message(saved)`` and ``get_success_url(saved)`` (``saved`` is None after "no changes");
    - if need be: ``unchanged(form)`` (nothing to save: said, not saved), ``before_save(form)`` (an answer of its
      own, or errors put on the form), ``saved_already(form)`` (a stale version that is this very write, sent
      twice: a double click after the first save went through).
    """

    template_name = None
    form_class = None
    error_aliases = None  # a service's field name -> the form's, where they differ

    def get_objects(self, **kwargs):
        return {}

    def get_form_kwargs(self):
        return dict(self.objects)

    def get_context(self, form):
        return {"form": form, **self.objects}

    def render_form(self, form):
        return render(self.request, self.template_name, self.get_context(form))

    def unchanged(self, form):
        return False

    def before_save(self, form):
        return None

    def saved_already(self, form):
        return False

    def save(self, form):
        raise NotImplementedError

    def success_message(self, saved):
        raise NotImplementedError

    def get_success_url(self, saved):
        raise NotImplementedError

    def get(self, request, **kwargs):
        self.objects = self.get_objects(**kwargs)
        return self.render_form(self.form_class(**self.get_form_kwargs()))

    def post(self, request, **kwargs):
        self.objects = self.get_objects(**kwargs)
        form = self.form_class(request.POST, request.FILES, **self.get_form_kwargs())
        if form.is_valid():
            if self.unchanged(form):
                messages.info(request, _("Không có thay đổi nào để lưu."))
                return redirect(self.get_success_url(None))
            answer = self.before_save(form)
            if answer is not None:
                return answer
            saved = None if form.errors else self.call_service(form)
            if saved is not None:
                messages.success(request, self.success_message(saved))
                return redirect(self.get_success_url(saved))
        return self.render_form(form)

    def call_service(self, form):
        """``save(form)``, its refusals put on ``form``: the saved record, or None."""
        try:
            return self.save(form)
        except ValidationError as error:
            apply_service_errors(form, error, self.error_aliases)
        except StaleVersionError as error:
            if self.saved_already(form):
                return error.instance
            form.add_error(None, error.message)
        return None


# --- help ------------------------------------------------------------------------------------------------


class HelpView(TemplateView):
    """ "Hướng dẫn": each role's main jobs step by step (the reader's own role first), the glossary and the
    Department's contact (core.context_processors.department). Open to everyone: it holds no data. The reader's role
    (``current_role``, from accounts' context processor) picks the guide shown first."""

    template_name = "help/help.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(guides=help_content.GUIDES, glossary=help_content.GLOSSARY, **kwargs)


class AccessibilityView(TemplateView):
    """ "Tuyên bố về khả năng tiếp cận": the standard aimed at, what is tested and how, how to report a problem."""

    template_name = "help/accessibility.html"
