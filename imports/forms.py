from django import forms
from django.utils.translation import gettext_lazy as _

from tasks.models import Plan


class UploadForm(forms.Form):
    """The workbook, and for an annex the plan it belongs to."""

    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))
    plan = forms.ModelChoiceField(label=_("Kế hoạch"), queryset=Plan.objects.none(), required=False)

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        if kind == "tasks":
            self.fields["plan"].queryset = Plan.objects.order_by("-issued_on")
            self.fields["plan"].required = True
        else:
            del self.fields["plan"]
