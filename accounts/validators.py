"""Password validators whose messages Django's Vietnamese catalogue lacks.

Django ships Vietnamese for the similarity, common-password and numeric checks, but not for the
minimum-length message (its plural forms are untranslated), so a Vietnamese user would read English there.
"""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's minimum length (12 here, see ``AUTH_PASSWORD_VALIDATORS``), with Vietnamese messages."""

    def get_error_message(self):
        return ngettext(
            "Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất %(min_length)d ký tự.",
            "Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất %(min_length)d ký tự.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext(
            "Mật khẩu của bạn phải chứa ít nhất %(min_length)d ký tự.",
            "Mật khẩu của bạn phải chứa ít nhất %(min_length)d ký tự.",
            self.min_length,
        ) % {"min_length": self.min_length}
