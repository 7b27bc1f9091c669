"""The imports under /api/v1/imports/."""

from django.urls import path

from . import views

urlpatterns = [
    path("imports/<slug:kind>/", views.ImportView.as_view(), name="import"),
    path("imports/<slug:kind>/template/", views.TemplateView.as_view(), name="import_template"),
]
