from django.urls import path

from . import views

urlpatterns = [
    path("national/exports/", views.ProvinceExportReceiveView.as_view(), name="national-export-receive"),
]
