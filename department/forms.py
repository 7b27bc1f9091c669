"""Who signs a document, chosen on the form that writes it: the person (an active ``Signatory``) and the capacity
they sign in (Decree 30: the head, KT., TL., TUQ., Q.). Every document form of the system includes these two
fields, so the choice reads the same on the plan report, Biểu 04 and the letters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Capacity, Signatory


class SignerFieldsMixin(forms.Form):
    """The signer and the capacity; ``signatory_required`` says whether the document may leave the name blank (a
    letter signed by hand)."""

    signatory_required = False

    signatory = forms.ModelChoiceField(
        label=_("Người ký"),
        queryset=Signatory.objects.none(),
        required=False,
        empty_label=_("— Để trống, ký tay —"),
        help_text=_("Danh sách người ký do Sở cập nhật tại trang “Thông tin Sở và người ký”."),
    )
    capacity = forms.ChoiceField(
        label=_("Thẩm quyền ký"),
        choices=[("", _("Theo chức vụ (Giám đốc ký; người khác ký thay — KT.)")), *Capacity.choices],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signatory"].queryset = Signatory.objects.filter(is_active=True).order_by("order", "full_name")
        if self.signatory_required:
            self.fields["signatory"].required = True
            self.fields["signatory"].empty_label = None
            self.fields["signatory"].error_messages["required"] = _("Cần chọn người ký.")
