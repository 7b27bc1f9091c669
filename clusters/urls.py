from django.urls import path

from . import views

app_name = "clusters"

urlpatterns = [
    path("", views.ClusterListView.as_view(), name="cluster_list"),
    path("new/", views.ClusterCreateView.as_view(), name="cluster_create"),
    path("<int:pk>/", views.ClusterDetailView.as_view(), name="cluster_detail"),
    path("<int:pk>/edit/", views.ClusterUpdateView.as_view(), name="cluster_update"),
    path("<int:pk>/decisions/new/", views.ClusterDecisionCreateView.as_view(), name="cluster_decision_create"),
    path("<int:pk>/reports/new/", views.ClusterReportCreateView.as_view(), name="cluster_report_create"),
    path("<int:pk>/documents/<slug:document>/", views.ClusterDocumentView.as_view(), name="cluster_document"),
    path(
        "<int:pk>/documents/<slug:document>/upload/",
        views.ClusterDocumentUploadView.as_view(),
        name="cluster_document_upload",
    ),
    path(
        "decisions/<int:pk>/document/",
        views.ClusterDecisionDocumentView.as_view(),
        name="cluster_decision_document",
    ),
    path("decisions/<int:pk>/edit/", views.ClusterDecisionUpdateView.as_view(), name="cluster_decision_update"),
    path("reports/<int:pk>/edit/", views.ClusterReportUpdateView.as_view(), name="cluster_report_update"),
]
