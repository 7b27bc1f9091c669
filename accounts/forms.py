"""The login form."""

from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _


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
