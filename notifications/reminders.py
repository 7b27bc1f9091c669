"""The reminder run: build every digest for a day, then claim, send and record each message once.

One message per recipient address and kind of digest per day, keyed by ReminderDelivery's unique
(run_date, kind, recipient). Each message goes through three steps:

1. **claim**: insert its ReminderDelivery row (``sent_at`` empty), committed before anything is sent.
   If the row already exists the message is skipped: it was sent (``sent_at`` set), or another run
   holds it, or an earlier run died while sending it.
2. **send**: one EmailMultiAlternatives (plain text and HTML).
3. **mark**: set ``sent_at``.

A send that raises (SMTP refused, connection lost) releases its claim, so a re-run sends exactly the
messages that did not go; the run carries on with the others and ends in error so cron notices. A run
killed between claim and mark leaves a claim without ``sent_at`` ("chưa xác nhận"). No running process
holds a claim older than ``UNCONFIRMED_GRACE`` (a run sends a message in seconds), so the next run
releases such claims and sends them: a digest is never lost, at the price of a rare duplicate when the run
died after the mail left and before it was marked. A run that leaves a claim unconfirmed (a younger one,
held by a run still sending or just killed) ends in error too, so cron and systemd alert and the next run
recovers it. ``--retry-unconfirmed`` releases every unconfirmed claim of the day at once, once someone has
checked the outbox.

The bell notifications "deadline approaching" are created first, in one transaction, idempotently
(see ``events.deadline_approaching``).

The same run reminds the reporters of the Circular 14 cycle (investors, commune People's Committees) of the
reports they owe (``reporting.reminders``): one message per address and day, claimed like the digests, then
each report it reached counts a reminder (and may be escalated) through ``reporting.services.submission_remind``.
This goes first, so that the coordinators' digest of the same run lists the reports escalated today. Reporters
receive no task digest and no bell: they have no tasks.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from agencies.models import Membership
from core.text import display_name
from department import letterhead
from reporting import reminders as reporting_reminders
from reporting import services as reporting_services
from tasks.models import local_today

from . import digests, events
from .models import ReminderDelivery

logger = logging.getLogger(__name__)

Kind = ReminderDelivery.Kind
SUBJECT_MAX_LENGTH = ReminderDelivery._meta.get_field("subject").max_length
# An unconfirmed claim younger than this may belong to a run still sending: --retry-unconfirmed leaves it.
UNCONFIRMED_GRACE = datetime.timedelta(minutes=15)


@dataclass
class Outgoing:
    """One digest for one address, rendered and ready to claim and send."""

    kind: str
    recipient: str
    subject: str
    text: str
    html: str
    task_ids: list
    user: object = None
    agency: object = None
    obligations: list = field(default_factory=list)  # a reporting reminder's reports (reporting.reminders)

    def email(self, connection=None):
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.text,
            from_email=letterhead.sender(),
            to=[self.recipient],
            connection=connection,
        )
        message.attach_alternative(self.html, "text/html")
        return message


@dataclass
class RunReport:
    """What a run did, for the command's output and the tests."""

    run_date: datetime.date
    dry_run: bool = False
    planned: list = field(default_factory=list)
    sent: list = field(default_factory=list)
    already_sent: list = field(default_factory=list)
    unconfirmed: list = field(default_factory=list)
    failed: list = field(default_factory=list)  # (Outgoing, exception)
    shared_addresses: list = field(default_factory=list)  # (Outgoing not sent, agency already served)
    notifications_created: int = 0
    released_claims: int = 0
    reports_reminded: list = field(default_factory=list)  # submissions whose reminder was counted
    unreachable: list = field(default_factory=list)  # reports owed whose reporters have no address


def _normalise(address):
    return (address or "").strip().lower()


def _clip(subject):
    return subject if len(subject) <= SUBJECT_MAX_LENGTH else subject[: SUBJECT_MAX_LENGTH - 1] + "…"


def _render(template, context):
    # Emails are rendered outside a request: the Department's names come in here, as the pages' context gives them.
    context = {"department": letterhead.current(), **context}
    return (
        render_to_string(f"email/{template}.txt", context).strip() + "\n",
        render_to_string(f"email/{template}.html", context),
    )


def _agency_subject(agency, today, content):
    counts = [
        (len(content["overdue"]), "quá hạn"),
        (len(content["due_today"]), "đến hạn hôm nay"),
        (len(content["upcoming"]), "sắp đến hạn"),
        (len(content["no_deadline"]), "chưa có thời hạn"),
    ]
    summary = ", ".join(f"{n} nhiệm vụ {label}" for n, label in counts if n)
    return _clip(f"[Nhắc hạn {today:%d/%m/%Y}] {agency}: {summary}")


def agency_messages(today, buckets, memberships_by_agency):
    """One digest per address of each agency: its contact address and its members who want digests.

    Returns (messages, shared): an address that already receives another agency's digest today is
    not sent a second one (one agency digest per address per day), and is reported.
    """
    messages, shared, served = [], [], {}
    preferences_url = digests.preferences_url()
    for bucket in buckets:
        agency = bucket.agency
        readers = []
        if agency.email:
            # The agency's contact address cannot opt out and reads with the default windows.
            readers.append((agency.email, None, digests.default_windows(), str(agency.name)))
        for membership in memberships_by_agency.get(agency.pk, []):
            user = membership.user
            if user.email and digests.wants_digests(user):
                readers.append((user.email, user, digests.windows_of(user), display_name(user)))
        for address, user, windows, name in readers:
            content = bucket.for_windows(windows)
            if not any(content.values()):
                continue  # no empty digests
            lines = [line for group in content.values() for line in group]
            text, html = _render(
                "agency_digest",
                {
                    "agency": agency,
                    "today": today,
                    "reader_name": name,
                    "is_contact_address": user is None,
                    "windows": ", ".join(str(days) for days in windows),
                    "preferences_url": preferences_url,
                    "site_url": settings.SITE_URL,
                    **digests.section_context(),
                    "more": digests.agency_section_urls(agency, today, windows),
                    **content,
                },
            )
            outgoing = Outgoing(
                kind=Kind.AGENCY_DIGEST,
                recipient=_normalise(address),
                subject=_agency_subject(agency, today, content),
                text=text,
                html=html,
                task_ids=sorted({line.task.pk for line in lines}),
                user=user,
                agency=agency,
            )
            if outgoing.recipient in served:
                if served[outgoing.recipient] != agency:
                    shared.append((outgoing, served[outgoing.recipient]))
                continue
            served[outgoing.recipient] = agency
            messages.append(outgoing)
    return messages, shared


def coordinator_messages(today):
    """The city-wide digest, to each coordinator who wants digests; none when there is nothing to say."""
    coordinators = [
        m
        for m in digests.active_memberships(role=Membership.Role.COORDINATOR)
        if m.user.email and digests.wants_digests(m.user)
    ]
    if not coordinators:
        return []
    overview = digests.city_overview(today)
    if overview.is_empty:
        return []
    counts = [
        (len(overview.overdue), "nhiệm vụ quá hạn"),
        (len(overview.pending_extensions), "đề nghị gia hạn chờ xử lý"),
        (len(overview.awaiting_acceptance), "báo cáo hoàn thành chờ xác nhận"),
        (len(overview.no_deadline), "nhiệm vụ chưa có thời hạn"),
        (len(overview.late_reports), "báo cáo định kỳ quá hạn"),
    ]
    summary = ", ".join(f"{n} {label}" for n, label in counts if n)
    subject = _clip(f"[Tổng hợp {today:%d/%m/%Y}] {summary}")
    messages, seen = [], set()
    for membership in coordinators:
        address = _normalise(membership.user.email)
        if address in seen:
            continue
        seen.add(address)
        text, html = _render(
            "coordinator_digest",
            {
                "overview": overview,
                "today": today,
                "reader_name": display_name(membership.user),
                "preferences_url": digests.preferences_url(),
                "site_url": settings.SITE_URL,
                **digests.section_context(),
                "more": {**digests.city_section_urls(), "late_reports": digests.reporting_url()},
            },
        )
        messages.append(
            Outgoing(
                kind=Kind.COORDINATOR_DIGEST,
                recipient=address,
                subject=subject,
                text=text,
                html=html,
                task_ids=overview.task_ids,
                user=membership.user,
                agency=membership.agency,
            )
        )
    return messages


def reporting_messages(today, report):
    """One reminder per reporter's address listing the Circular 14 reports they owe and were not reminded of
    today; the reports nobody can be written to about go to ``report.unreachable``."""
    owed = [obligation for obligation in reporting_reminders.to_remind(today) if not obligation.reminded_today]
    readers = reporting_reminders.reporters(owed)
    by_address = {}
    for obligation in owed:
        addresses = {_normalise(m.user.email): m for m in readers[id(obligation)] if m.user.email}
        if not addresses:
            report.unreachable.append(obligation)
        for address, membership in addresses.items():
            by_address.setdefault(address, (membership, []))[1].append(obligation)
    messages = []
    for address, (membership, listed) in sorted(by_address.items()):
        late = sum(1 for obligation in listed if obligation.days_late)
        summary = f"{len(listed)} báo cáo" + (f", {late} báo cáo quá hạn" if late else "")
        text, html = _render(
            "reporting_reminder",
            {
                "obligations": listed,
                "today": today,
                "reader_name": display_name(membership.user),
                "agency": membership.agency,
                "reporting_url": digests.reporting_url(),
                "site_url": settings.SITE_URL,
            },
        )
        messages.append(
            Outgoing(
                kind=Kind.REPORTING_REMINDER,
                recipient=address,
                subject=_clip(f"[Nhắc hạn báo cáo định kỳ {today:%d/%m/%Y}] {membership.agency}: {summary}"),
                text=text,
                html=html,
                task_ids=[],
                user=membership.user,
                agency=membership.agency,
                obligations=listed,
            )
        )
    return messages


def count_reminders(today, report):
    """Count the day's reminder on each report a message about it reached (sent now, or earlier today by a run
    that died before counting); escalate the late ones (``reporting.services.submission_remind``)."""
    delivered = {id(o): o for outgoing in report.sent + report.already_sent for o in outgoing.obligations}
    for obligation in delivered.values():
        submission = reporting_services.submission_remind(
            period=obligation.period,
            form=obligation.form,
            cluster=obligation.cluster,
            commune=obligation.commune,
            today=today,
            escalate_after=reporting_reminders.escalate_after(),
        )
        if submission is not None:
            report.reports_reminded.append(submission)


def deadline_reminders(buckets, memberships_by_agency):
    """(user, task, days left) for each member's bell: due today or in one of their windows.

    Every active member hears it, digest or not, email or not: opting out concerns the email only.
    """
    reminders = []
    for bucket in buckets:
        for membership in memberships_by_agency.get(bucket.agency.pk, []):
            windows = digests.windows_of(membership.user)
            reminders.extend((membership.user, line.task, line.days) for line in bucket.approaching(windows))
    return reminders


# --- claim, send, mark -------------------------------------------------------------------------------


def _claim(outgoing, run_date):
    """The claim row, committed; None when this message is already claimed (sent or in flight)."""
    try:
        with transaction.atomic():
            return ReminderDelivery.objects.create(
                run_date=run_date,
                kind=outgoing.kind,
                recipient=outgoing.recipient,
                user=outgoing.user,
                agency=outgoing.agency,
                task_ids=outgoing.task_ids,
                subject=outgoing.subject,
            )
    except IntegrityError:
        return None


def _mark_sent(delivery):
    delivery.sent_at = timezone.now()
    delivery.save(update_fields=["sent_at"])


def _release(delivery):
    delivery.delete()


def _close_quietly(connection):
    try:
        connection.close()
    except Exception:  # a broken connection may fail to close; the next send opens a new one
        logger.debug("Closing the mail connection failed", exc_info=True)


def _deliver(messages, run_date, report):
    connection = get_connection()
    for outgoing in messages:
        delivery = _claim(outgoing, run_date)
        if delivery is None:
            existing = ReminderDelivery.objects.filter(
                run_date=run_date, kind=outgoing.kind, recipient=outgoing.recipient
            ).first()
            (report.already_sent if existing and existing.sent_at else report.unconfirmed).append(outgoing)
            continue
        try:
            if outgoing.email(connection).send() != 1:
                raise RuntimeError("the mail backend accepted no message")
        except Exception as exc:
            logger.exception("Reminder digest to %s was not sent", outgoing.recipient)
            _release(delivery)
            report.failed.append((outgoing, exc))
            _close_quietly(connection)
            continue
        _mark_sent(delivery)
        report.sent.append(outgoing)
    _close_quietly(connection)


def release_unconfirmed(run_date, *, now=None, grace=UNCONFIRMED_GRACE):
    """Release claims of ``run_date`` never marked sent and older than ``grace`` (no running process holds
    them any more)."""
    now = now or timezone.now()
    stale = ReminderDelivery.objects.filter(run_date=run_date, sent_at__isnull=True, created_at__lte=now - grace)
    count, _ = stale.delete()
    return count


def send_deadline_reminders(run_date=None, *, dry_run=False, retry_unconfirmed=False):
    """The whole run for ``run_date`` (default: today in Vietnam time, Asia/Ho_Chi_Minh). Returns a RunReport."""
    today = run_date or local_today()
    report = RunReport(run_date=today, dry_run=dry_run)
    with translation.override(settings.LANGUAGE_CODE):
        if not dry_run:
            reporting_services.ensure_periods(today.year)
        # The reporters' reminders go first: the reports they escalate are in today's coordinators' digest.
        reporting = reporting_messages(today, report)
        if not dry_run:
            # Claims a killed run left behind are recovered; --retry-unconfirmed also takes the younger ones.
            grace = datetime.timedelta(0) if retry_unconfirmed else UNCONFIRMED_GRACE
            report.released_claims = release_unconfirmed(today, grace=grace)
            _deliver(reporting, today, report)
            count_reminders(today, report)
        buckets = digests.agency_tasks(today)
        memberships_by_agency = {}
        for membership in digests.active_memberships({bucket.agency.pk for bucket in buckets}):
            memberships_by_agency.setdefault(membership.agency_id, []).append(membership)
        messages, report.shared_addresses = agency_messages(today, buckets, memberships_by_agency)
        messages += coordinator_messages(today)
        report.planned = reporting + messages
        if dry_run:
            return report
        with transaction.atomic():
            created = events.deadline_approaching(deadline_reminders(buckets, memberships_by_agency))
        report.notifications_created = len(created)
        _deliver(messages, today, report)
    return report
