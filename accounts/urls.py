"""Login (with single sign-on when configured), logout, password change and reset: Django's own views (django-axes
watches the login), Vietnamese pages; the invitation's page that sets the first password."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import oidc
from .forms import PasswordResetRequestForm, ResetSetPasswordForm
from .people import InvitationAcceptView, LoginView
from .sessions import session_status

urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("session/", session_status, name="session_status"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="registration/password_change_form.html", success_url=reverse_lazy("password_change_done")
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html"),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetRequestForm,
            template_name="registration/password_reset_form.html",
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=ResetSetPasswordForm, template_name="registration/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="registration/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("invitation/<str:token>/", InvitationAcceptView.as_view(), name="invitation_accept"),
    path("oidc/authenticate/", oidc.SSOStartView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", oidc.SSOCallbackView.as_view(), name="oidc_authentication_callback"),
]
