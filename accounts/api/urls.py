"""The caller and tokens under /api/v1/."""

from django.urls import path

from . import views

urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("auth/token/", views.TokenCreateView.as_view(), name="token_create"),
    path("auth/tokens/", views.TokenListView.as_view(), name="token_list"),
    path("auth/tokens/<str:token_key>/", views.TokenRevokeView.as_view(), name="token_revoke"),
    path("auth/logout/", views.LogoutView.as_view(), name="api_logout"),
]
