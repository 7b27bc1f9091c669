"""The Circular 14 cycle's pages: the year's calendar of obligations (and a reporter's own reports), a Biểu 02/03
to fill in on the page or as Excel and to send, the coordinators' acceptance or return, and the tracker of a period.

Who may see and do what is asked of ``agencies.scoping``; every write is a ``reporting.services`` call, whose
errors land on the row, the form or the page they name.
"""

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.mixins import ActionRequiredMixin
from agencies import scoping
from clusters.models import Cluster
from core.audit import StaleVersionError
from core.dates import local_today
from core.exports import XLSX_TYPE
from core.forms import apply_service_errors
from core.history import FieldChange, change_events, entries_for
from core.services import StateConflict
from core.uploads import content_disposition, file_download
from places.models import Commune

from . import obligations, reminders, rules, selectors, services, workbooks
from .forms import (
    PAPER_ACTION,
    AcceptForm,
    PaperReceiptForm,
    ReturnForm,
    SubmissionForm,
    TrackerFilterForm,
    UploadForm,
    sectioned,
    shown,
)
from .models import ReportForm, ReportingPeriod, Submission, SubmissionValue
from .obligations import submission_url

State = Submission.State
SUBJECT_FORM = {"cluster": "02", "commune": "03"}


class ReportingMixin(ActionRequiredMixin):
    """The reporting pages: for whoever may see the cycle (the Department, leadership, the reporters)."""

    permission = "reporting.view"


def _collected_forms():
    return {form.code: form for form in ReportForm.objects.filter(collected=True)}


# --- the calendar and one's own reports ------------------------------------------------------------------


class ReportingHomeView(ReportingMixin, TemplateView):
    """The year's periods with their data windows and due dates; a reporter's own expected reports below
    (an investor's Biểu 02; a commune's Biểu 03, and its clusters' Biểu 02 to read)."""

    template_name = "reporting/home.html"

    def get_context_data(self, **kwargs):
        user, today = self.request.user, local_today()
        periods = services.ensure_periods(today.year)
        forms = {form.code: form for form in ReportForm.objects.filter(code__in=["02", "03", "04"])}
        calendar = [
            (period, [(form, form.due_on(period)) for _code, form in sorted(forms.items())]) for period in periods
        ]
        mine = []
        if scoping.is_reporter(user):
            own_clusters = set(Cluster.objects.visible_to(user).values_list("pk", flat=True))
            submissions = list(Submission.objects.filter(period__in=periods).select_related("cluster").visible_to(user))
            for period in periods:
                rows = obligations.of_period(period, submissions, today)
                rows = [
                    row
                    for row in rows
                    if (
                        row.cluster.pk in own_clusters
                        if row.cluster
                        else scoping.can(user, "submission.edit", row.record)
                    )
                ]
                for row in rows:
                    row.can_edit = row.record.is_open and scoping.can(user, "submission.edit", row.record)
                mine.append((period, rows))
        return super().get_context_data(
            calendar=calendar,
            mine=mine,
            waiting=self.waiting(mine, periods) if scoping.is_reporter(user) else None,
            is_reporter=scoping.is_reporter(user),
            can_track=scoping.can(user, "reporting.track"),
            **kwargs,
        )

    @staticmethod
    def waiting(mine, periods):
        """ "Chờ tôi xử lý" of a reporter: their own reports still owed and due within the reminders' days, or late
        (``obligations.is_owed``, as the reminders judge it), of the periods whose Biểu 04 is not issued."""
        days_before = reminders.reminder_days_before()
        still_open = obligations.open_periods(periods)
        due = [
            row
            for _period, rows in mine
            for row in rows
            if row.can_edit and row.period.pk in still_open and obligations.is_owed(row, days_before=days_before)
        ]
        due.sort(key=lambda row: (row.due_on, row.form.code, row.subject_label))
        items = [
            {
                "label": _("Biểu %(code)s — %(subject)s, %(period)s")
                % {"code": row.form.code, "subject": row.subject_label, "period": row.period.label},
                "url": row.url,
                "note": (
                    _("quá hạn %(days)s ngày") % {"days": row.days_late}
                    if row.days_late
                    else _("hạn %(date)s") % {"date": row.due_on.strftime("%d/%m/%Y")}
                ),
                "late": bool(row.days_late),
            }
            for row in due
        ]
        return [{"title": _("Báo cáo định kỳ đến hạn phải gửi"), "total": len(items), "items": items}]


# --- one report: fill in, send, decide -----------------------------------------------------------------------


def _subject(request, period_pk, kind, pk):
    """The period, form and submission (saved, or a new one not yet saved) of the subject in the URL; 404 for a
    subject the user may not see."""
    user = request.user
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    form = get_object_or_404(ReportForm, code=SUBJECT_FORM[kind], collected=True)
    if kind == "cluster":
        cluster = get_object_or_404(Cluster.objects.visible_to(user), pk=pk)
        found = Submission.objects.filter(period=period, form=form, cluster=cluster).first()
        submission = found or Submission(
            period=period, form=form, cluster=cluster, commune=cluster.communes.order_by("code").first()
        )
    else:
        commune = get_object_or_404(Commune, pk=pk)
        found = Submission.objects.filter(period=period, form=form, commune=commune, cluster__isnull=True).first()
        submission = found or Submission(period=period, form=form, commune=commune)
        if found is None and not (
            scoping.can(user, "reporting.track") or scoping.can(user, "submission.edit", submission)
        ):
            raise Http404
    if found is not None and not scoping.can(user, "submission.view", found):
        raise Http404
    return submission


def _history(submission):
    """The submission's story, newest first: each save with the rows it changed (in the form's order), each
    decision with its reason. A save writes its rows first, then the submission, in one transaction: a row's
    change joins the first record of the submission at or after it."""
    if submission.pk is None:
        return []
    events = sorted(change_events(Submission, submission.history.all()), key=lambda event: event.at)
    rows = {
        value.pk: value.indicator
        for value in SubmissionValue.objects.filter(submission=submission).select_related("indicator")
    }
    found = {}
    for entry in entries_for(SubmissionValue, SubmissionValue.history.filter(submission_id=submission.pk)):
        owner = next((event for event in events if event.at >= entry.at), None)
        indicator = rows.get(entry.object_id)
        if owner is None or indicator is None:
            continue
        for change in entry.changes:
            if change.field in ("value", "note"):
                found.setdefault(id(owner), (owner, []))[1].append((indicator, change))
    for owner, changes in found.values():
        changes.sort(key=lambda pair: (pair[0].order, pair[1].field))
        owner.changes.extend(_row_change(indicator, change) for indicator, change in changes)
    return events[::-1]


def _holds(submission, values):
    """Whether ``submission`` already holds ``values`` (key → (typed value, note)) as the form sends them."""
    saved = selectors.saved_values(submission)
    try:
        return all(
            saved.get(key, (None, "")) == (rules.parse_value(raw), (note or "").strip())
            for key, (raw, note) in values.items()
        )
    except ValueError:
        return False


def _row_change(indicator, change):
    label = f"{indicator.row}. {indicator.label}"
    if change.field == "value":
        return FieldChange(field=change.field, label=label, old=_figure(change.old), new=_figure(change.new))
    return FieldChange(field=change.field, label=f"{label} — {change.label}", old=change.old, new=change.new)


def _figure(text):
    """A stored figure as the history shows it ("130,500"), without the zeros its three decimals add ("130,5")."""
    return re.sub(r",?0+$", "", text) if re.fullmatch(r"-?[\d.]+,\d+", text) else text


class SubmissionView(ReportingMixin, View):
    """A Biểu 02 (``kind="cluster"``) or 03 (``kind="commune"``) of a period: the table to fill in while it is
    open to its reporter; otherwise read-only, with its history and, for coordinators, accept or return."""

    kind = "cluster"
    template_name = "reporting/submission.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.indicators_cache = None

    def indicators(self, submission):
        if self.indicators_cache is None:
            self.indicators_cache = list(submission.form.indicators.order_by("order"))
        return self.indicators_cache

    def can_edit(self, submission):
        return submission.is_open and scoping.can(self.request.user, "submission.edit", submission)

    def receives_paper(self, submission):
        """Whether the user may record this report as received on paper (a coordinator, while it is open)."""
        return submission.is_open and scoping.can(self.request.user, "submission.decide", submission)

    def entry_form(self, submission, data=None, files=None):
        saved = selectors.saved_values(submission)
        form_class = PaperReceiptForm if self.receives_paper(submission) else SubmissionForm
        return form_class(
            data,
            files,
            indicators=self.indicators(submission),
            values=selectors.initial_values(submission),
            notes={key: note for key, (_value, note) in saved.items()},
            submission=submission,
        )

    def render_page(self, submission, *, form=None, upload=None, upload_errors=(), return_form=None):
        user = self.request.user
        can_edit = self.can_edit(submission)
        if can_edit and form is None:
            form = self.entry_form(submission)
        rows = []
        if not can_edit:
            saved = selectors.saved_values(submission)
            for indicator, starts in sectioned(self.indicators(submission)):
                value, note = saved.get(indicator.key, (None, ""))
                rows.append((indicator, shown(value) or "—", note, starts))
        can_decide = submission.state == State.SUBMITTED and scoping.can(user, "submission.decide", submission)
        context = {
            "submission": submission,
            "period": submission.period,
            "report_form": submission.form,
            "subject": submission.subject,
            "due_on": submission.due_on,
            "days_late": obligations.days_late(submission.due_on, submission.state),
            "days_sent_late": obligations.days_sent_late(submission.due_on, submission.state, submission.submitted_at),
            "can_edit": can_edit,
            "form": form,
            "receives_paper": can_edit and isinstance(form, PaperReceiptForm),
            "rows": rows,
            "upload": upload or (UploadForm(initial={"version": submission.version}) if can_edit else None),
            "upload_errors": upload_errors,
            "can_decide": can_decide,
            "return_form": return_form or (ReturnForm(initial={"version": submission.version}) if can_decide else None),
            "accept_form": AcceptForm(initial={"version": submission.version}) if can_decide else None,
            "decision_refusal": None if can_decide else self.decision_refusal(submission),
            "events": _history(submission),
            "xlsx_url": submission_url(submission, "xlsx"),
            "upload_url": submission_url(submission, "upload"),
            "page_url": submission_url(submission),
        }
        return render(self.request, self.template_name, context)

    def decision_refusal(self, submission):
        """Why a coordinator sees no accept/return buttons on a sent report (their own, four eyes)."""
        if submission.state != State.SUBMITTED or not scoping.is_coordinator(self.request.user):
            return None
        return scoping.refusal(self.request.user, "submission.decide", submission)

    def get(self, request, period, pk):
        return self.render_page(_subject(request, period, self.kind, pk))

    def post(self, request, period, pk):
        submission = _subject(request, period, self.kind, pk)
        scoping.require(request.user, "submission.edit", submission)
        if not submission.is_open:
            return self.closed(submission)
        form = self.entry_form(submission, request.POST, request.FILES)
        valid = form.is_valid()
        action = form.cleaned_data.get("action")
        if action == PAPER_ACTION:
            scoping.require(request.user, "submission.decide", submission)  # a coordinator records a paper report
        if valid:
            submit = action == "submit"
            paper = action == PAPER_ACTION and isinstance(form, PaperReceiptForm)
            write = services.submission_receive_paper if paper else services.submission_save
            extra = form.paper() if paper else {"submit": submit}
            try:
                saved = write(
                    actor=request.user,
                    period=submission.period,
                    form=submission.form,
                    cluster=submission.cluster if submission.cluster_id else None,
                    commune=None if submission.cluster_id else submission.commune,
                    values=form.values(),
                    signer_name=form.cleaned_data["signer_name"],
                    signer_title=form.cleaned_data["signer_title"],
                    version=form.cleaned_data["version"],
                    **extra,
                )
            except StateConflict as error:
                messages.warning(request, error.text)
                return redirect(submission_url(submission))
            except ValidationError as error:
                apply_service_errors(form, error, form.error_aliases())
            except StaleVersionError as error:
                # A second click of the same send or save finds the first one done: say so, not "changed by you".
                current = Submission.objects.get(pk=error.instance.pk)
                if (submit or paper) and current.state in Submission.SENT_STATES:
                    messages.info(request, _("Báo cáo đã được gửi."))
                    return redirect(submission_url(current))
                if not (submit or paper) and current.is_open and _holds(current, form.values()):
                    messages.success(request, self.saved_message(current, submit))
                    return redirect(submission_url(current))
                form.add_error(None, error.message)
            else:
                if paper:
                    messages.success(
                        request, _("Đã nhận bản giấy và tiếp nhận %(submission)s.") % {"submission": saved}
                    )
                else:
                    messages.success(request, self.saved_message(saved, submit))
                return redirect(submission_url(saved))
        return self.render_page(submission, form=form)

    def closed(self, submission):
        """A sent or accepted report, posted to again (a second click, an old tab): shown as it stands."""
        messages.warning(
            self.request,
            _("Báo cáo đang ở trạng thái “%(state)s”: không sửa được nữa.") % {"state": submission.get_state_display()},
        )
        return redirect(submission_url(submission))

    @staticmethod
    def saved_message(submission, submit):
        if submit:
            return _("Đã gửi %(submission)s. Sở Công Thương sẽ tiếp nhận hoặc trả lại kèm lý do.") % {
                "submission": submission
            }
        return _("Đã lưu nháp. Khi đủ số liệu, hãy bấm “Gửi báo cáo”.")


class SubmissionWorkbookView(ReportingMixin, View):
    """The form as .xlsx in its layout, pre-filled as the page is."""

    kind = "cluster"

    def get(self, request, period, pk):
        submission = _subject(request, period, self.kind, pk)
        indicators = list(submission.form.indicators.order_by("order"))
        notes = {key: note for key, (_value, note) in selectors.saved_values(submission).items()}
        content = workbooks.workbook_bytes(submission, indicators, selectors.initial_values(submission), notes)
        subject = submission.cluster.code if submission.cluster_id else submission.commune.code
        name = f"bieu-{submission.form.code}-{subject}-{submission.period.year}-{submission.period.kind}.xlsx"
        response = HttpResponse(content, content_type=XLSX_TYPE)
        response["Content-Disposition"] = content_disposition(name)
        response["Cache-Control"] = "private, no-store"
        return response


class SubmissionUploadView(SubmissionView):
    """An .xlsx of the form, all or nothing: saved as a draft (the reporter then sends it), or every problem
    listed by its Excel row and nothing saved."""

    def get(self, request, period, pk):
        return redirect(submission_url(_subject(request, period, self.kind, pk)))

    def post(self, request, period, pk):
        submission = _subject(request, period, self.kind, pk)
        scoping.require(request.user, "submission.edit", submission)
        if not submission.is_open:
            return self.closed(submission)
        upload = UploadForm(request.POST, request.FILES)
        if not upload.is_valid():
            return self.render_page(submission, upload=upload)
        indicators = self.indicators(submission)
        try:
            reading = workbooks.read(upload.cleaned_data["workbook"], submission.form, indicators)
        except ValidationError as error:
            return self.render_page(submission, upload=upload, upload_errors=error.messages)
        if reading.errors:
            return self.render_page(submission, upload=upload, upload_errors=reading.errors)
        try:
            services.submission_save(
                actor=request.user,
                period=submission.period,
                form=submission.form,
                cluster=submission.cluster if submission.cluster_id else None,
                commune=None if submission.cluster_id else submission.commune,
                values=reading.values,
                version=upload.cleaned_data["version"],
            )
        except StateConflict as error:
            messages.warning(request, error.text)
            return redirect(submission_url(submission))
        except ValidationError as error:
            lines = workbooks.service_errors_by_row(error, reading, indicators)
            return self.render_page(submission, upload=upload, upload_errors=lines)
        except StaleVersionError as error:
            return self.render_page(submission, upload=upload, upload_errors=[error.message])
        messages.success(
            request, _("Đã nhận tệp Excel và lưu thành bản nháp. Hãy kiểm tra số liệu rồi bấm “Gửi báo cáo”.")
        )
        return redirect(submission_url(submission))


class SubmissionDecisionView(SubmissionView):
    """A coordinator accepts (``action="accept"``) or returns (``"return"``, with a reason) a sent report."""

    action = "accept"
    http_method_names = ["post", "options"]

    def post(self, request, pk):
        submission = get_object_or_404(Submission.objects.visible_to(request.user), pk=pk)
        scoping.require(request.user, "submission.decide", submission)
        form = (AcceptForm if self.action == "accept" else ReturnForm)(request.POST)
        if not form.is_valid():  # what reaches the service is what the form cleaned (a NUL byte, a bad version)
            if self.action == "return":
                return self.render_page(submission, return_form=form)
            messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
            return redirect(submission_url(submission))
        version = form.cleaned_data.get("version")
        try:
            if self.action == "accept":
                decided = services.submission_accept(actor=request.user, submission=submission, version=version)
                messages.success(request, _("Đã tiếp nhận báo cáo; số liệu đã vào sổ đăng ký."))
            else:
                decided = services.submission_return(
                    actor=request.user, submission=submission, reason=form.cleaned_data["reason"], version=version
                )
                messages.success(request, _("Đã trả lại báo cáo kèm lý do cho đơn vị báo cáo."))
        except StateConflict as error:
            messages.warning(request, error.text)
        except StaleVersionError as error:
            messages.warning(request, error.message)
        except ValidationError as error:
            if self.action == "accept":
                messages.error(request, " ".join(error.messages))
            else:
                apply_service_errors(form, error)
                return self.render_page(submission, return_form=form)
        else:
            return redirect(submission_url(decided))
        return redirect(submission_url(submission))


class PaperScanView(ReportingMixin, View):
    """The scanned letter of a report received on paper leaves the server only here, to users who may see the
    report."""

    def get(self, request, pk):
        submission = get_object_or_404(
            Submission.objects.visible_to(request.user).filter(received_on_paper=True).exclude(paper_scan=""), pk=pk
        )
        return file_download(submission.paper_scan, submission.paper_scan_name, submission.paper_scan_type)


class SubmissionRedirectView(ReportingMixin, View):
    """A submission by its id (as a Biểu 04 figure's sources name it): off to its page, if the user may see it."""

    def get(self, request, pk):
        submission = get_object_or_404(
            Submission.objects.visible_to(request.user).select_related("period", "form"), pk=pk
        )
        return redirect(submission_url(submission))


# --- the Department's tracker ------------------------------------------------------------------------------


class TrackerView(ReportingMixin, TemplateView):
    """Every report the period expects, with its state, lateness and reminders; filtered by state and form."""

    permission = "reporting.track"
    template_name = "reporting/tracker.html"

    def get_context_data(self, period, **kwargs):
        period = get_object_or_404(ReportingPeriod, pk=period)
        forms = _collected_forms()
        today = local_today()
        rows = obligations.of_period(period, today=today)
        counts = dict.fromkeys(State.values, 0)
        for row in rows:
            counts[row.state] += 1
        filters = TrackerFilterForm(self.request.GET or None, codes=sorted(forms))
        shown = rows
        if filters.is_valid():
            state, code = filters.cleaned_data["state"], filters.cleaned_data["form"]
            shown = [row for row in rows if (not state or row.state == state) and (not code or row.form.code == code)]
        return super().get_context_data(
            period=period,
            rows=shown,
            total=len(rows),
            late=sum(1 for row in rows if row.days_late),
            counts=[(state, State(state).label, counts[state]) for state in State.values],
            filter_form=filters,
            today=today,
            # The follow-up letter to a commune whose reports were escalated (``reporting.letters``): coordinators.
            can_write_letters=scoping.is_coordinator(self.request.user),
            **kwargs,
        )
