"""The Ministry's pages, mounted at /national/ by config/urls.py when ``settings.NATIONAL_ROLLUP`` is on."""

from django.urls import path

from . import views

app_name = "national"

urlpatterns = [
    path("", views.CountryTableView.as_view(), name="country_table"),
    path("table.xlsx", views.CountryTableXlsxView.as_view(), name="country_table_xlsx"),
    path("exports/new/", views.ExportUploadView.as_view(), name="export_upload"),
]
