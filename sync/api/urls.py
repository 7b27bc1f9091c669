"""Deletions (tombstones) under /api/v1/."""

from django.urls import path

from . import views

urlpatterns = [path("deletions/", views.DeletionListView.as_view(), name="deletion_list")]
