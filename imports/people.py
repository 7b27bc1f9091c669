"""Agencies and their people from Excel: name, email, agency, role, title. An agency not yet on the list is added
(by its name, with the kind the row gives); a person is matched by email, else by user name, and gets an account
without a usable password and a membership of the agency in the role. Writes go through ``agencies.services``.
After a kept import the new people are invited (``invite_imported``) to set their own password."""

import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts import invitations
from agencies import services
from agencies.models import Agency, Membership
from core.text import fold

from .base import CHANGE, CREATE, ERROR, UNCHANGED, Change, Importer, RowResult, diff
from .communes import Gazetteer
from .workbook import Column

COLUMNS = (
    Column(
        "full_name",
        gettext_noop("Họ và tên"),
        ("họ tên", "tên cán bộ", "cán bộ", "người dùng"),
        required=True,
        width=26,
    ),
    Column(
        "email",
        gettext_noop("Thư điện tử"),
        ("email", "e mail", "địa chỉ email", "thư điện tử công vụ"),
        required=True,
        width=30,
    ),
    Column("username", gettext_noop("Tên đăng nhập"), ("tài khoản",), width=20),
    Column("agency", gettext_noop("Cơ quan"), ("đơn vị", "cơ quan đơn vị", "tên cơ quan"), required=True, width=30),
    Column("agency_code", gettext_noop("Mã cơ quan"), ("mã đơn vị",), width=14),
    Column("agency_kind", gettext_noop("Loại cơ quan"), ("loại đơn vị",), width=22),
    Column("role", gettext_noop("Vai trò"), ("quyền", "vai trò trong hệ thống"), width=22),
    Column("title", gettext_noop("Chức vụ"), ("chức danh",), width=20),
)
LABELS = {column.key: column.header for column in COLUMNS}
NOTES = (
    gettext_noop("Mẫu nhập cơ quan và người dùng: mỗi dòng một người."),
    gettext_noop("Người dùng được nhận ra theo thư điện tử, không có thì theo tên đăng nhập."),
    gettext_noop(
        "Cơ quan chưa có trong danh sách được thêm mới theo tên (và mã, loại cơ quan nếu có); "
        "UBND xã, phường được gắn với xã, phường có tên trong tên cơ quan."
    ),
    gettext_noop("Vai trò: Điều phối (chỉ cơ quan đầu mối), Cán bộ cơ quan, Chỉ xem; để trống là Cán bộ cơ quan."),
    gettext_noop("Người dùng mới chưa có mật khẩu: hệ thống gửi thư mời để họ tự đặt mật khẩu."),
)
ROLE_WORDS = {
    "dieu phoi": Membership.Role.COORDINATOR,
    "can bo": Membership.Role.OFFICER,
    "chi xem": Membership.Role.VIEWER,
    "xem": Membership.Role.VIEWER,
    "lanh dao": Membership.Role.VIEWER,
}
COMMITTEE = re.compile(r"^(ubnd|uy ban nhan dan)\s+")


def invite_imported(users, actor):
    """Send each of ``users`` (just created by an import) the invitation to set their password: an email with a
    one-time link (``accounts.invitations``). Called once the import is committed; one failed send does not stop
    the others, and the people page lists whoever is still "Chưa mời" for a resend."""
    return invitations.invite_many(actor=actor, users=users, reason=_("Mời người dùng vừa nhập từ tệp"))


def _split_name(full_name):
    """(first_name, last_name) as Django keeps them here: the tên, then the họ and đệm (``core.text.display_name``)."""
    words = full_name.split()
    return (words[-1], " ".join(words[:-1])) if words else ("", "")


def _role(text):
    if not text:
        return None
    key = fold(text)
    for value, label in Membership.Role.choices:
        if key in (fold(label), value):
            return value
    for words, value in ROLE_WORDS.items():
        if key.startswith(words):
            return value
    raise KeyError(text)


def _kind(text):
    if not text:
        return None
    key = fold(text)
    for value, label in Agency.Kind.choices:
        if key in (fold(label), value):
            return value
    raise KeyError(text)


def _agency_code(name, taken):
    """An agency's code from its initials ("Sở Nông nghiệp và Môi trường" → "SNNVMT"), numbered when taken."""
    stem = "".join(word[0] for word in fold(name).upper().split() if word[0].isalnum())[:24] or "CQ"
    code, number = stem, 1
    while code in taken:
        number += 1
        code = f"{stem}-{number}"
    taken.add(code)
    return code


class PeopleImport(Importer):
    kind = "people"
    title = gettext_noop("Cơ quan và người dùng")
    sheet_title = gettext_noop("Người dùng")
    columns = COLUMNS
    notes = NOTES
    field_columns = {
        "first_name": LABELS["full_name"],
        "last_name": LABELS["full_name"],
        "email": LABELS["email"],
        "username": LABELS["username"],
        "agency": LABELS["agency"],
        "code": LABELS["agency_code"],
        "name": LABELS["agency"],
        "kind": LABELS["agency_kind"],
        "commune": LABELS["agency"],
        "role": LABELS["role"],
        "title": LABELS["title"],
    }

    def compare(self, sheet, *, actor, choices, options):
        self.created_users = []
        agencies = list(Agency.objects.all())
        by_code = {a.code.upper(): a for a in agencies}
        by_name = {}
        for agency in agencies:
            for key in (agency.name, agency.short_name):
                if key:
                    by_name.setdefault(fold(key), agency)
        taken_codes = set(by_code)
        new_agencies = {}  # fold(name) -> {"values": ..., "agency": the created one, once created}
        User = get_user_model()
        users = list(User.objects.all())
        by_email = {u.email.lower(): u for u in users if u.email}
        by_username = {u.username.lower(): u for u in users}
        memberships = {m.user_id: m for m in Membership.objects.filter(is_active=True).select_related("agency")}
        gazetteer = None
        seen = {}
        results = []
        for item in sheet.rows:
            values = item.values
            row = RowResult(
                number=item.number, label=" — ".join(filter(None, (values.get("full_name"), values.get("email"))))
            )
            results.append(row)
            row.errors = [self.error(sheet.title, item.number, column, message) for column, message in item.errors]

            def problem(key, message, row=row, item=item):
                row.errors.append(self.error(sheet.title, item.number, LABELS[key], message))

            email = values.get("email", "").strip().lower()
            for key in ("full_name", "email", "agency"):
                if not values.get(key):
                    problem(key, _("Ô này không được để trống."))
            if email and email in seen:
                row.errors.append(
                    self.error(
                        sheet.title,
                        item.number,
                        LABELS["email"],
                        _("Người này đã có ở dòng %(row)s của tệp.") % {"row": seen[email]},
                    )
                )
            seen.setdefault(email, item.number)
            if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
                problem("email", _("Thư điện tử “%(email)s” không hợp lệ.") % {"email": email})
            try:
                role = _role(values.get("role"))
            except KeyError:
                role = None
                problem(
                    "role",
                    _("Vai trò “%(text)s” không có; ghi Điều phối, Cán bộ cơ quan hoặc Chỉ xem.")
                    % {"text": values["role"]},
                )
            try:
                kind = _kind(values.get("agency_kind"))
            except KeyError:
                kind = None
                problem(
                    "agency_kind",
                    _("Loại cơ quan “%(text)s” không có trong danh sách: %(options)s.")
                    % {
                        "text": values["agency_kind"],
                        "options": "; ".join(str(label) for _v, label in Agency.Kind.choices),
                    },
                )
            agency_name = values.get("agency", "")
            code = values.get("agency_code", "").strip().upper()
            agency = by_code.get(code) if code else None
            agency = agency or by_name.get(fold(agency_name)) or by_code.get(agency_name.strip().upper())
            pending = None
            if agency is None and agency_name:
                pending = new_agencies.get(fold(agency_name))
                if pending is None:
                    kind = kind or Agency.Kind.OTHER
                    commune = None
                    if kind == Agency.Kind.COMMUNE_COMMITTEE:
                        gazetteer = gazetteer or Gazetteer()
                        commune = gazetteer.find(COMMITTEE.sub("", fold(agency_name)))
                        if commune is None:
                            problem("agency", _("Không nhận ra xã, phường của “%(name)s”.") % {"name": agency_name})
                    pending = {
                        "values": {
                            "code": code or _agency_code(agency_name, taken_codes),
                            "name": agency_name,
                            "kind": kind,
                            "commune": commune,
                        },
                        "agency": None,
                        "row": item.number,
                    }
                    new_agencies[fold(agency_name)] = pending
                    row.changes.append(Change(_("cơ quan (thêm mới)"), None, agency_name))
            if row.errors:
                row.action = ERROR
                continue
            user = by_email.get(email) or by_username.get((values.get("username") or email).lower())
            first_name, last_name = _split_name(values.get("full_name", ""))
            if user is None:
                self._create(row, values, email, first_name, last_name, role, agency, pending)
            else:
                self._change(
                    row, user, memberships.get(user.pk), values, email, first_name, last_name, role, agency, pending
                )
        return results

    @staticmethod
    def _agency(agency, pending, actor, reason):
        if agency is not None:
            return agency
        if pending["agency"] is None:
            pending["agency"] = services.agency_create(actor=actor, reason=reason, **pending["values"])
        return pending["agency"]

    def _create(self, row, values, email, first_name, last_name, role, agency, pending):
        role = role or Membership.Role.OFFICER
        username = values.get("username") or email
        row.action = CREATE
        row.changes += [
            Change(_("người dùng"), None, f"{last_name} {first_name}".strip()),
            Change(_("thư điện tử"), None, email),
            Change(_("cơ quan"), None, agency.name if agency else pending["values"]["name"]),
            Change(_("vai trò"), None, str(Membership.Role(role).label)),
        ]
        if values.get("title"):
            row.changes.append(Change(_("chức vụ"), None, values["title"]))

        def apply(actor, reason):
            user = services.person_create(
                actor=actor,
                reason=reason,
                username=username,
                email=email,
                first_name=first_name,
                last_name=last_name,
                agency=self._agency(agency, pending, actor, reason),
                role=role,
                title=values.get("title", ""),
            )
            self.created_users.append(user)

        row.apply = apply

    def _change(self, row, user, membership, values, email, first_name, last_name, role, agency, pending):
        row.label = f"{user.username} — {user.last_name} {user.first_name}".strip()
        person = {}
        if values.get("full_name") and (user.first_name, user.last_name) != (first_name, last_name):
            row.changes.append(
                Change(_("họ và tên"), f"{user.last_name} {user.first_name}".strip(), values["full_name"])
            )
            person.update(first_name=first_name, last_name=last_name)
        if diff(row, _("thư điện tử"), (user.email or "").lower(), email):
            person["email"] = email
        wanted = {}
        if membership is None or pending is not None or membership.agency_id != agency.pk:
            row.changes.append(
                Change(
                    _("cơ quan"),
                    membership.agency.name if membership else None,
                    agency.name if agency else pending["values"]["name"],
                )
            )
            wanted["agency"] = agency
        current_role = membership.role if membership else None
        if role and role != current_role:
            row.changes.append(
                Change(
                    _("vai trò"),
                    Membership.Role(current_role).label if current_role else None,
                    Membership.Role(role).label,
                )
            )
            wanted["role"] = role
        elif membership is None:
            wanted["role"] = Membership.Role.OFFICER
        if diff(row, _("chức vụ"), membership.title if membership else "", values.get("title")):
            wanted["title"] = values["title"]
        if not row.changes:
            row.action = UNCHANGED
            return
        row.action = CHANGE

        def apply(actor, reason):
            if person:
                services.person_update(actor=actor, user=user, reason=reason, **person)
            if wanted:
                if "agency" in wanted:
                    wanted["agency"] = self._agency(agency, pending, actor, reason)
                services.membership_set(actor=actor, user=user, reason=reason, **wanted)

        row.apply = apply

    def after_run(self, preview, actor):
        users = list(self.created_users)
        transaction.on_commit(lambda: invite_imported(users, actor))
