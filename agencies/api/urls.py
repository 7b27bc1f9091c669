"""Agencies, memberships, the caller, and tokens under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("memberships", views.MembershipViewSet, basename="membership")

urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("auth/token/", views.TokenCreateView.as_view(), name="token_create"),
    path("auth/tokens/", views.TokenListView.as_view(), name="token_list"),
    path("auth/tokens/<str:token_key>/", views.TokenRevokeView.as_view(), name="token_revoke"),
    path("auth/logout/", views.LogoutView.as_view(), name="api_logout"),
    *router.urls,
]
