"""Whether this installation is the Ministry's roll-up (``national_mode``) and whether the user may open it
(``national_access``): the navigation shows the national pages from them."""

from django.conf import settings

from agencies import scoping


def national(request):
    if not settings.NATIONAL_ROLLUP:
        return {"national_mode": False}
    user = getattr(request, "user", None)
    return {"national_mode": True, "national_access": bool(user and scoping.can(user, "national.use"))}
