"""The Circular 14 cycle's pages, under /reporting/."""

from django.urls import path

from . import bieu04_views, letters

app_name = "reporting"

urlpatterns = [
    # Biểu 04 of a period, its files and the sources of each figure; the national export.
    path("periods/<int:pk>/bieu-04/", bieu04_views.Bieu04View.as_view(), name="bieu04"),
    path(
        "periods/<int:pk>/bieu-04.xlsx", bieu04_views.Bieu04DownloadView.as_view(extension="xlsx"), name="bieu04_xlsx"
    ),
    path(
        "periods/<int:pk>/bieu-04.docx", bieu04_views.Bieu04DownloadView.as_view(extension="docx"), name="bieu04_docx"
    ),
    path("periods/<int:pk>/bieu-04/<slug:key>/", bieu04_views.Bieu04SourcesView.as_view(), name="bieu04_sources"),
    path(
        "periods/<int:pk>/national-export.json",
        bieu04_views.NationalExportView.as_view(extension="json"),
        name="national_export_json",
    ),
    path(
        "periods/<int:pk>/national-export.csv",
        bieu04_views.NationalExportView.as_view(extension="csv"),
        name="national_export_csv",
    ),
    # The follow-up letter to a commune whose reports were escalated.
    path(
        "periods/<int:pk>/communes/<int:commune_pk>/follow-up.docx",
        letters.FollowUpLetterView.as_view(),
        name="follow_up_letter",
    ),
]
