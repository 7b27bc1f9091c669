from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NationalConfig(AppConfig):
    """The Ministry's roll-up: the provinces' national exports, kept and summed (``settings.NATIONAL_ROLLUP``)."""

    name = "national"
    verbose_name = _("Tổng hợp toàn quốc")
