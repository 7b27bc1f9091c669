"""The Circular 14 cycle's pages, under /reporting/."""

app_name = "reporting"

urlpatterns = []
