from django.urls import path

from . import views

app_name = "clusters"

urlpatterns = [
    path("", views.ClusterListView.as_view(), name="cluster_list"),
    path("<int:pk>/", views.ClusterDetailView.as_view(), name="cluster_detail"),
    path("<int:pk>/documents/<slug:document>/", views.ClusterDocumentView.as_view(), name="cluster_document"),
    path(
        "decisions/<int:pk>/document/",
        views.ClusterDecisionDocumentView.as_view(),
        name="cluster_decision_document",
    ),
]
