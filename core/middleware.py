"""The language of a request: the pages speak Vietnamese; the API follows Accept-Language."""

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class LanguageMiddleware(LocaleMiddleware):
    """Vietnamese for every page, whatever the browser's language: staff with an English-language
    browser must not get a half-English interface (Django's own messages, number formats). Integrations
    reading /api/ choose Vietnamese or English labels with Accept-Language."""

    def process_request(self, request):
        if request.path_info.startswith("/api/"):
            return super().process_request(request)
        translation.activate(settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_response(self, request, response):
        if request.path_info.startswith("/api/"):
            return super().process_response(request, response)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class PageMethodsMiddleware:
    """Pages and the admin answer GET, HEAD, POST and OPTIONS only; any other method is a 405.

    Django's form views treat PUT as an empty POST (an empty preference form would save "no emails"),
    which no page of ours means. The REST API, under /api/, chooses its own methods.
    """

    ALLOWED = ("GET", "HEAD", "POST", "OPTIONS")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.ALLOWED and not request.path_info.startswith("/api/"):
            return HttpResponseNotAllowed(self.ALLOWED)
        return self.get_response(request)
