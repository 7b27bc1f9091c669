"""The Circular 14 cycle's pages, under /reporting/."""

from django.urls import path

from . import views

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
]
