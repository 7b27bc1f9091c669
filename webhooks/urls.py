from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("", views.EndpointListView.as_view(), name="endpoint_list"),
    path("new/", views.EndpointCreateView.as_view(), name="endpoint_create"),
    path("<int:pk>/", views.EndpointDetailView.as_view(), name="endpoint_detail"),
    path("<int:pk>/edit/", views.EndpointUpdateView.as_view(), name="endpoint_update"),
    path("<int:pk>/rotate-secret/", views.EndpointRotateSecretView.as_view(), name="endpoint_rotate_secret"),
    path("deliveries/<int:pk>/replay/", views.DeliveryReplayView.as_view(), name="delivery_replay"),
]
