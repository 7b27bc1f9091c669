"""What the three imports share: a preview of every row (create, change field old → new, unchanged, error, or a
choice the user must make), and the run that writes it all or nothing.

An import reads the sheet (``imports.workbook``), compares each row with the database (``Importer.compare``,
reads only) and, when no row has a problem, tries the writes through the apps' services inside a transaction
that is always rolled back, so the preview shows the services' own refusals too. The run does the same writes in
one transaction that is kept only when every row went through; any refusal rolls everything back and comes back
as the preview's errors, by sheet, row and column. Every write carries the reason "nhập từ tệp <tên tệp>".

Running the same file again finds every row unchanged and writes nothing: rows are matched to records by code,
else by name (within a commune, a plan), and only what differs is written. A blank cell leaves the field as it
is (a column the file does not have, too): an import adds and corrects, it never erases.
"""

import json
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies import scoping
from core.audit import StaleVersionError

from . import workbook
from .workbook import place, shown

CREATE, CHANGE, UNCHANGED, ERROR, CHOICE = "create", "change", "unchanged", "error", "choice"
ACTION_LABELS = {
    CREATE: gettext_lazy("Thêm mới"),
    CHANGE: gettext_lazy("Thay đổi"),
    UNCHANGED: gettext_lazy("Không đổi"),
    ERROR: gettext_lazy("Lỗi"),
    CHOICE: gettext_lazy("Cần chọn"),
}


def import_reason(filename):
    return _("nhập từ tệp %(name)s") % {"name": filename}


@dataclass
class Change:
    label: str
    old: object
    new: object

    def as_dict(self):
        return {"field": self.label, "old": shown(self.old), "new": shown(self.new)}


@dataclass
class Choice:
    """A row the import cannot settle alone (an old commune split between several 2025 units): the question, the
    options (code, label) and what the user chose, if anything yet."""

    prompt: str
    options: list
    chosen: str = ""

    def as_dict(self):
        return {
            "prompt": self.prompt,
            "options": [{"code": code, "label": label} for code, label in self.options],
            "chosen": self.chosen or None,
        }


@dataclass
class RowResult:
    number: int
    label: str
    action: str = UNCHANGED
    changes: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    choice: Choice = None
    apply: object = None  # apply(actor, reason): the writes, through the services

    @property
    def action_label(self):
        return ACTION_LABELS[ERROR if self.errors else self.action]

    @property
    def state(self):
        return ERROR if self.errors else self.action

    def as_dict(self):
        return {
            "row": self.number,
            "label": self.label,
            "action": self.state,
            "changes": [change.as_dict() for change in self.changes],
            "errors": self.errors,
            "choice": self.choice.as_dict() if self.choice else None,
        }


@dataclass
class Preview:
    kind: str
    filename: str
    sheet: str = ""
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # about the file as a whole

    @property
    def counts(self):
        counts = dict.fromkeys(ACTION_LABELS, 0)
        for row in self.rows:
            counts[row.state] += 1
        return counts

    @property
    def summary(self):
        """[(label, count)] of the actions some row has, in the preview's words."""
        return [(ACTION_LABELS[key], count) for key, count in self.counts.items() if count]

    @property
    def all_errors(self):
        return [*self.errors, *(error for row in self.rows for error in row.errors)]

    @property
    def pending_choices(self):
        return [row for row in self.rows if row.state == CHOICE]

    @property
    def ready(self):
        """Nothing stands in the way of the run: no error, no choice left to make."""
        return not self.all_errors and not self.pending_choices

    @property
    def writes(self):
        return [row for row in self.rows if row.state in (CREATE, CHANGE)]

    def as_dict(self):
        return {
            "kind": self.kind,
            "file": self.filename,
            "sheet": self.sheet,
            "ready": self.ready,
            "counts": self.counts,
            "errors": self.all_errors,
            "rows": [row.as_dict() for row in self.rows],
        }


class Refused(Exception):
    """The import was not written: ``preview`` says why (errors by sheet, row and column, or choices to make)."""

    def __init__(self, preview):
        super().__init__("; ".join(preview.all_errors) or "choices pending")
        self.preview = preview


class _TrialOver(Exception):
    """Raised to roll the preview's trial writes back."""


def parse_choices(raw):
    """{row number: code} from a mapping or JSON text ({"12": "00643"}); malformed entries are left out."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw) if raw.strip() else {}
        except ValueError as exc:
            raise ValidationError({"choices": [_("“choices” phải là JSON dạng {số dòng: mã xã, phường}.")]}) from exc
    if not isinstance(raw, dict):
        raise ValidationError({"choices": [_("“choices” phải là JSON dạng {số dòng: mã xã, phường}.")]})
    choices = {}
    for row, code in raw.items():
        try:
            choices[int(row)] = str(code).strip()
        except (TypeError, ValueError):
            continue
    return choices


class Importer:
    """One kind of import. A subclass names its ``columns`` and ``compare``s the sheet's rows with the database."""

    kind = ""
    title = ""
    sheet_title = ""
    columns = ()
    notes = ()  # the template's instructions sheet
    # field name a service refuses → the column header the message is told under
    field_columns = {}

    # --- the template and the export -------------------------------------------------------------------

    def template_bytes(self):
        return workbook.workbook_bytes(self.sheet_title, self.columns, self.template_rows(), self.notes)

    def template_rows(self):
        return []

    def template_filename(self):
        return f"mau-nhap-{self.kind}.xlsx"

    # --- reading and comparing -------------------------------------------------------------------------

    def options_from(self, data):
        """The import's own settings from a form or request (the plan of an annex); none by default."""
        return {}

    def compare(self, sheet, *, actor, choices, options):
        """[RowResult] for the sheet's rows: reads only, never writes."""
        raise NotImplementedError

    def error(self, sheet_title, row, column, message):
        return f"{place(sheet_title, row, column)}: {message}"

    def _read(self, upload, *, actor, choices, options):
        scoping.require(actor, "data.import")
        preview = Preview(kind=self.kind, filename=upload.name or "")
        sheet = workbook.read_sheet(upload, self.columns)
        preview.sheet = sheet.title
        preview.rows = self.compare(sheet, actor=actor, choices=choices or {}, options=options or {})
        if not preview.rows:
            preview.errors.append(_("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
        return preview

    def _apply(self, preview, actor):
        """Write every row that creates or changes; a refusal is told on its row. True when all went through."""
        reason = import_reason(preview.filename)
        for row in preview.writes:
            try:
                with transaction.atomic():
                    row.apply(actor, reason)
            except ValidationError as exc:
                row.errors.extend(self.service_errors(preview.sheet, row.number, exc))
            except (PermissionDenied, StaleVersionError) as exc:
                row.errors.append(f"{place(preview.sheet, row.number)}: {exc}")
        return not preview.all_errors

    def service_errors(self, sheet_title, number, exc):
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        lines = []
        for name, texts in messages.items():
            column = self.field_columns.get(name)
            for text in texts:
                lines.append(f"{place(sheet_title, number, column)}: {text}")
        return lines

    # --- the two steps ---------------------------------------------------------------------------------

    def preview(self, upload, *, actor, choices=None, options=None):
        """What the file would do, row by row; nothing is kept. ValidationError when the file cannot be read."""
        preview = self._read(upload, actor=actor, choices=choices, options=options)
        if preview.ready and preview.writes:
            try:
                with transaction.atomic():
                    self._apply(preview, actor)
                    raise _TrialOver
            except _TrialOver:
                pass
        return preview

    def run(self, upload, *, actor, choices=None, options=None):
        """Write the file, all or nothing; ``Refused`` (with the preview) when anything stands in the way."""
        preview = self._read(upload, actor=actor, choices=choices, options=options)
        if not preview.ready:
            raise Refused(preview)
        try:
            with transaction.atomic():
                if not self._apply(preview, actor):
                    raise _TrialOver
                self.after_run(preview, actor)
        except _TrialOver:
            raise Refused(preview) from None
        return preview

    def after_run(self, preview, actor):
        """What follows a kept import, in its transaction (the people import's invitations)."""


def _same(old, new):
    """Equal, texts compared by their words (a cell cannot keep the line breaks and spaces a form stored)."""
    if isinstance(old, str) and isinstance(new, str):
        return old.split() == new.split()
    return old == new


def diff(row, label, old, new, *, same=None):
    """Add a ``Change`` to ``row`` when ``new`` is given (not None / blank) and differs from ``old``."""
    if new is None or new == "" or new == []:
        return False
    if (same or _same)(old, new):
        return False
    row.changes.append(Change(label, old, new))
    return True
