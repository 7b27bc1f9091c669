"""Where a row's cluster is: the 2025 communes and wards it names, or the old commune and district an older file
names, mapped to the 2025 units by the official table (``places.mapping``). An old commune split between several
2025 units is a choice the user makes (the preview offers one per such row); the import never guesses."""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from core.text import fold
from places import mapping
from places.models import Commune, Province


@dataclass
class Place:
    """The communes of a row (``communes``), or the question to ask (``options``), or what went wrong."""

    communes: list = field(default_factory=list)
    options: list = field(default_factory=list)  # [(code, label)] of a split commune: ``communes`` is the chosen
    prompt: str = ""
    error: str = ""


class Gazetteer:
    """The province's 2025 communes, read once per import, found by code, full name or bare name."""

    def __init__(self, province_code=None):
        province_code = province_code or settings.PROVINCE_CODE
        self.province_code = province_code
        self.province = Province.objects.filter(code=province_code).first()
        communes = list(Commune.objects.filter(province__code=province_code)) if self.province else []
        self.by_code = {c.code: c for c in communes}
        self.by_full = {fold(c.full_name): c for c in communes}
        self.by_name = {}
        for commune in communes:
            self.by_name.setdefault(fold(commune.name), []).append(commune)

    def find(self, text):
        """The 2025 commune ``text`` names (a code, "Phường Ba Đình", "Ba Đình"), or None."""
        key = fold(text)
        if text.strip() in self.by_code:
            return self.by_code[text.strip()]
        if key in self.by_full:
            return self.by_full[key]
        named = self.by_name.get(key, [])
        return named[0] if len(named) == 1 else None

    def resolve(self, *, new_names, old_commune, old_district, chosen):
        """The row's ``Place``: the 2025 names when given, else the old commune (and district) through the official
        mapping; a split commune takes the user's ``chosen`` code, which must be one of its successors."""
        if new_names:
            found, unknown = [], []
            for name in new_names:
                commune = self.find(name)
                (found if commune else unknown).append(commune or name)
            if unknown:
                return Place(
                    error=_("Không có xã, phường “%(names)s” trong danh mục đơn vị hành chính 2025.")
                    % {"names": "; ".join(unknown)}
                )
            return Place(communes=found)
        if not old_commune and not old_district:
            return Place()
        if old_commune:
            successors = mapping.commune_successors(self.province_code, old_commune, old_district or None)
            asked = _("Xã, phường cũ “%(old)s”%(district)s nay thuộc nhiều đơn vị; chọn xã, phường nơi có cụm.") % {
                "old": old_commune,
                "district": f" ({old_district})" if old_district else "",
            }
        else:
            successors = mapping.district_successors(self.province_code, old_district)
            asked = _("Quận, huyện cũ “%(old)s” nay gồm nhiều xã, phường; chọn xã, phường nơi có cụm.") % {
                "old": old_district
            }
        if not successors:
            return Place(
                error=_("Không tìm thấy “%(old)s” trong bảng sắp xếp đơn vị hành chính 2025 của %(province)s.")
                % {
                    "old": ", ".join(filter(None, (old_commune, old_district))),
                    "province": self.province.name if self.province else self.province_code,
                }
            )
        missing = [s for s in successors if s.code not in self.by_code]
        if missing:
            return Place(
                error=_("Đơn vị mới “%(name)s” (mã %(code)s) chưa có trong danh mục xã, phường của hệ thống.")
                % {"name": missing[0].name, "code": missing[0].code}
            )
        if len(successors) == 1:
            return Place(communes=[self.by_code[successors[0].code]])
        options = [(s.code, f"{s.name} ({s.how})" if s.how else s.name) for s in successors]
        communes = [self.by_code[chosen]] if chosen in {code for code, _label in options} else []
        return Place(communes=communes, options=options, prompt=asked)
