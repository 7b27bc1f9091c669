"""Forms of the notification pages: a user's reminder preferences, a follow-up letter's details, the calendar
link's buttons, and the deliveries log's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from core.forms import action_field
from department.forms import SignerFieldsMixin

from .models import NotificationPreference


class NotificationPreferenceForm(forms.ModelForm):
    """Opt out of digests, or choose the days before a deadline on which to hear of it."""

    class Meta:
        model = NotificationPreference
        fields = ["receive_digests", "reminder_windows_days"]
        labels = {
            "receive_digests": _("Nhận thư nhắc hạn hằng ngày qua thư điện tử"),
            "reminder_windows_days": _("Nhắc trước hạn (số ngày)"),
        }

    def clean_reminder_windows_days(self):
        """Accept "7, 1", "7 1" or "1,7,7": store "7,1" (the model's clean checks each number)."""
        raw = self.cleaned_data["reminder_windows_days"].replace(";", ",").replace(" ", ",")
        parts = [part for part in raw.split(",") if part.strip()]
        try:
            days = sorted({int(part) for part in parts}, reverse=True)
        except ValueError:
            raise forms.ValidationError(_("Chỉ nhập các số nguyên, cách nhau bởi dấu phẩy, ví dụ 7,1.")) from None
        if len(days) > 5:
            raise forms.ValidationError(_("Chọn tối đa 5 mốc nhắc."))
        return ",".join(str(day) for day in days)


class FollowUpLetterForm(SignerFieldsMixin, forms.Form):
    """The addressee, and the number and date when already known (otherwise printed as dots to fill in)."""

    agency = forms.ModelChoiceField(label=_("Cơ quan nhận"), queryset=Agency.objects.none())
    number = forms.CharField(
        label=_("Số công văn"),
        max_length=100,
        required=False,
        help_text=_("Ví dụ: 125/SCT-QLCN. Để trống để điền tay khi ký."),
    )
    letter_date = forms.DateField(
        label=_("Ngày công văn"),
        required=False,
        help_text=_("Dạng dd/mm/yyyy. Để trống để điền tay khi ký."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).visible_to(user)
        self.order_fields(["agency", "number", "letter_date", "signatory", "capacity"])


class CalendarTokenForm(forms.Form):
    """The calendar page's buttons: create the private link, make a new one (the old one stops working), or
    revoke it."""

    action = action_field(
        [
            ("create", _("Tạo đường dẫn lịch")),
            ("regenerate", _("Tạo đường dẫn mới")),
            ("revoke", _("Thu hồi đường dẫn")),
        ]
    )


class DeliveryFilterForm(forms.Form):
    """The deliveries log's filters: a search (recipient's address, agency) and "not confirmed" only."""

    q = forms.CharField(required=False, max_length=200)
    status = forms.ChoiceField(required=False, choices=[("", _("Tất cả")), ("unconfirmed", _("Chưa xác nhận"))])
