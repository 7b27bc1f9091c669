"""URLs of the notifications (included at the site root: the calendar feed lives at /calendar/<token>.ics)."""

from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.NotificationListView.as_view(), name="notification_list"),
    path("notifications/<int:pk>/read/", views.NotificationMarkReadView.as_view(), name="notification_read"),
    path("notifications/read-all/", views.NotificationMarkAllReadView.as_view(), name="notification_read_all"),
    path("notifications/preferences/", views.NotificationPreferenceUpdateView.as_view(), name="preferences"),
    path("notifications/deliveries/", views.ReminderDeliveryListView.as_view(), name="delivery_list"),
    path("notifications/calendar/", views.CalendarFeedTokenView.as_view(), name="calendar"),
    path("notifications/letters/new/", views.FollowUpLetterCreateView.as_view(), name="letter_create"),
    path("calendar/<str:token>.ics", views.CalendarFeedView.as_view(), name="calendar_feed"),
]
