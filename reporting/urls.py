"""The Circular 14 cycle's pages, under /reporting/."""

from django.urls import path

from . import bieu04_views, letters, views

app_name = "reporting"

urlpatterns = [
    path("", views.ReportingHomeView.as_view(), name="home"),
    path("periods/<int:period>/tracker/", views.TrackerView.as_view(), name="tracker"),
    path(
        "periods/<int:period>/clusters/<int:pk>/",
        views.SubmissionView.as_view(kind="cluster"),
        name="submission_cluster",
    ),
    path(
        "periods/<int:period>/communes/<int:pk>/",
        views.SubmissionView.as_view(kind="commune"),
        name="submission_commune",
    ),
    path(
        "<int:period>/clusters/<int:pk>/xlsx/",
        views.SubmissionWorkbookView.as_view(kind="cluster"),
        name="xlsx_cluster",
    ),
    path(
        "<int:period>/communes/<int:pk>/xlsx/",
        views.SubmissionWorkbookView.as_view(kind="commune"),
        name="xlsx_commune",
    ),
    path(
        "<int:period>/clusters/<int:pk>/upload/",
        views.SubmissionUploadView.as_view(kind="cluster"),
        name="upload_cluster",
    ),
    path(
        "<int:period>/communes/<int:pk>/upload/",
        views.SubmissionUploadView.as_view(kind="commune"),
        name="upload_commune",
    ),
    path(
        "submissions/<int:pk>/accept/", views.SubmissionDecisionView.as_view(action="accept"), name="submission_accept"
    ),
    path(
        "submissions/<int:pk>/return/", views.SubmissionDecisionView.as_view(action="return"), name="submission_return"
    ),
    # The scanned letter of a report received on paper.
    path("submissions/<int:pk>/paper-scan/", views.PaperScanView.as_view(), name="paper_scan"),
    # A submission by its id (the sources of a Biểu 04 figure link here): its page.
    path("submissions/<int:pk>/", views.SubmissionRedirectView.as_view(), name="submission"),
    # Biểu 04 of a period, its files and the sources of each figure; the national export.
    path("periods/<int:pk>/bieu-04/", bieu04_views.Bieu04View.as_view(), name="bieu04"),
    path(
        "periods/<int:pk>/bieu-04.xlsx", bieu04_views.Bieu04DownloadView.as_view(extension="xlsx"), name="bieu04_xlsx"
    ),
    path(
        "periods/<int:pk>/bieu-04.docx", bieu04_views.Bieu04DownloadView.as_view(extension="docx"), name="bieu04_docx"
    ),
    path("periods/<int:pk>/bieu-04.pdf", bieu04_views.Bieu04DownloadView.as_view(extension="pdf"), name="bieu04_pdf"),
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
    path(
        "periods/<int:pk>/communes/<int:commune_pk>/follow-up.pdf",
        letters.FollowUpLetterView.as_view(extension="pdf"),
        name="follow_up_letter_pdf",
    ),
]
