from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.ImportListView.as_view(), name="import_list"),
    path("clusters/export/", views.RegisterExportView.as_view(), name="register_export"),
    path("<slug:kind>/", views.UploadView.as_view(), name="upload"),
    path("<slug:kind>/template/", views.TemplateDownloadView.as_view(), name="template"),
    path("<slug:kind>/result/", views.ResultView.as_view(), name="result"),
    path("<slug:kind>/<str:token>/", views.PreviewView.as_view(), name="preview"),
]
