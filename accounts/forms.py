"""The login form, and the forms of people's accounts: invitation, password reset, deactivation."""

import hashlib

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.cache import cache
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Membership
from department import letterhead

from .models import AuthEvent


class LoginForm(AuthenticationForm):
    """Django's login form (django-axes watches it) with the message Django's Vietnamese catalogue lacks."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa và chữ thường."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django sets the username's max_length after the field is built, so it only reaches the HTML: a longer
        # name went on to authenticate(), and django-axes' record of the failure (varchar 255) was a 500 on
        # PostgreSQL. Refused here, it never reaches either.
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


# --- people: invitations, passwords, deactivation ---------------------------------------------------------------


class InviteForm(forms.Form):
    """Who to invite, and the agency and role they will have (``accounts.invitations.invite_person``)."""

    email = forms.EmailField(label=_("Thư điện tử"), max_length=254)
    last_name = forms.CharField(label=_("Họ và tên đệm"), max_length=150)
    first_name = forms.CharField(label=_("Tên"), max_length=150)
    agency = forms.ModelChoiceField(label=_("Cơ quan"), queryset=Agency.objects.filter(is_active=True))
    role = forms.ChoiceField(label=_("Vai trò"), choices=Membership.Role.choices, initial=Membership.Role.OFFICER)
    title = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    reason = forms.CharField(
        label=_("Ghi chú (lưu vào nhật ký)"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class ReasonForm(forms.Form):
    """The reason of an action on an account, kept in the audit log."""

    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)

    def __init__(self, *args, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
        if not required:
            self.fields["reason"].label = _("Ghi chú (không bắt buộc)")


class PasswordResetRequestForm(PasswordResetForm):
    """Django's reset form, sending at most one email per address every ``PASSWORD_RESET_EMAIL_INTERVAL_SECONDS``
    and ``PASSWORD_RESET_REQUESTS_PER_HOUR`` requests per client address: the page answers the same either way,
    so it never tells whether the address has an account."""

    email = forms.EmailField(
        label=_("Thư điện tử"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def save(self, *, request=None, **kwargs):
        email = self.cleaned_data["email"]
        if request is not None and not _within_rate(request, email):
            return
        # The email is rendered without the request's context processors: the Department's names come in here.
        kwargs["extra_email_context"] = {
            **(kwargs.get("extra_email_context") or {}),
            "site_url": settings.SITE_URL,
            "department": letterhead.current(),
        }
        kwargs["from_email"] = letterhead.sender()
        super().save(request=request, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        super().send_mail(subject_template_name, email_template_name, context, from_email, to_email, **kwargs)
        from .invitations import record_event

        record_event(AuthEvent.Kind.PASSWORD_RESET_REQUESTED, user=context["user"])


def _within_rate(request, email):
    from .lockout import client_ip_address

    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    if not cache.add(f"password-reset:email:{digest}", 1, timeout=settings.PASSWORD_RESET_EMAIL_INTERVAL_SECONDS):
        return False
    key = f"password-reset:ip:{client_ip_address(request)}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired in between
        cache.set(key, 1, timeout=3600)
        count = 1
    return count <= settings.PASSWORD_RESET_REQUESTS_PER_HOUR


class ResetSetPasswordForm(SetPasswordForm):
    """The new password from a reset link; the audit log notes it (ending the old sessions is the signals')."""

    def save(self, commit=True):
        from .invitations import record_event

        user = super().save(commit=commit)
        record_event(AuthEvent.Kind.PASSWORD_RESET_COMPLETED, user=user, actor=user)
        return user
