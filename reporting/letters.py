"""The follow-up letter (công văn đôn đốc) to a commune's People's Committee listing the Circular 14 reports of a
period that are escalated in its area (its Biểu 03 and its clusters' Biểu 02): the .docx, in the administrative
layout of Decree 30/2020/NĐ-CP like the task letters (``notifications.letters``), and the page that downloads it.

Number and date are left as dots to fill in by hand before signing; each listed report's history already
records its reminders and its escalation.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from accounts.mixins import PermissionRequiredMixin
from agencies.models import Agency
from core.dates import local_today
from core.documents import as_bytes, grid_table, header, new_document, paragraph, set_font, signature
from core.pdf import pdf_download
from department import letterhead as department_letterhead
from department.models import Capacity
from places.models import Commune

from . import obligations
from .models import ReportingPeriod
from .obligations import subject_label
from .reminders import escalated_in_commune

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# 16.5 cm, the text width; a date (12 pt) and "STT" each fit on one line.
TABLE_WIDTHS = [Cm(1.2), Cm(5.0), Cm(3.8), Cm(2.5), Cm(1.8), Cm(2.2)]


def committee_name(commune):
    """The commune's People's Committee as the register knows it, else as the law names it."""
    agency = Agency.objects.filter(kind=Agency.Kind.COMMUNE_COMMITTEE, commune=commune).order_by("code").first()
    return agency.name if agency is not None else _("UBND %(commune)s") % {"commune": _commune_in_words(commune)}


def committee_full_name(commune):
    """ "Ủy ban nhân dân phường Chương Mỹ": the committee in full, as "Kính gửi" writes it (Decree 30)."""
    return _("Ủy ban nhân dân %(commune)s") % {"commune": _commune_in_words(commune)}


def _commune_in_words(commune):
    return " ".join(part for part in (str(commune.get_kind_display()).lower(), commune.name) if part)


def _reporter(submission):
    if submission.cluster_id:
        return submission.cluster.investor_name or str(submission.cluster.investor or "")
    return committee_name(submission.commune)


def _rows(submissions, today):
    rows = []
    for number, submission in enumerate(submissions, start=1):
        subject = _("Biểu %(form)s — %(subject)s") % {
            "form": submission.form.code,
            "subject": subject_label(submission.cluster, None if submission.cluster_id else submission.commune),
        }
        rows.append(
            [
                number,
                subject,
                _reporter(submission),
                f"{submission.due_on:%d/%m/%Y}",
                submission.reminders_sent,
                obligations.days_late(submission.due_on, submission.state, today),
            ]
        )
    return rows


def render_docx(period, commune, submissions, *, today=None, signer=None):
    """The letter as .docx bytes, signed by ``signer`` (a ``department.letterhead.Signer``; None: the head's title
    with the name written in by hand)."""
    today = today or local_today()
    recipient = committee_full_name(commune)
    phrase = period.label
    letterhead = department_letterhead.current()
    signer = signer or department_letterhead.signer_of(None, letterhead=letterhead)
    document = new_document()
    header(
        document,
        letterhead=letterhead,
        number=department_letterhead.number_placeholder(letterhead),
        day=None,
        summary=_("V/v đôn đốc gửi báo cáo định kỳ %(period)s về cụm công nghiệp") % {"period": phrase},
    )
    paragraph(document, "")
    kinh_gui = paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    set_font(kinh_gui.add_run(_("Kính gửi: ")), size=14)
    set_font(kinh_gui.add_run(recipient), size=14)
    justify = {"size": 14, "align": WD_ALIGN_PARAGRAPH.JUSTIFY, "indent": True, "space_after": 6}
    paragraph(
        document,
        _(
            "Thực hiện Thông tư số 14/2024/TT-BCT của Bộ trưởng Bộ Công Thương quy định chế độ báo cáo định kỳ về cụm "
            "công nghiệp (được sửa đổi, bổ sung bởi Thông tư số 38/2025/TT-BCT), %(sender)s đã nhiều lần nhắc hạn "
            "qua hệ thống. Đến ngày %(date)s, các báo cáo định kỳ %(period)s sau đây trên địa bàn vẫn chưa được gửi:"
        )
        % {"sender": letterhead.name, "date": f"{today:%d/%m/%Y}", "period": phrase},
        **justify,
    )
    titles = [_("STT"), _("Báo cáo"), _("Đơn vị báo cáo"), _("Hạn nộp"), _("Số lần đã nhắc"), _("Số ngày quá hạn")]
    grid_table(document, titles, _rows(submissions, today), TABLE_WIDTHS, left=(1, 2))
    paragraph(document, "")
    paragraph(
        document,
        _(
            "%(sender)s đề nghị %(recipient)s khẩn trương lập, gửi báo cáo của địa phương và đôn đốc các chủ đầu tư "
            "hạ tầng cụm công nghiệp trên địa bàn gửi báo cáo trên hệ thống, để %(sender)s tổng hợp báo cáo "
            "%(governing_body)s và Bộ Công Thương đúng thời hạn./."
        )
        % {
            "sender": letterhead.running_name,
            "recipient": recipient,
            "governing_body": letterhead.governing_body_name,
        },
        **justify,
    )
    signature(
        document,
        recipients=department_letterhead.recipients_for(signer, letterhead),
        lines=signer.lines,
        signer=signer.name,
    )
    return as_bytes(document)


def filename(period, commune):
    return f"cong-van-don-doc-bao-cao-{period.year}-{period.kind}-{commune.code}.docx"


def chosen_signer(params):
    """The signer chosen by ``?signatory=<id>&capacity=kt`` (the link's small form), else the head's title with room
    for a name written by hand."""
    signatory = department_letterhead.active_signatories().filter(pk=_int(params.get("signatory"))).first()
    capacity = params.get("capacity") if params.get("capacity") in Capacity.values else ""
    return department_letterhead.signer_of(signatory, capacity)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class FollowUpLetterView(PermissionRequiredMixin, View):
    """GET: the letter to the commune of the period's escalated reports in its area (coordinators); 404 when
    there is none."""

    permission = "letter.create"
    extension = "docx"  # or "pdf": the same letter, converted (core.pdf)

    def get(self, request, pk, commune_pk):
        period = get_object_or_404(ReportingPeriod, pk=pk)
        commune = get_object_or_404(Commune, pk=commune_pk)
        submissions = list(escalated_in_commune(period, commune).select_related("cluster__investor"))
        if not submissions:
            raise Http404(_("Không có báo cáo nào của xã, phường này đã chuyển đôn đốc trong kỳ."))
        signer = chosen_signer(request.GET)
        content = render_docx(period, commune, submissions, signer=signer)
        if self.extension == "pdf":
            back = reverse("reporting:tracker", args=[period.pk])
            return pdf_download(request, content, filename(period, commune), back)
        response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, filename(period, commune))
        return response
