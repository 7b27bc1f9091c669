"""The building blocks of the Department's .docx documents in the administrative layout of Decree 30/2020/NĐ-CP
(Appendix I): the page, the fonts, paragraphs, table cells, fixed-width tables, the header with the governing and
issuing bodies beside the national motto, and the signature block. The follow-up letters (``notifications.letters``,
``reporting.letters``), the plan report (``plan_reports.documents``) and Biểu 04 (``reporting.documents``) are
written with them.

The names printed are data, not code: the header and the date line take the Department's letterhead
(``department.letterhead.current()``, passed in by the caller, since this lowest layer does not import the
Department), and the signature block takes the capacity and title lines and the name of the person who signs.
"""

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FONT = "Times New Roman"

HEADER_WIDTHS = [Cm(6.3), Cm(10.2)]
SIGNATURE_WIDTHS = [Cm(8.25), Cm(8.25)]


def place_and_date(place, day):
    """ "Bắc Ninh, ngày 05 tháng 02 năm 2026" for ``place`` "Bắc Ninh": days below 10 and months below 3 take a leading
    zero (Decree 30). Without a day, dots to fill in by hand."""
    if day is None:
        return _("%(place)s, ngày …… tháng …… năm 20……") % {"place": place}
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _("%(place)s, ngày %(day)s tháng %(month)s năm %(year)s") % {
        "place": place,
        "day": f"{day.day:02d}",
        "month": month,
        "year": day.year,
    }


def new_document():
    """An A4 document with Decree 30's margins (top and bottom 2 cm, left 3 cm, right 1.5 cm), Times New Roman 13."""
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(13)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return document


def as_bytes(document):
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def set_font(run, *, size=13, bold=False, italic=False):
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return run


def paragraph(container, text="", *, size=13, bold=False, italic=False, align=None, indent=False, space_after=0):
    result = container.add_paragraph()
    if text:
        set_font(result.add_run(text), size=size, bold=bold, italic=italic)
    if align is not None:
        result.alignment = align
    result.paragraph_format.space_after = Pt(space_after)
    if indent:
        result.paragraph_format.first_line_indent = Cm(1.27)
    return result


def cell_text(cell, text, *, size=13, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER):
    """``text`` in ``cell``, a paragraph a line, with no space after them: lines of a cell (the governing body
    over the issuing body, "KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC") sit one under the other, as in Decree 30."""
    result = cell.paragraphs[0]
    for index, part in enumerate(text.split("\n")):
        if index:
            result = cell.add_paragraph()
        result.alignment = align
        result.paragraph_format.space_after = Pt(0)
        set_font(result.add_run(part), size=size, bold=bold, italic=italic)
    return result


def fixed_table(document, rows, widths):
    """A table whose grid columns have exactly the cell widths, with a fixed layout and width.

    python-docx writes equal grid columns; Word follows the cell widths, LibreOffice the grid, so the two laid the
    same letter out differently (and the national motto wrapped). With the grid, the cells and the table width
    agreeing and the layout fixed, both lay it out alike. The widths add up to the text width, 16.5 cm.
    """
    table = document.add_table(rows=rows, cols=len(widths))
    table.autofit = False  # w:tblLayout w:type="fixed"
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # w:gridCol w:w
    table_width = table._tbl.tblPr.find(qn("w:tblW"))  # python-docx writes one, "auto"
    table_width.set(qn("w:type"), "dxa")
    table_width.set(qn("w:w"), str(sum(width.twips for width in widths)))
    for row in table.rows:
        set_widths(row.cells, widths)
    return table


def set_widths(cells, widths):
    for cell, width in zip(cells, widths, strict=True):
        cell.width = width


def grid_table(document, titles, rows, widths, *, size=12, left=(1,)):
    """A bordered table of ``titles`` and ``rows`` (lists of text) in fixed ``widths``; columns in ``left`` are
    aligned left, the others centred."""
    table = fixed_table(document, 1, widths)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    repeat_as_header(table.rows[0])
    for cell, title in zip(table.rows[0].cells, titles, strict=True):
        cell_text(cell, title, size=size, bold=True)
    for row in rows:
        added = keep_row_together(table.add_row())
        cells = added.cells
        set_widths(cells, widths)
        for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if index in left else WD_ALIGN_PARAGRAPH.CENTER
            cell_text(cell, str(text), size=size, align=align)
    return table


def keep_row_together(row):
    """A row is not split across two pages (a task's title and its code stay with its deadline)."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    return row


def repeat_as_header(row):
    """The titles row of a table printed again at the top of each page the table runs onto."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    return row


def header(document, *, letterhead, number, day, summary):
    """The header of Decree 30: the governing body over the issuing body, its number and, for a công văn, the
    "V/v" summary (left); the national motto and the place and date (right). ``letterhead`` gives the names
    (``governing_body``, ``header_name``, ``place_name``: a ``department.letterhead.Letterhead``)."""
    table = fixed_table(document, 1, HEADER_WIDTHS)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    cell_text(left, letterhead.governing_body, size=12)
    issuing = paragraph(left, align=WD_ALIGN_PARAGRAPH.CENTER)
    set_font(issuing.add_run(letterhead.header_name), size=12, bold=True)
    paragraph(left, "————", size=11, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(left, _("Số: %(number)s") % {"number": number}, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    if summary:
        paragraph(left, summary, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    cell_text(right, _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), size=12, bold=True)
    paragraph(right, _("Độc lập - Tự do - Hạnh phúc"), size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(right, "———————————", size=11, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(right, place_and_date(letterhead.place_name, day), size=13, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    return table


def keep_with_next(paragraph):
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def signature(document, *, recipients, lines, signer=""):
    """ "Nơi nhận" (left) and the signature block (right): the capacity and title ``lines`` ("KT. GIÁM ĐỐC",
    "PHÓ GIÁM ĐỐC"), room for the signature and the seal, and the signer's name when known.

    The block never starts a page on its own: its row may not split, every paragraph in it keeps with the next,
    and so does the last paragraph of the body before it, so LibreOffice and Word move the closing words, the
    signature and the name to the next page together."""
    body = document.paragraphs
    if body:
        keep_with_next(body[-1])
    table = fixed_table(document, 1, SIGNATURE_WIDTHS)
    row = keep_row_together(table.rows[0])
    left, right = row.cells
    cell_text(left, _("Nơi nhận:"), size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in recipients:
        paragraph(left, line, size=11)
    cell_text(right, "\n".join(lines), size=13, bold=True)
    for _line in range(4):  # room for the signature and the seal
        paragraph(right, "", size=13)
    paragraph(right, signer, size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for cell in row.cells:
        for inner in cell.paragraphs:
            keep_with_next(inner)
    return table


def draft_mark(document):
    """ "DỰ THẢO" at the top of every page (in the page header, so the body lays out as it will print): a draft
    printed or sent round for comments is not taken for the signed document."""
    page_header = document.sections[0].header
    page_header.is_linked_to_previous = False
    mark = page_header.paragraphs[0]
    mark.alignment = WD_ALIGN_PARAGRAPH.LEFT
    set_font(mark.add_run(_("DỰ THẢO")), size=13, bold=True)
    return mark


def written_text(document, text, *, size=14):
    """Text written in a page's box as paragraphs of the document: a blank line separates paragraphs, and a line
    starting with "- " is a list item (printed with its dash, indented like the body). Returns the paragraphs."""
    written = []
    for block in _blocks(text):
        kind, content = block
        result = paragraph(
            document,
            content if kind == "p" else f"- {content}",
            size=size,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            indent=True,
            space_after=6,
        )
        written.append(result)
    return written


def _blocks(text):
    """("p", paragraph) and ("li", item) in order: the lines of a paragraph are joined by a space."""
    blocks, lines = [], []

    def close():
        if lines:
            blocks.append(("p", " ".join(lines)))
            lines.clear()

    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            close()
        elif line.startswith("- ") or line == "-":
            close()
            if line[2:].strip():
                blocks.append(("li", line[2:].strip()))
        else:
            lines.append(line)
    close()
    return blocks
