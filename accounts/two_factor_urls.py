"""Two-factor login pages, under /accounts/2fa/."""

from django.urls import path

from .views import TwoFactorSetupView, TwoFactorVerifyView

app_name = "otp"

urlpatterns = [
    path("", TwoFactorSetupView.as_view(), name="setup"),
    path("verify/", TwoFactorVerifyView.as_view(), name="verify"),
]
