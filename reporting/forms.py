"""The reporting pages' forms: a Biểu 02/03 as a table of rows, its Excel upload, the coordinator's return, and the
tracker's filters. They only collect what was typed; the values are checked by ``reporting.rules`` through the
services, whose errors land on the row they name."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import NumberInput, VietnameseDecimalField, action_field, date_field, label_empty_choices, text_area
from core.numbers import format_number

from . import services
from .models import Submission

NOTE_MAX = 500
# The button of a coordinator recording a report received on paper (``PaperReceiptForm``).
PAPER_ACTION = "paper"


def shown(value):
    """A stored figure as a reporter types it: no trailing zeros, a decimal comma, dots between thousands
    ("130,5"; "10.500")."""
    return format_number(value)


def sectioned(indicators):
    """(indicator, whether its section's heading goes above it) for the rows of a form, in order."""
    section = None
    for indicator in indicators:
        yield indicator, bool(indicator.section) and indicator.section != section
        section = indicator.section or section


class SubmissionForm(forms.Form):
    """One box for the result (``v_<key>``) and one for the note (``n_<key>``) per row of the form, the signer
    (required on sending, by the service), the version the reporter loaded, and the button pressed: "Lưu nháp"
    (also a form sent with Enter, which names no button) or "Gửi báo cáo"."""

    signer_name = forms.CharField(label=_("Người ký"), max_length=255, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=255, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # "paper" is a coordinator's (``PaperReceiptForm``); read here so the view refuses it to anyone else with a 403.
    action = action_field(
        [("draft", _("Lưu nháp")), ("submit", _("Gửi báo cáo")), (PAPER_ACTION, _("Nhận bản giấy"))], required=False
    )

    def __init__(self, *args, indicators, values=None, notes=None, submission=None, **kwargs):
        values, notes = values or {}, notes or {}
        initial = kwargs.setdefault("initial", {})
        if submission is not None:
            initial.setdefault("signer_name", submission.signer_name)
            initial.setdefault("signer_title", submission.signer_title or submission.form.signer_title)
            if submission.pk:
                initial.setdefault("version", submission.version)
        super().__init__(*args, **kwargs)
        self.submission = submission
        self.indicators = indicators
        for indicator in indicators:
            # Read as Vietnamese write numbers ("10.500" is ten thousand five hundred, "10.5" is refused);
            # the unit's rules (whole numbers, places, ranges) are ``reporting.rules``', through the service.
            self.fields[f"v_{indicator.key}"] = VietnameseDecimalField(
                label=indicator.label,
                required=False,
                initial=values.get(indicator.key),
                widget=NumberInput(attrs={"maxlength": "40"}),
            )
            self.fields[f"n_{indicator.key}"] = forms.CharField(
                label=_("Ghi chú"),
                required=False,
                max_length=NOTE_MAX,
                initial=notes.get(indicator.key, ""),
                widget=forms.TextInput(attrs={"aria-label": _("Ghi chú, chỉ tiêu %(row)s") % {"row": indicator.row}}),
            )

    def clean(self):
        """When some rows are not numbers, the rules (``services.submission_errors``) still check the others and
        the signer, so the reporter sees every error at once, not the rest after fixing the first."""
        cleaned = super().clean()
        unread = [indicator.key for indicator in self.indicators if f"v_{indicator.key}" in self.errors]
        if unread and self.submission is not None:
            # An unread row counts as blank here: the rows tied to it are checked once it is a number.
            values = {
                indicator.key: (cleaned.get(f"v_{indicator.key}"), cleaned.get(f"n_{indicator.key}", ""))
                for indicator in self.indicators
            }
            errors = services.submission_errors(
                submission=self.submission,
                values=values,
                submit=cleaned.get("action") in ("submit", PAPER_ACTION),
                signer_name=cleaned.get("signer_name", ""),
                signer_title=cleaned.get("signer_title", ""),
            )
            aliases = self.error_aliases()
            for key, messages in errors.items():
                name = aliases.get(key, key)
                if name in self.fields and name not in self.errors:
                    self.add_error(name, messages)
        return cleaned

    def submitting(self):
        """Whether the reporter pressed "Gửi báo cáo" (read once the form is valid)."""
        return self.cleaned_data.get("action") == "submit"

    def rows(self):
        """(indicator, value box, note box, whether a new section starts here) in the form's order."""
        for indicator, starts in sectioned(self.indicators):
            yield indicator, self[f"v_{indicator.key}"], self[f"n_{indicator.key}"], starts

    def values(self):
        """key → (typed value, note), for ``services.submission_save``."""
        return {
            indicator.key: (self.cleaned_data[f"v_{indicator.key}"], self.cleaned_data[f"n_{indicator.key}"])
            for indicator in self.indicators
        }

    def error_order(self):
        """The error summary follows the page: the table's rows, then the signer."""
        rows = [f"{box}_{indicator.key}" for indicator in self.indicators for box in ("v", "n")]
        return rows + [name for name in self.fields if name not in rows]

    def error_label(self, name):
        """How the error summary names a row: "Dòng 12 — Diện tích đất công nghiệp"."""
        if name.startswith(("v_", "n_")):
            indicator = next(i for i in self.indicators if i.key == name[2:])
            label = indicator.label if name.startswith("v_") else f"{indicator.label} ({_('ghi chú')})"
            return _("Dòng %(row)s — %(label)s") % {"row": indicator.row, "label": label}
        return self.fields[name].label

    def error_aliases(self):
        return {indicator.key: f"v_{indicator.key}" for indicator in self.indicators}


class PaperReceiptForm(SubmissionForm):
    """The form of a report, as a coordinator sees it: the rows and signer typed from the letter received on paper,
    with the letter's number, date of receipt and scan (``services.submission_receive_paper`` checks them all; a
    draft or a sending on the reporter's behalf ignores them)."""

    paper_letter_number = forms.CharField(
        label=_("Số công văn"), max_length=100, required=False, help_text=_("Ví dụ: 125/BC-UBND.")
    )
    paper_received_on = date_field(_("Ngày nhận bản giấy"))
    paper_scan = forms.FileField(
        label=_("Bản chụp công văn (PDF hoặc ảnh)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def clean(self):
        """When some rows are not numbers the service is not called: the letter's checks are told in the same round
        as the rows'."""
        cleaned = super().clean()
        if cleaned.get("action") == PAPER_ACTION and self.errors:
            letter = self.paper()
            errors, *_checked = services.paper_errors(letter["letter_number"], letter["received_on"], letter["scan"])
            for name, messages in errors.items():
                if name not in self.errors:
                    self.add_error(name, messages)
        return cleaned

    def paper(self):
        """The letter's fields, for ``services.submission_receive_paper``."""
        return {
            "letter_number": self.cleaned_data.get("paper_letter_number", ""),
            "received_on": self.cleaned_data.get("paper_received_on"),
            "scan": self.cleaned_data.get("paper_scan"),
        }


class UploadForm(forms.Form):
    workbook = forms.FileField(
        label=_("Tệp Excel (.xlsx) theo mẫu"),
        help_text=_("Tải mẫu về, điền cột Kết quả và Ghi chú, rồi tải lên: tệp được lưu thành bản nháp để gửi sau."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReturnForm(forms.Form):
    # Required by the service (``require_reason``), the one home of that rule.
    reason = forms.CharField(label=_("Lý do trả lại"), widget=text_area(3), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AcceptForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TrackerFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("Trạng thái"), required=False, choices=[("", "")] + Submission.State.choices)
    form = forms.ChoiceField(label=_("Biểu"), required=False, choices=[])

    def __init__(self, *args, codes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = [("", "")] + [(code, _("Biểu %(code)s") % {"code": code}) for code in codes]
        label_empty_choices(self)
