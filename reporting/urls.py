"""The Circular 14 cycle's pages, under /reporting/."""

from django.urls import path

from . import letters

app_name = "reporting"

urlpatterns = [
    path(
        "periods/<int:pk>/communes/<int:commune_pk>/follow-up.docx",
        letters.FollowUpLetterView.as_view(),
        name="follow_up_letter",
    ),
]
