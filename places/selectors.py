"""The province this installation serves (``settings.PROVINCE_CODE``: one installation, one province) and its
communes: what a page or the API offers when it asks "which province" or "which commune"."""

from django.conf import settings

from .models import Commune, Province


def installation_province():
    """The installation's province row (None before the reference data is loaded, and in the national roll-up)."""
    return Province.objects.filter(code=settings.PROVINCE_CODE).first()


def installation_provinces():
    return Province.objects.filter(code=settings.PROVINCE_CODE)


def installation_communes():
    """The communes, wards and special zones of the installation's province."""
    return Commune.objects.filter(province__code=settings.PROVINCE_CODE)
