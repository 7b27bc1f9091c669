"""The "workspace" namespace: the agency pages under /agencies/ my agency at /my/, where a login lands (/start/) and the header's search (/search/) (mounted at the root by
config/urls.py)."""

from django.urls import path

from . import views

app_name = "workspace"

urlpatterns = [
    path("agencies/", views.AgencyListView.as_view(), name="agency_list"),
    path("agencies/<int:pk>/", views.AgencyDetailView.as_view(), name="agency_detail"),
    path("my/", views.MyAgencyView.as_view(), name="my_agency"),
    path("start/", views.LandingView.as_view(), name="landing"),
    path("search/", views.SearchView.as_view(), name="search"),
]
