"""What a reader of a PDF the system made notices: every font embedded (Times New Roman's stand-in, Liberation
Serif, travels with the file) and the Vietnamese text with its diacritics, as poppler reads them."""

import os
import shutil
import subprocess

import pytest


def need_pdf_tools():
    # `make test` installs LibreOffice and poppler-utils (Debian's packages); under CI a missing one fails.
    if not (shutil.which("soffice") and shutil.which("pdffonts") and shutil.which("pdftotext")):
        if os.environ.get("CI") == "true":
            pytest.fail(
                "LibreOffice (soffice) and poppler-utils (pdffonts, pdftotext) are needed: make test installs them"
            )
        pytest.skip("needs LibreOffice and poppler-utils: `make browser` installs them")


def fonts_and_text(pdf, tmp_path):
    """(the fonts as rows of pdffonts: name first, then the emb column at ``[-5]``, the text of the PDF)."""
    need_pdf_tools()
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    # After the two heading lines: name, type (one or more words), encoding, emb, sub, uni, object number, generation.
    fonts = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return fonts, text


def assert_fonts_embedded(fonts):
    assert fonts, "the PDF names no font"
    assert all(row[-5] == "yes" for row in fonts), fonts
    assert any("LiberationSerif" in row[0] for row in fonts), fonts  # Times New Roman's metric-compatible stand-in
