"""Pages of the two-factor login: enrol an authenticator app, and enter a code after the password."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from accounts import two_factor as otp
from core.forms import next_address


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app; the user is checked by the view."""

    code = forms.CharField(
        label=_("Mã xác thực (6 chữ số)"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args, check, **kwargs):
        super().__init__(*args, **kwargs)
        self._check = check
        self.device = None

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isascii() and code.isdigit()):
            raise forms.ValidationError(_("Mã xác thực chỉ gồm chữ số."), code="not_digits")
        self.device = self._check(code)
        if self.device is None:
            raise forms.ValidationError(
                _("Mã không đúng hoặc đã hết hạn. Nếu nhập sai nhiều lần, hãy đợi giây lát rồi thử lại."),
                code="invalid_code",
            )
        return code


class SafeNextMixin:
    """Follows ``next`` only to this site, as Django's LoginView does."""

    def next_url(self):
        """An address (``HttpResponseRedirect`` it, never ``redirect``: a bare word is not a view's name)."""
        return next_address(self.request) or resolve_url(settings.LOGIN_REDIRECT_URL)

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=self.next_url(), **kwargs)


class TwoFactorSetupView(LoginRequiredMixin, SafeNextMixin, FormView):
    """Coordinators and superusers scan a QR code (drawn on the server, no script) and confirm with a code."""

    template_name = "otp/setup.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not otp.may_enrol(request.user):
            raise PermissionDenied(_("Chỉ cán bộ điều phối và quản trị hệ thống dùng xác thực hai bước."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "check": self._confirm}

    def _confirm(self, code):
        device = otp.unconfirmed_totp_device(self.request.user)
        return device if device.verify_token(code) else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["devices"] = otp.has_authenticator(self.request.user)
        if not context["devices"]:
            device = otp.unconfirmed_totp_device(self.request.user)
            context["qr_code"] = otp.qr_code_data_uri(device)
            context["manual_key"] = otp.manual_key(device)
        return context

    def post(self, request, *args, **kwargs):
        if otp.has_authenticator(request.user):
            if "new_backup_codes" in request.POST:
                # New codes replace the old ones, which stop working; shown once, like at enrolment.
                return self._show_backup_codes(otp.new_backup_codes(request.user))
            # One device per person; a lost phone is reset by a superuser (README, "Bảo mật").
            return redirect("otp:setup")
        return super().post(request, *args, **kwargs)

    def _show_backup_codes(self, codes):
        return render(self.request, "otp/backup_codes.html", {"codes": codes, "next": self.next_url()})

    def form_valid(self, form):
        device = form.device
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp.complete_second_factor(self.request, device)
        messages.success(self.request, _("Đã bật xác thực hai bước. Từ lần đăng nhập sau, hãy nhập mã từ ứng dụng."))
        return self._show_backup_codes(otp.new_backup_codes(self.request.user))


class TwoFactorVerifyView(LoginRequiredMixin, SafeNextMixin, FormView):
    """The step after the password for users who have a confirmed device."""

    template_name = "otp/verify.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if request.user.is_verified():
                return HttpResponseRedirect(self.next_url())
            if not otp.confirmed_devices(request.user):
                # Nothing to verify with (the device was removed): the session owes no code any more.
                request.session.pop(otp.SECOND_FACTOR_REQUIRED_KEY, None)
                return HttpResponseRedirect(self.next_url())
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "check": lambda code: otp.verify_code(self.request.user, code)}

    def form_valid(self, form):
        otp.complete_second_factor(self.request, form.device)
        return HttpResponseRedirect(self.next_url())
