"""The coordinators' people pages under /people/."""

from django.urls import path

from . import people

app_name = "people"

urlpatterns = [
    path("", people.PersonListView.as_view(), name="person_list"),
    path("invite/", people.PersonInviteView.as_view(), name="person_invite"),
    path("<int:pk>/resend/", people.PersonResendView.as_view(), name="person_resend"),
    path("<int:pk>/deactivate/", people.PersonDeactivateView.as_view(), name="person_deactivate"),
    path("<int:pk>/reactivate/", people.PersonReactivateView.as_view(), name="person_reactivate"),
]
