"""Who logged in, who failed to, who logged out, whose credentials were ended by whom and why, and the steps of a
person's account (invited, password set or reset, deactivated, reactivated, linked to single sign-on): the
account records of the audit trail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuthEvent(models.Model):
    """A login, failed login or logout: who, when, from which address; or the end of a person's credentials,
    with why and by whom. Append-only."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Đăng nhập")
        LOGIN_FAILED = "login_failed", _("Đăng nhập thất bại")
        LOGOUT = "logout", _("Đăng xuất")
        CREDENTIALS_ENDED = "credentials_ended", _("Kết thúc phiên, mã truy cập và lịch")
        # The steps of an account (accounts.invitations, accounts.services, accounts.oidc).
        INVITED = "invited", _("Mời sử dụng hệ thống")
        INVITATION_RESENT = "invitation_resent", _("Gửi lại thư mời")
        PASSWORD_SET = "password_set", _("Đặt mật khẩu từ thư mời")
        PASSWORD_RESET_REQUESTED = "reset_requested", _("Yêu cầu đặt lại mật khẩu")
        PASSWORD_RESET_COMPLETED = "reset_completed", _("Đặt lại mật khẩu qua thư")
        DEACTIVATED = "deactivated", _("Khóa tài khoản")
        REACTIVATED = "reactivated", _("Mở lại tài khoản")
        SSO_LINKED = "sso_linked", _("Liên kết đăng nhập dùng chung")
        SSO_REFUSED = "sso_refused", _("Từ chối đăng nhập dùng chung")

    class EndReason(models.TextChoices):
        """Why ``accounts.credentials.end_credentials`` ended a person's sessions, API tokens and calendar feed."""

        PASSWORD_CHANGED = "password_changed", _("Đổi mật khẩu")
        PASSWORD_RESET = "password_reset", _("Đặt lại mật khẩu")
        DEACTIVATED = "deactivated", _("Khóa tài khoản")
        TWO_FACTOR_ENROLLED = "two_factor_enrolled", _("Bật xác thực hai bước")
        TWO_FACTOR_RESET = "two_factor_reset", _("Đặt lại xác thực hai bước")

    kind = models.CharField(_("sự kiện"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="auth_events",
    )
    username = models.CharField(_("tên đăng nhập"), max_length=150, blank=True)
    reason = models.CharField(_("lý do"), max_length=30, choices=EndReason.choices, blank=True)
    # Who ended the credentials (the person themself, an administrator; empty: a command or the system).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Why, in the words of whoever did it (a deactivation's reason), or what the step concerned (the address a
    # single sign-on was refused for).
    note = models.TextField(_("ghi chú"), blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    user_agent = models.CharField(_("trình duyệt"), max_length=255, blank=True)
    occurred_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("nhật ký đăng nhập")
        verbose_name_plural = _("nhật ký đăng nhập")
        ordering = ["-occurred_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.username} — {self.occurred_at:%d/%m/%Y %H:%M}"

    @property
    def at(self):
        """When it happened, named as history entries name it, so the audit log reads both alike."""
        return self.occurred_at
