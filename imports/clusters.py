"""The cluster register in and out of Excel, in one layout: one row per cluster, with its place (2025 communes, or
the old commune and district of an older file), its land, its establishment decision and latest expansion, and its
dated milestones.

The export (``register_bytes``) writes exactly the columns the import reads, so exporting the register and
importing the file again changes nothing. Writes go through ``clusters.services``: ``cluster_create`` and
``cluster_update`` (the stage is settled there from the dated facts, ``services._settle_stage``), and
``cluster_decision_create`` / ``cluster_decision_update`` for the decisions, which set the decided area; a total
area the row gives that differs from it is written after, so the row's figures win. An expansion whose number the
register does not have yet is a new expansion; earlier ones stay as recorded.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from clusters import services
from clusters.models import Cluster, ClusterDecision
from core.numbers import format_number
from core.text import fold

from .base import CHANGE, CHOICE, CREATE, ERROR, UNCHANGED, Change, Choice, Importer, RowResult, diff
from .communes import Gazetteer
from .workbook import Column, workbook_bytes

TWO_PLACES = Decimal("0.01")

# The register's layout: the import reads these headers (and their synonyms), the export and template write them.
COLUMNS = (
    Column("code", gettext_noop("Mã cụm"), ("mã", "mã ccn", "mã cụm công nghiệp"), width=14),
    Column(
        "name",
        gettext_noop("Tên cụm công nghiệp"),
        ("tên cụm", "tên ccn", "cụm công nghiệp", "tên", "tên cụm cn"),
        required=True,
        width=34,
    ),
    Column("type", gettext_noop("Loại cụm"), ("loại", "loại ccn"), width=22),
    Column(
        "communes",
        gettext_noop("Xã, phường hiện nay"),
        ("xã phường mới", "xã phường 2025", "đơn vị hành chính mới", "xã phường sau sắp xếp", "địa bàn mới"),
        kind="list",
        width=24,
    ),
    Column(
        "former_district",
        gettext_noop("Quận, huyện cũ"),
        ("quận huyện thị xã cũ", "quận huyện", "huyện", "quận huyện thị xã", "địa bàn huyện", "huyện cũ", "quận"),
        width=18,
    ),
    Column(
        "former_commune",
        gettext_noop("Xã, phường cũ"),
        ("xã phường thị trấn cũ", "xã phường", "xã", "xã phường thị trấn", "địa điểm", "xã cũ"),
        width=18,
    ),
    Column(
        "total_area_ha",
        gettext_noop("Tổng diện tích (ha)"),
        ("diện tích", "diện tích ha", "quy mô ha", "quy mô"),
        "number",
    ),
    Column(
        "industrial_land_ha",
        gettext_noop("Đất công nghiệp (ha)"),
        ("diện tích đất công nghiệp ha", "diện tích đất công nghiệp", "đất công nghiệp"),
        "number",
    ),
    Column("serviced_land_ha", gettext_noop("Đất sẵn sàng cho thuê (ha)"), ("đất sẵn sàng cho thuê",), "number"),
    Column(
        "leased_land_ha",
        gettext_noop("Đất đã cho thuê (ha)"),
        ("diện tích đã cho thuê ha", "đất đã cho thuê", "diện tích đã cho thuê"),
        "number",
    ),
    Column(
        "committed_land_ha",
        gettext_noop("Đất đã giao cho dự án (ha)"),
        ("đất đã giao cho dự án", "đất đã giao cho dự án được chấp thuận ha"),
        "number",
    ),
    Column("main_industries", gettext_noop("Ngành nghề chính"), ("ngành nghề",), width=30),
    Column("status", gettext_noop("Tình trạng"), ("hiện trạng", "tình trạng pháp lý"), width=26),
    Column("investor_name", gettext_noop("Chủ đầu tư hạ tầng"), ("chủ đầu tư", "nhà đầu tư hạ tầng"), width=30),
    Column("investor_kind", gettext_noop("Loại chủ đầu tư"), (), width=20),
    Column(
        "establishment_number",
        gettext_noop("Số QĐ thành lập"),
        ("quyết định thành lập", "số quyết định thành lập", "qđ thành lập"),
    ),
    Column(
        "establishment_date",
        gettext_noop("Ngày QĐ thành lập"),
        ("ngày thành lập", "ngày quyết định thành lập"),
        "date",
    ),
    Column(
        "establishment_area_ha",
        gettext_noop("Diện tích theo QĐ thành lập (ha)"),
        ("diện tích thành lập ha", "diện tích theo quyết định thành lập ha"),
        "number",
    ),
    Column("expansion_number", gettext_noop("Số QĐ mở rộng"), ("quyết định mở rộng", "số quyết định mở rộng")),
    Column("expansion_date", gettext_noop("Ngày QĐ mở rộng"), ("ngày mở rộng", "ngày quyết định mở rộng"), "date"),
    Column(
        "expansion_area_ha",
        gettext_noop("Diện tích sau mở rộng (ha)"),
        ("diện tích theo qđ mở rộng ha", "diện tích theo quyết định mở rộng ha"),
        "number",
    ),
    Column("detailed_plan_number", gettext_noop("Số QĐ quy hoạch chi tiết 1/500"), ("số qđ qh chi tiết 1 500",)),
    Column(
        "detailed_plan_date",
        gettext_noop("Ngày phê duyệt quy hoạch chi tiết 1/500"),
        ("ngày phê duyệt qh chi tiết 1 500", "ngày qh 1 500"),
        "date",
    ),
    Column(
        "infrastructure_project_number",
        gettext_noop("Số QĐ phê duyệt dự án hạ tầng"),
        ("số quyết định phê duyệt dự án đầu tư hạ tầng",),
    ),
    Column(
        "infrastructure_project_date",
        gettext_noop("Ngày phê duyệt dự án hạ tầng"),
        ("ngày phê duyệt dự án đầu tư hạ tầng",),
        "date",
    ),
    Column("construction_started_on", gettext_noop("Ngày khởi công hạ tầng"), ("ngày khởi công",), "date"),
    Column(
        "infrastructure_completed_on",
        gettext_noop("Ngày hoàn thành hạ tầng"),
        ("ngày hoàn thành xây dựng hạ tầng",),
        "date",
    ),
    Column("operating_since", gettext_noop("Ngày bắt đầu hoạt động"), ("bắt đầu hoạt động",), "date"),
    Column("wastewater_status", gettext_noop("Trạm xử lý nước thải"), ("trạm xlnt", "xử lý nước thải"), width=18),
    Column(
        "wastewater_capacity_m3_per_day",
        gettext_noop("Công suất XLNT (m³/ngày đêm)"),
        ("công suất xử lý nước thải m3 ngày đêm", "công suất xlnt m3 ngày đêm", "công suất xlnt"),
        "integer",
    ),
    Column("data_as_of", gettext_noop("Số liệu tính đến ngày"), ("số liệu đến ngày",), "date"),
    Column("notes", gettext_noop("Ghi chú"), (), width=30),
)
LABELS = {column.key: column.header for column in COLUMNS}
# The cluster's own fields the row fills (besides its communes and its establishment decision).
DECIMALS = ("total_area_ha", "industrial_land_ha", "serviced_land_ha", "leased_land_ha", "committed_land_ha")
PLAIN = (
    "name",
    "former_district",
    "former_commune",
    "main_industries",
    "investor_name",
    "detailed_plan_number",
    "detailed_plan_date",
    "infrastructure_project_number",
    "infrastructure_project_date",
    "construction_started_on",
    "infrastructure_completed_on",
    "operating_since",
    "wastewater_capacity_m3_per_day",
    "data_as_of",
    "notes",
)
CHOICES = {
    "type": Cluster.Type,
    "investor_kind": Cluster.InvestorKind,
    "wastewater_status": Cluster.Wastewater,
    "status": Cluster.Status,
}
CLUSTER_FIELDS = ("code", *PLAIN, *DECIMALS, *CHOICES)
# The decisions a row carries: the establishment, and the latest expansion (an earlier one stays as recorded).
# kind -> (the row's columns for its number, date and decided area; the words of the preview)
DECISIONS = {
    ClusterDecision.Kind.ESTABLISH: (
        ("establishment_number", "establishment_date", "establishment_area_ha"),
        gettext_noop("quyết định thành lập"),
    ),
    ClusterDecision.Kind.EXPAND: (
        ("expansion_number", "expansion_date", "expansion_area_ha"),
        gettext_noop("quyết định mở rộng"),
    ),
}
DECISION_FIELDS = ("number", "date", "area_after_ha")
ROW_DECISIONS = ClusterDecision.objects.filter(kind__in=list(DECISIONS)).order_by("date", "pk")

NOTES = (
    gettext_noop("Mẫu nhập sổ đăng ký cụm công nghiệp: mỗi dòng một cụm; dòng tiêu đề có thể ở bất kỳ dòng nào."),
    gettext_noop("Cụm được nhận ra theo Mã cụm; không có mã thì theo tên cụm trong cùng xã, phường."),
    gettext_noop("Xã, phường hiện nay: tên đơn vị sau sắp xếp 2025, nhiều đơn vị ngăn cách bằng dấu chấm phẩy."),
    gettext_noop(
        "Tệp cũ ghi Xã, phường cũ và Quận, huyện cũ: hệ thống đổi sang đơn vị 2025 theo bảng sắp xếp chính thức; "
        "xã cũ bị chia cho nhiều đơn vị thì người nhập chọn ở bước xem trước."
    ),
    gettext_noop("Ngày ghi ngày/tháng/năm (30/06/2026) hoặc kiểu ngày của Excel; số thập phân dùng dấu phẩy (4,5)."),
    gettext_noop(
        "Tình trạng: chỉ ghi được “Trong phương án phát triển” hoặc “Đang thẩm định hồ sơ thành lập”; "
        "các tình trạng sau tự tính từ quyết định và mốc ngày."
    ),
    gettext_noop("Ô để trống giữ nguyên giá trị đang có; nhập lại cùng một tệp không thay đổi gì."),
)


def _choice(enum, text):
    """The value of ``enum`` whose label (or value) ``text`` names, folded; None for blank; KeyError otherwise."""
    if not text:
        return None
    key = fold(text)
    for value, label in enum.choices:
        if key in (fold(label), fold(value)):
            return value
    raise KeyError(text)


def _quantized(value):
    return None if value is None else value.quantize(TWO_PLACES)


class ClusterImport(Importer):
    kind = "clusters"
    title = gettext_noop("Sổ đăng ký cụm công nghiệp")
    sheet_title = gettext_noop("Sổ đăng ký cụm")
    columns = COLUMNS
    notes = NOTES
    field_columns = {
        **LABELS,
        "communes": LABELS["communes"],
    }

    def template_rows(self):
        return []

    # --- comparing ---------------------------------------------------------------------------------------

    def compare(self, sheet, *, actor, choices, options):
        gazetteer = Gazetteer()
        clusters = list(
            Cluster.objects.prefetch_related(
                "communes",
                Prefetch("decisions", queryset=ROW_DECISIONS, to_attr="row_decisions"),
            )
        )
        by_code = {c.code: c for c in clusters}
        by_commune_name = {}
        for cluster in clusters:
            for commune in cluster.communes.all():
                by_commune_name.setdefault((commune.pk, fold(cluster.name)), cluster)
        taken_codes = set(by_code)
        seen = {}
        results = []
        for item in sheet.rows:
            values = item.values
            label = " — ".join(filter(None, (values.get("code"), values.get("name")))) or _("(không tên)")
            row = RowResult(number=item.number, label=label)
            results.append(row)
            row.errors = [self.error(sheet.title, item.number, column, message) for column, message in item.errors]
            parsed = self._parsed(sheet, item, row)
            if row.errors:
                row.action = ERROR
                continue
            place = gazetteer.resolve(
                new_names=values.get("communes") or [],
                old_commune=values.get("former_commune", ""),
                old_district=values.get("former_district", ""),
                chosen=choices.get(item.number, ""),
            )
            if place.error:
                row.errors.append(self.error(sheet.title, item.number, LABELS["communes"], place.error))
                continue
            name_key = fold(parsed.get("name", ""))
            cluster = by_code.get(parsed.get("code")) if parsed.get("code") else None
            if place.options:
                row.choice = Choice(prompt=place.prompt, options=place.options)
                if not place.communes:
                    # A cluster the register already places in one of the successors is where it is: its record
                    # answers the question (no guess); otherwise the user chooses.
                    known = self._known_commune(cluster, place, gazetteer, by_commune_name, name_key)
                    if known is None:
                        row.action = CHOICE
                        continue
                    place.communes = [known]
                row.choice.chosen = place.communes[0].code
            if cluster is None:
                cluster = next(
                    (by_commune_name[(c.pk, name_key)] for c in place.communes if (c.pk, name_key) in by_commune_name),
                    None,
                )
            duplicate = self._duplicate(seen, cluster, parsed, place.communes, item.number)
            if duplicate:
                row.errors.append(self.error(sheet.title, item.number, None, duplicate))
                continue
            if cluster is None:
                self._create(row, sheet, item, parsed, place.communes, gazetteer, taken_codes)
            else:
                self._change(row, cluster, parsed, place.communes)
        return results

    @staticmethod
    def _known_commune(cluster, place, gazetteer, by_commune_name, name_key):
        """The successor of a split commune where the register already has the row's cluster (by code, else by
        name), or None."""
        options = [gazetteer.by_code[code] for code, _label in place.options]
        if cluster is None:
            cluster = next(
                (by_commune_name[(c.pk, name_key)] for c in options if (c.pk, name_key) in by_commune_name), None
            )
        if cluster is None:
            return None
        held = [c for c in options if c in cluster.communes.all()]
        return held[0] if len(held) == 1 else None

    @staticmethod
    def _duplicate(seen, cluster, parsed, communes, number):
        """The words for a row naming a cluster an earlier row of the file already named, or ""."""
        keys = [("cluster", cluster.pk)] if cluster is not None else []
        if parsed.get("code"):
            keys.append(("code", parsed["code"]))
        keys += [("name", c.pk, fold(parsed.get("name", ""))) for c in communes]
        earlier = next((seen[key] for key in keys if key in seen), None)
        for key in keys:
            seen.setdefault(key, number)
        if earlier is None:
            return ""
        return _("Cụm này đã có ở dòng %(row)s của tệp.") % {"row": earlier}

    def _parsed(self, sheet, item, row):
        """The row's values as the cluster holds them (choices as their codes, decimals to two places)."""
        values = item.values
        parsed = {}
        for key in ("code", *PLAIN):
            if key in values and values[key] not in (None, ""):
                parsed[key] = values[key]
        for key in (*DECIMALS, "establishment_area_ha", "expansion_area_ha"):
            if values.get(key) is not None:
                parsed[key] = _quantized(values[key])
                if parsed[key] < 0:
                    row.errors.append(self.error(sheet.title, item.number, LABELS[key], _("Diện tích không được âm.")))
        for key in ("establishment_number", "establishment_date", "expansion_number", "expansion_date"):
            if values.get(key):
                parsed[key] = values[key]
        for key, enum in CHOICES.items():
            try:
                value = _choice(enum, values.get(key, ""))
            except KeyError:
                row.errors.append(
                    self.error(
                        sheet.title,
                        item.number,
                        LABELS[key],
                        _("“%(text)s” không có trong danh sách: %(options)s.")
                        % {"text": values[key], "options": "; ".join(str(label) for _v, label in enum.choices)},
                    )
                )
                continue
            if value is not None:
                parsed[key] = value
        for (number, date, _area), words in DECISIONS.values():
            if parsed.get(number) and not parsed.get(date):
                row.errors.append(
                    self.error(
                        sheet.title, item.number, LABELS[date], _("Ghi ngày của %(decision)s.") % {"decision": _(words)}
                    )
                )
        return parsed

    @staticmethod
    def _status_asked(parsed, current):
        """A stage the row may ask for: only those recorded by hand, and only while the facts leave the cluster in
        one of them (every later stage follows from the decisions and dates, ``clusters.register``)."""
        status = parsed.get("status")
        if status in Cluster.RECORDED_STATUSES and (current is None or current in Cluster.RECORDED_STATUSES):
            return status
        return None

    def _create(self, row, sheet, item, parsed, communes, gazetteer, taken_codes):
        if not communes and not parsed.get("code"):
            row.errors.append(
                self.error(
                    sheet.title, item.number, LABELS["communes"], _("Cụm mới cần mã cụm hoặc xã, phường nơi có cụm.")
                )
            )
            return
        code = parsed.get("code") or self._new_code(communes, taken_codes)
        taken_codes.add(code)
        row.action = CREATE
        row.label = f"{code} — {parsed.get('name', '')}"
        fields = {
            name: parsed[name]
            for name in (*PLAIN, *DECIMALS, "type", "investor_kind", "wastewater_status")
            if name in parsed
        }
        status = self._status_asked(parsed, None)
        if status:
            fields["status"] = status
        for name, value in fields.items():
            row.changes.append(
                Change(str(Cluster._meta.get_field(name).verbose_name), None, _shown_choice(name, value))
            )
        row.changes.append(Change(_("xã, phường hiện nay"), None, [c.full_name for c in communes]))
        decisions = []
        for kind, (_columns, words) in DECISIONS.items():
            values = self._decision_values(parsed, kind)
            if values:
                row.changes.append(Change(_(words), None, _decision_text(values)))
                decisions.append((kind, None, values))
        province = gazetteer.province

        def apply(actor, reason):
            cluster = services.cluster_create(
                actor=actor, reason=reason, code=code, province=province, communes=communes, **fields
            )
            self._write_decisions(cluster, decisions, actor, reason)
            if decisions:
                self._settle_total(cluster, parsed, actor, reason)

        row.apply = apply

    @staticmethod
    def _new_code(communes, taken):
        stem = f"CCN-{communes[0].code}" if communes else "CCN"
        number = 1
        while f"{stem}-{number:02d}" in taken:
            number += 1
        return f"{stem}-{number:02d}"

    @staticmethod
    def _decision_values(parsed, kind):
        """The decision of ``kind`` the row gives, as ``ClusterDecision`` fields ({} when it gives none)."""
        (number, date, area), _words = DECISIONS[kind]
        if not parsed.get(number):
            return {}
        values = {"number": parsed[number], "date": parsed[date]}
        if parsed.get(area) is not None:
            values["area_after_ha"] = parsed[area]
        return values

    def _change(self, row, cluster, parsed, communes):
        row.label = f"{cluster.code} — {cluster.name}"
        changes = {}
        for name in ("code", *PLAIN, *DECIMALS, "type", "investor_kind", "wastewater_status"):
            new = parsed.get(name)
            old = getattr(cluster, name)
            if diff(
                row, str(Cluster._meta.get_field(name).verbose_name), _shown_choice(name, old), _shown_choice(name, new)
            ):
                changes[name] = new
        status = self._status_asked(parsed, cluster.status)
        if status and diff(
            row, _("tình trạng"), _shown_choice("status", cluster.status), _shown_choice("status", status)
        ):
            changes["status"] = status
        current_communes = sorted(c.code for c in cluster.communes.all())
        if communes and sorted(c.code for c in communes) != current_communes:
            row.changes.append(
                Change(
                    _("xã, phường hiện nay"),
                    [c.full_name for c in cluster.communes.all()],
                    [c.full_name for c in communes],
                )
            )
            changes["communes"] = communes
        decisions = []
        for kind, (_columns, words) in DECISIONS.items():
            values = self._decision_values(parsed, kind)
            if not values:
                continue
            existing = _recorded(cluster, kind, values["number"])
            if existing is None:
                row.changes.append(Change(_(words), None, _decision_text(values)))
                decisions.append((kind, None, values))
                continue
            changed = {name: value for name, value in values.items() if getattr(existing, name) != value}
            if changed:
                old = {name: getattr(existing, name) for name in values}
                row.changes.append(Change(_(words), _decision_text(old), _decision_text(values)))
                decisions.append((kind, existing, changed))
        if not row.changes:
            row.action = UNCHANGED
            return
        row.action = CHANGE
        version = cluster.version

        def apply(actor, reason):
            updated = cluster
            if changes:
                updated = services.cluster_update(
                    actor=actor, cluster=cluster, reason=reason, version=version, **changes
                )
            if decisions:
                self._write_decisions(updated, decisions, actor, reason)
                self._settle_total(updated, parsed, actor, reason)

        row.apply = apply

    @staticmethod
    def _write_decisions(cluster, decisions, actor, reason):
        """Record or correct each (kind, recorded decision or None, values); a refusal is told under the row's
        columns of that decision."""
        for kind, existing, values in decisions:
            columns, _words = DECISIONS[kind]
            try:
                if existing is None:
                    services.cluster_decision_create(actor=actor, cluster=cluster, reason=reason, kind=kind, **values)
                else:
                    services.cluster_decision_update(actor=actor, decision=existing, reason=reason, **values)
            except ValidationError as exc:
                if not hasattr(exc, "error_dict"):
                    raise
                named = dict(zip((*DECISION_FIELDS, "kind"), (*columns, columns[0]), strict=True))
                raise ValidationError({named.get(k, k): v for k, v in exc.message_dict.items()}) from exc

    @staticmethod
    def _settle_total(cluster, parsed, actor, reason):
        """A decision writes the area it decides to the cluster; the row's own total area, when it gives another,
        is written after it, so the register holds what the file says (and a second run finds nothing to do)."""
        cluster.refresh_from_db()
        total = parsed.get("total_area_ha")
        if total is not None and cluster.total_area_ha != total:
            services.cluster_update(actor=actor, cluster=cluster, reason=reason, total_area_ha=total)


def _recorded(cluster, kind, number):
    """The cluster's recorded decision the row's one is: its establishment; an expansion of the same number."""
    recorded = [d for d in cluster.row_decisions if d.kind == kind]
    if kind == ClusterDecision.Kind.ESTABLISH:
        return recorded[0] if recorded else None
    return next((d for d in recorded if d.number == number), None)


def _shown_choice(name, value):
    enum = CHOICES.get(name)
    if enum is None or value in (None, ""):
        return value
    return str(enum(value).label)


def _decision_text(values):
    parts = [_("số %(number)s") % {"number": values.get("number") or "—"}]
    if values.get("date"):
        parts.append(_("ngày %(date)s") % {"date": f"{values['date']:%d/%m/%Y}"})
    if values.get("area_after_ha") is not None:
        parts.append(_("%(area)s ha") % {"area": format_number(values["area_after_ha"])})
    return ", ".join(parts)


# --- the register out, in the import's layout ----------------------------------------------------------------


def register_rows(clusters):
    clusters = clusters.prefetch_related(
        "communes",
        Prefetch("decisions", queryset=ROW_DECISIONS, to_attr="row_decisions"),
    ).order_by("code")
    for cluster in clusters:
        values = {name: getattr(cluster, name) for name in ("code", *PLAIN, *DECIMALS)}
        for name in CHOICES:
            values[name] = _shown_choice(name, getattr(cluster, name))
        values["communes"] = "; ".join(c.full_name for c in sorted(cluster.communes.all(), key=lambda c: c.code))
        for kind, (columns, _words) in DECISIONS.items():
            recorded = [d for d in cluster.row_decisions if d.kind == kind]
            # The establishment is the first one; an expansion, the latest.
            decision = (recorded[0] if kind == ClusterDecision.Kind.ESTABLISH else recorded[-1]) if recorded else None
            if decision is not None:
                for column, name in zip(columns, DECISION_FIELDS, strict=True):
                    values[column] = getattr(decision, name)
        yield [values.get(column.key) for column in COLUMNS]


def register_bytes(clusters):
    """The register (``clusters``, a queryset) as .xlsx in the import's layout."""
    return workbook_bytes(_("Sổ đăng ký cụm"), COLUMNS, register_rows(clusters))
