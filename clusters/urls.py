from django.urls import path

from . import views

app_name = "clusters"

urlpatterns = [
    path("", views.ClusterListView.as_view(), name="cluster_list"),
    path("<int:pk>/", views.ClusterDetailView.as_view(), name="cluster_detail"),
    path(
        "decisions/<int:pk>/document/",
        views.ClusterDecisionDocumentView.as_view(),
        name="cluster_decision_document",
    ),
]
