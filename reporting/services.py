"""The writes of the Circular 14 cycle (the error contract is ``core.services``').

- ``ensure_periods(year)``: the year's half-year and annual periods exist (created on first need).
- ``submission_save``: the reporter (or a coordinator entering a paper report) saves a draft, or sends it
  (``submit=True``) with its signer; every value passes ``reporting.rules``.
- ``submission_accept`` / ``submission_return``: a coordinator (never the sender) decides; accepting a
  Biểu 02 writes the cluster's periodic figures (``ClusterReport``) through ``clusters.services``.
- ``submission_receive_paper``: a coordinator records a report received on paper (its figures, the letter's
  number, date of receipt and scan) on its reporter's behalf and accepts it in the same step ("Nhận bản giấy").
- ``bieu04_issue``: a coordinator issues the city's Biểu 04 of a period, frozen with its .xlsx and .docx.

Locks are always taken in one order — the submission, then its values, then the cluster's periodic report —
so two writers queue instead of deadlocking.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies import scoping
from clusters.models import ClusterReport
from clusters.services import cluster_report_save
from core import events
from core.audit import check_version, record_save
from core.dates import local_today, validate_business_date
from core.services import as_date, conflict, invalid, lock, require_reason, require_text, save
from core.uploads import ALLOWED, removed_unless_saved, validate_upload
from department.models import Capacity

from . import bieu, documents, rules, selectors
from .models import Bieu04, ReportingPeriod, Submission, SubmissionValue

SYSTEM_REASON = "Tạo kỳ báo cáo theo Thông tư 14/2024/TT-BCT"
State = Submission.State


def ensure_periods(year):
    """The half-year and annual periods of ``year``, created (with history, no user) when missing."""
    periods = []
    for kind in (ReportingPeriod.Kind.HALF_YEAR, ReportingPeriod.Kind.ANNUAL):
        period = ReportingPeriod.objects.filter(year=year, kind=kind).first()
        if period is None:
            try:
                with transaction.atomic():
                    period = ReportingPeriod(year=year, kind=kind)
                    period.full_clean(validate_constraints=False)
                    record_save(period, actor=None, reason=SYSTEM_REASON, created=True)
            except IntegrityError:
                # Another request created it meanwhile.
                period = ReportingPeriod.objects.get(year=year, kind=kind)
        periods.append(period)
    return periods


def _subject_checks(form, cluster, commune):
    if not form.collected:
        invalid("form", _("Biểu %(code)s không nộp qua hệ thống.") % {"code": form.code})
    if form.reporter == form.Reporter.INVESTOR and cluster is None:
        invalid("cluster", _("Biểu 02 phải gắn với một cụm công nghiệp."))
    if form.reporter == form.Reporter.COMMUNE and (commune is None or cluster is not None):
        invalid("commune", _("Biểu 03 phải gắn với một xã, phường."))


def _locked_submission(period, form, cluster, commune):
    """(The submission of the subject in the period, locked; whether this call created it). A new one is
    inserted without history: the caller's save, in the same transaction, records its one history row (its
    creation, by the reporter, with the reason)."""
    lookup = {"period": period, "form": form, "cluster": cluster}
    if cluster is None:
        lookup["commune"] = commune
    found = Submission.objects.select_for_update().filter(**lookup).first()
    if found is not None:
        return found, False
    submission = Submission(**lookup)
    if cluster is not None:
        submission.commune = cluster.communes.order_by("code").first()
    created = False
    try:
        with transaction.atomic():
            submission.full_clean(validate_constraints=False)
            submission.skip_history_when_saving = True
            submission.save()
            created = True
    except IntegrityError:
        # A second click or another user opened it meanwhile: take that one.
        pass
    finally:
        submission.__dict__.pop("skip_history_when_saving", None)
    return Submission.objects.select_for_update().get(**lookup), created


def _clean_values(submission, values, *, complete):
    """``values`` (key → value or (value, note)) parsed, merged over the saved ones and checked by the rules."""
    indicators = list(submission.form.indicators.order_by("order"))
    known = {indicator.key for indicator in indicators}
    saved = selectors.saved_values(submission)
    merged = {key: value for key, (value, _note) in saved.items()}
    notes = {key: note for key, (_value, note) in saved.items()}
    errors = {}
    for key, given in values.items():
        if key not in known:
            errors[key] = _("Biểu %(code)s không có chỉ tiêu này.") % {"code": submission.form.code}
            continue
        raw, note = given if isinstance(given, tuple) else (given, notes.get(key, ""))
        try:
            merged[key] = rules.parse_value(raw)
        except ValueError:
            errors[key] = _("Không phải là số.")
            merged.pop(key, None)
        notes[key] = (note or "").strip()[:500]
    # The other rows are checked too, so every error is told in one round (a row that is not a number keeps
    # that message; the rows tied to it are checked once it is one).
    checked = rules.check_values(
        indicators,
        merged,
        cluster=submission.cluster,
        previous=selectors.previous_values(submission),
        complete=complete,
    )
    errors = {**checked, **errors}
    if errors:
        raise ValidationError({key: [message] for key, message in errors.items()})
    return indicators, merged, notes


def _open_submission(period, form, cluster, commune, version, closed):
    """The subject's submission of the period, locked, at the version the writer read, and still open (else a
    conflict worded by ``closed``): (submission, created)."""
    submission, created = _locked_submission(period, form, cluster, commune)
    if submission.state != State.NOT_STARTED:
        check_version(submission, version)
    if not submission.is_open:
        conflict("__all__", closed % {"state": submission.get_state_display()})
    return submission, created


def _checked_values(submission, values, *, complete, errors):
    """The rows checked (``_clean_values``), refused in one round with the other ``errors`` of the write."""
    try:
        checked = _clean_values(submission, values, complete=complete)
    except ValidationError as error:
        raise ValidationError({**errors, **error.message_dict}) from error
    if errors:
        raise ValidationError(errors)
    return checked


def _write_values(submission, indicators, merged, notes, *, actor, reason):
    existing = {row.indicator_id: row for row in submission.values.select_for_update()}
    for indicator in indicators:
        value, note = merged.get(indicator.key), notes.get(indicator.key, "")
        row = existing.get(indicator.pk)
        if row is None:
            if value is None and not note:
                continue
            save(
                SubmissionValue(submission=submission, indicator=indicator, value=value, note=note),
                actor=actor,
                reason=reason,
                created=True,
            )
        elif row.value != value or row.note != note:
            row.value, row.note = value, note
            save(row, actor=actor, reason=reason)


def _signer_errors(submit, signer_name, signer_title):
    errors = {}
    if submit and not (signer_name or "").strip():
        errors["signer_name"] = [_("Cần ghi người ký báo cáo.")]
    if submit and not (signer_title or "").strip():
        errors["signer_title"] = [_("Cần ghi chức vụ người ký.")]
    return errors


def submission_errors(*, submission, values, submit=False, signer_name="", signer_title=""):
    """What ``submission_save`` would refuse in these values and signer (field or indicator key → messages),
    without writing anything. The page asks when some rows could not be read as numbers, so the rules' verdict
    on the other rows is told in the same round."""
    errors = _signer_errors(submit, signer_name, signer_title)
    try:
        _clean_values(submission, values, complete=submit)
    except ValidationError as error:
        errors.update(error.message_dict)
    return errors


def submission_save(
    *,
    actor,
    period,
    form,
    cluster=None,
    commune=None,
    values,
    submit=False,
    signer_name="",
    signer_title="",
    version=None,
):
    """Save the reporter's figures for the period as a draft, or send them (``submit``) with their signer.

    ``values``: indicator key → value (a number, or text as typed) or (value, note). A draft may be partial;
    a submission needs every row. ``version``: the one the form was loaded with (a stale one is refused)."""
    _subject_checks(form, cluster, commune)
    probe = Submission(period=period, form=form, cluster=cluster, commune=commune)
    scoping.require(actor, "submission.edit", probe)
    # The signer's errors are told with the rows' (one round), not before them.
    signer_errors = _signer_errors(submit, signer_name, signer_title)
    signer_name, signer_title = (signer_name or "").strip(), (signer_title or "").strip()
    with transaction.atomic():
        submission, created = _open_submission(
            period, form, cluster, commune, version, _("Báo cáo đang ở trạng thái “%(state)s”: không sửa được nữa.")
        )
        indicators, merged, notes = _checked_values(submission, values, complete=submit, errors=signer_errors)
        reason = _("Gửi báo cáo") if submit else _("Lưu nháp báo cáo")
        _write_values(submission, indicators, merged, notes, actor=actor, reason=reason)
        if submit:
            submission.state = State.SUBMITTED
            submission.signer_name, submission.signer_title = signer_name, signer_title
            submission.submitted_by, submission.submitted_at = actor, timezone.now()
        elif submission.state == State.NOT_STARTED:
            submission.state = State.DRAFT
        save(submission, actor=actor, reason=reason, created=created)
        if submit:
            events.emit(events.SUBMISSION_SUBMITTED, obj=submission, actor=actor)
    return submission


def submission_accept(*, actor, submission, version=None):
    """Accept a sent report; a Biểu 02's figures go into the cluster's periodic figures in the register."""
    scoping.require(actor, "submission.decide", submission)
    with transaction.atomic():
        # Not the cluster: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join (a Biểu 03 has none).
        locked = lock(Submission, submission.pk, version, select_related=("period", "form"))
        if locked.state != State.SUBMITTED:
            conflict("__all__", _("Báo cáo không ở trạng thái chờ tiếp nhận."))
        reason = _("Tiếp nhận báo cáo %(submission)s") % {"submission": locked}
        locked.state = State.ACCEPTED
        locked.decided_by, locked.decided_at, locked.return_reason = actor, timezone.now(), ""
        save(locked, actor=actor, reason=reason)
        if locked.cluster_id:
            _into_register(locked, actor=actor, reason=reason)
        events.emit(events.SUBMISSION_ACCEPTED, obj=locked, actor=actor)
    return locked


def submission_return(*, actor, submission, reason, version=None):
    """Send a report back to its reporter with the reason; they correct and send it again."""
    scoping.require(actor, "submission.decide", submission)
    reason = require_reason(reason)
    with transaction.atomic():
        locked = lock(Submission, submission.pk, version)
        if locked.state != State.SUBMITTED:
            conflict("__all__", _("Báo cáo không ở trạng thái chờ tiếp nhận."))
        locked.state = State.RETURNED
        locked.decided_by, locked.decided_at, locked.return_reason = actor, timezone.now(), reason
        save(locked, actor=actor, reason=reason)
        events.emit(events.SUBMISSION_RETURNED, obj=locked, actor=actor, reason=reason)
    return locked


# A scanned letter: a PDF or an image (``core.uploads`` checks the content, not the name).
PAPER_SCAN_TYPES = {ALLOWED[extension][0] for extension in (".pdf", ".png", ".jpg")}


def paper_errors(letter_number, received_on, scan):
    """The letter's number, date of receipt and scan, checked: (errors by field, number, date, (name, type))."""
    errors = {}
    letter_number = (letter_number or "").strip()
    if not letter_number:
        errors["paper_letter_number"] = [_("Cần ghi số công văn gửi báo cáo.")]
    elif len(letter_number) > Submission._meta.get_field("paper_letter_number").max_length:
        errors["paper_letter_number"] = [_("Số công văn quá dài (tối đa 100 ký tự).")]
    if received_on is None:
        errors["paper_received_on"] = [_("Cần ghi ngày nhận bản giấy.")]
    elif not isinstance(received_on, datetime.date):
        errors["paper_received_on"] = [_("Ngày không hợp lệ.")]
    elif received_on > local_today():
        errors["paper_received_on"] = [_("Ngày nhận bản giấy không được sau hôm nay.")]
    else:
        try:
            validate_business_date(received_on)
        except ValidationError as error:
            errors["paper_received_on"] = error.messages
    stored = None
    if not scan:
        errors["paper_scan"] = [_("Cần đính kèm bản chụp công văn (PDF hoặc ảnh).")]
    else:
        try:
            stored = validate_upload(scan)
        except ValidationError as error:
            errors["paper_scan"] = error.messages
        else:
            if stored[1] not in PAPER_SCAN_TYPES:
                errors["paper_scan"] = [_("Bản chụp công văn phải là tệp PDF hoặc ảnh (PNG, JPEG).")]
    return errors, letter_number, received_on, stored


def submission_receive_paper(
    *,
    actor,
    period,
    form,
    cluster=None,
    commune=None,
    values,
    signer_name="",
    signer_title="",
    letter_number="",
    received_on=None,
    scan=None,
    version=None,
):
    """Record a report its reporter sent on paper and accept it: a coordinator types the figures of the letter
    (every row, checked by ``reporting.rules`` as the reporter's would be), its signer, number and date of receipt,
    and attaches its scan (PDF or image). The submission is marked "Nhận bản giấy"; history names the coordinator
    and the letter; a Biểu 02 goes into the cluster's periodic figures as an accepted one does. Every error is told
    in one round, on its field; nothing is written (nor the scan kept) when one is found."""
    _subject_checks(form, cluster, commune)
    probe = Submission(period=period, form=form, cluster=cluster, commune=commune)
    scoping.require(actor, "submission.decide", probe)
    errors, letter_number, received_on, scan_kind = paper_errors(letter_number, received_on, scan)
    errors.update(_signer_errors(True, signer_name, signer_title))
    signer_name, signer_title = (signer_name or "").strip(), (signer_title or "").strip()
    with removed_unless_saved() as stored, transaction.atomic():
        submission, created = _open_submission(
            period,
            form,
            cluster,
            commune,
            version,
            _("Báo cáo đang ở trạng thái “%(state)s”: không nhận bản giấy thay được nữa."),
        )
        indicators, merged, notes = _checked_values(submission, values, complete=True, errors=errors)
        reason = _("Nhận báo cáo bản giấy: công văn số %(number)s, nhận ngày %(date)s") % {
            "number": letter_number,
            "date": f"{received_on:%d/%m/%Y}",
        }
        _write_values(submission, indicators, merged, notes, actor=actor, reason=reason)
        now = timezone.now()
        submission.state = State.ACCEPTED
        submission.signer_name, submission.signer_title = signer_name, signer_title
        submission.submitted_by, submission.submitted_at = actor, now
        submission.decided_by, submission.decided_at, submission.return_reason = actor, now, ""
        submission.received_on_paper = True
        submission.paper_letter_number, submission.paper_received_on = letter_number, received_on
        submission.paper_scan_name, submission.paper_scan_type = scan_kind
        submission.paper_scan.save(scan_kind[0], scan, save=False)
        stored.append(submission.paper_scan)
        save(submission, actor=actor, reason=reason, created=created)
        if submission.cluster_id:
            _into_register(submission, actor=actor, reason=reason)
        events.emit(events.SUBMISSION_ACCEPTED, obj=submission, actor=actor)
    return submission


def _into_register(submission, *, actor, reason):
    """The accepted Biểu 02 as the cluster's ``ClusterReport`` of the period (through ``clusters.services``)."""
    figures = {}
    for row in submission.values.select_related("indicator"):
        field = row.indicator.report_field
        if not field or row.value is None:
            continue
        model_field = ClusterReport._meta.get_field(field)
        value = row.value * row.indicator.scale
        if model_field.get_internal_type() == "BooleanField":
            value = value == 1
        elif model_field.get_internal_type() == "PositiveIntegerField":
            value = int(value)
        else:
            value = value.quantize(type(value)(1).scaleb(-model_field.decimal_places))
        figures[field] = value
    period = submission.period
    cluster_report_save(
        actor=actor,
        cluster=submission.cluster,
        year=period.year,
        period=ClusterReport.PeriodKind(period.kind),
        reason=reason,
        source=_("Biểu 02 đã tiếp nhận: %(submission)s") % {"submission": submission},
        **figures,
    )


BIEU04_NUMBER_TAKEN = gettext_lazy("Số hiệu này đã được dùng cho một Biểu 04 khác.")


def bieu04_issue(
    *,
    actor,
    period,
    number,
    issued_on,
    signatory=None,
    capacity="",
    signer="",
    gaps_reason="",
    replaces=None,
    correction_reason="",
):
    """Issue the city's Biểu 04 of ``period``: its figures computed now (``bieu.snapshot``) are stored with the
    .xlsx and the covering .docx, its number, date and signer, with one history record; never edited afterwards.

    While reporters are not yet accepted or rows have no source (``bieu.completeness``), it is issued only with a
    ``gaps_reason``, stored with what was missing. A period's issued Biểu 04 is corrected by issuing another that
    ``replaces`` it, with a ``correction_reason``: the first stays as signed, no longer current, and both link.

    It is signed by ``signatory`` (a ``department.Signatory``) in ``capacity`` (blank: by title), whose name and
    title are kept as printed; without one, by the name ``signer`` under Biểu 04's signing title.

    The period is locked while it is issued, so a second issue of it (a double click, another coordinator) waits
    and is then refused; a number two issues race for is refused by the database with the same message as here."""
    scoping.require(actor, "bieu04.issue")
    number = require_text(number, "number", _("Cần nhập số hiệu Biểu 04."))
    signed = signed_by(signatory, capacity, signer, field="signatory" if signatory is None and not signer else "signer")
    issued_on = as_date(issued_on, "issued_on")
    if issued_on is None:
        invalid("issued_on", _("Cần nhập ngày ban hành."))
    if issued_on < period.data_end:
        invalid(
            "issued_on",
            _("Ngày ban hành không được trước ngày chốt số liệu của kỳ (%(date)s).")
            % {"date": f"{period.data_end:%d/%m/%Y}"},
        )
    if replaces is not None:
        correction_reason = require_text(
            correction_reason, "correction_reason", _("Cần ghi lý do đính chính Biểu 04 đã ban hành.")
        )
        if issued_on < replaces.issued_on:
            invalid("issued_on", _("Biểu 04 đính chính không được ban hành trước Biểu 04 mà nó thay thế."))
    if Bieu04.objects.filter(number=number).exists():
        invalid("number", BIEU04_NUMBER_TAKEN)
    # The files are written inside the transaction; if the row is not saved, they are removed again.
    with removed_unless_saved() as stored:
        try:
            with transaction.atomic():
                locked = lock(ReportingPeriod, period.pk)
                current = Bieu04.objects.current().filter(period=locked).first()
                if replaces is None and current is not None:
                    conflict(
                        "__all__", _("Biểu 04 của kỳ này đã được ban hành; muốn sửa thì ban hành Biểu 04 đính chính.")
                    )
                if replaces is not None and (current is None or current.pk != replaces.pk):
                    conflict(
                        "__all__", _("Biểu 04 này đã được thay thế; chỉ đính chính được Biểu 04 đang có hiệu lực.")
                    )
                figures = bieu.snapshot(locked)
                gaps = bieu.completeness(locked, figures)
                if gaps["has_gaps"] and not (gaps_reason or "").strip():
                    invalid(
                        "gaps_reason",
                        _(
                            "Còn báo cáo chưa tiếp nhận hoặc chỉ tiêu chưa có số liệu (xem danh sách phía trên). Ghi "
                            "lý do ban hành khi chưa đủ số liệu."
                        ),
                    )
                reason = _("Ban hành Biểu 04 số %(number)s") % {"number": number}
                if replaces is not None:
                    record = lock(Bieu04, replaces.pk)
                    record.is_current = False
                    save(
                        record,
                        actor=actor,
                        reason=_("Được thay thế bởi Biểu 04 số %(number)s: %(why)s")
                        % {"number": number, "why": correction_reason},
                    )
                    reason = _("Ban hành Biểu 04 số %(number)s đính chính Biểu 04 số %(old)s: %(why)s") % {
                        "number": number,
                        "old": replaces.number,
                        "why": correction_reason,
                    }
                bieu04 = Bieu04(
                    period=locked,
                    number=number,
                    issued_on=issued_on,
                    **signed,
                    figures=figures,
                    issued_by=actor,
                    replaces=replaces,
                    correction_reason=correction_reason if replaces is not None else "",
                    gaps=gaps if gaps["has_gaps"] else {},
                    gaps_reason=(gaps_reason or "").strip() if gaps["has_gaps"] else "",
                )
                bieu04.full_clean(exclude=["xlsx_file", "docx_file"], validate_constraints=False)
                bieu04.xlsx_file.save("bieu-04.xlsx", ContentFile(documents.render_xlsx(bieu04)), save=False)
                stored.append(bieu04.xlsx_file)
                bieu04.docx_file.save("bieu-04.docx", ContentFile(documents.render_docx(bieu04)), save=False)
                stored.append(bieu04.docx_file)
                record_save(bieu04, actor=actor, reason=reason, created=True)
        except IntegrityError as exc:
            # Another issue took the number between the check above and this one's insert.
            raise ValidationError({"number": [BIEU04_NUMBER_TAKEN]}) from exc
    return bieu04


def signed_by(signatory, capacity, signer, *, field="signatory"):
    """The signer fields of an issued document: the ``Signatory`` and ``capacity``, with its name and title as
    printed; or, without a Signatory, the typed ``signer`` signing as the head (under the head's title)."""
    if signatory is not None:
        if not signatory.is_active:
            invalid("signatory", _("Người ký này không còn ký văn bản; hãy chọn người khác."))
        return {
            "signatory": signatory,
            "capacity": capacity or "",
            "signer": signatory.full_name,
            "signer_title": signatory.title,
        }
    signer = require_text(signer, field, _("Cần chọn người ký."))
    return {"signatory": None, "capacity": Capacity.HEAD, "signer": signer, "signer_title": ""}


# --- reminders (the daily run of ``notifications.reminders``) ------------------------------------------------


def _remind(submission, today, escalate_after):
    """Count today's reminder on ``submission`` (unsaved); the history reason says whether it escalates."""
    submission.reminders_sent += 1
    submission.last_reminded_on = today
    late = today > submission.form.due_on(submission.period)
    if submission.escalated_on is None and submission.reminders_sent >= escalate_after and late:
        submission.escalated_on = today
        return _("Nhắc hạn báo cáo lần %(count)s, đã quá hạn: chuyển đôn đốc") % {"count": submission.reminders_sent}
    return _("Nhắc hạn báo cáo")


def submission_remind(*, period, form, cluster=None, commune=None, today, escalate_after):
    """Count a reminder sent today to the reporters of the subject's report, at most one a day; the report is
    opened (not started) by its first reminder. Once ``escalate_after`` reminders are counted and the report is
    past its due date, it is escalated (``escalated_on``): flagged on the dashboard and listed in the follow-up
    letter to the commune. One history record, without a user (the daily run).

    Returns the submission, or None when it was sent or accepted meanwhile (no reminder is due)."""
    lookup = {"period": period, "form": form, "cluster": cluster}
    if cluster is None:
        lookup["commune"] = commune
    with transaction.atomic():
        submission = Submission.objects.select_for_update().filter(**lookup).first()
        if submission is None:
            submission = Submission(**lookup)
            if cluster is not None:
                submission.commune = cluster.communes.order_by("code").first()
            reason = _remind(submission, today, escalate_after)
            try:
                with transaction.atomic():
                    submission.full_clean(validate_constraints=False)
                    record_save(submission, actor=None, reason=reason, created=True)
                return submission
            except IntegrityError:
                # The reporter opened it meanwhile: count the reminder on theirs.
                submission = Submission.objects.select_for_update().get(**lookup)
        if submission.state in Submission.SENT_STATES:
            return None
        if submission.last_reminded_on != today:
            save(submission, actor=None, reason=_remind(submission, today, escalate_after))
    return submission
