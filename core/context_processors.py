"""The Department in every template: its name (as the letters and reports head it) and its contact, for the print
heading, the help pages and the footer."""

from django.conf import settings

from core.documents import PARENT_BODY, SENDER


def department(request):
    return {"department": {"parent": PARENT_BODY, "name": SENDER, "contact": settings.DEPARTMENT_CONTACT}}
