"""No Hanoi in code: every page, email, document and API text that names the city, its Department or its figures
reads them from data (the ``department`` app, ``places``, the plan's own rows), so one installation serves any
province.

The scan reads every ``.py``, ``.html``, ``.txt``, ``.js`` and ``.css`` file of the repository (the apps,
``config/``, ``templates/``, ``scripts/``, ``manage.py``, ``requirements.txt``), plus the API contract
``config/openapi.yaml`` (generated from the code: what API clients read), and fails on any spelling a reviewer
would grep for: "Hà Nội", "HÀ NỘI", "Hanoi", "HANOI", "Ha Noi", "ha-noi", "hanoi.gov.vn"…; accents and case are
folded first, and a phrase split over two string literals (``"… giờ Hà "`` / ``"Nội …"``) still counts.

Left out, each because it is data or history, not code:
- ``tests/``: the tests load Hanoi's reference data and assert what it prints (this file names the city too);
- ``seed/``: Hanoi's plan, agencies and demo (``load_reference_data``, ``load_demo_data``) are the data;
- ``*/migrations/``: history, applied as written (an old help text, the figures moved out of the code);
- ``*/data/``: data files (the 34 provinces, the 2025 communes and their predecessors);
- ``docs/``: prose for people, which may tell Hanoi's story as an example.
Not the repository's own files either: hidden folders (``.venv``, ``.git``) and ``var/`` (the ignored working folder:
SQLite, collected static files, uploads).
"""

import re
import unicodedata
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SUFFIXES = {".py", ".html", ".txt", ".js", ".css"}
ALSO = [ROOT / "config" / "openapi.yaml"]
SKIPPED_TOP = {"tests", "seed", "docs", "var"}
SKIPPED_ANYWHERE = {"migrations", "data", "node_modules", "__pycache__"}
# "ha", any run of spaces, dots, dashes or underscores (or a string literal closed and reopened), then "noi", with
# no letter on either side: "Hà Nội", "HANOI", "ha-noi", "hanoi.gov.vn", "HANOI_CODE", "ccn-hanoi"; not "nhà nội".
CITY = re.compile(r"(?<![a-z])ha(?:[\s._-]|[\"']\s*\+?\s*[\"'])*noi(?![a-z])", re.IGNORECASE)


def fold(text):
    """Accents off, "đ" as "d": the text a reviewer's plain-ASCII grep sees."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def scanned_files():
    for path in sorted(ROOT.rglob("*")):
        parts = path.relative_to(ROOT).parts
        if (
            not path.is_file()
            or path.suffix not in SUFFIXES
            or parts[0].startswith(".")
            or parts[0] in SKIPPED_TOP
            or SKIPPED_ANYWHERE.intersection(parts[:-1])
        ):
            continue
        yield path
    yield from (path for path in ALSO if path.exists())


def hits(path):
    text = fold(path.read_text(encoding="utf-8", errors="replace"))
    for match in CITY.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        yield f"{path.relative_to(ROOT)}:{line}: {match.group(0)!r}"


def test_the_city_is_named_only_in_data():
    found = [hit for path in scanned_files() for hit in hits(path)]

    assert not found, "Hanoi named in code (read it from the Department's or the plan's data):\n" + "\n".join(found)


def test_the_scan_sees_every_spelling_a_reviewer_would_grep(tmp_path):
    spellings = [
        "Hà Nội",
        "HÀ NỘI",
        "Hanoi",
        "HANOI = '01'",
        "ha noi",
        "Ha-Noi",
        "congthuong.hanoi.gov.vn",
        "ccn-hanoi",
        "Ha\u0300 No\u0302\u0323i",  # decomposed accents
        '"theo giờ Hà "\n    "Nội)"',
    ]
    for n, spelling in enumerate(spellings):
        (tmp_path / f"{n}.py").write_text(spelling, encoding="utf-8")
    caught = [path.name for path in tmp_path.iterdir() if CITY.search(fold(path.read_text(encoding="utf-8")))]

    assert len(caught) == len(spellings)
    assert not CITY.search(fold("nhà nội, Thanh Nội, chà nổi, Hải Phòng"))


def test_the_scan_reads_the_code_and_leaves_the_data():
    scanned = {path.relative_to(ROOT).as_posix() for path in scanned_files()}

    assert {"config/settings.py", "templates/base.html", "department/letterhead.py", "config/openapi.yaml"} <= scanned
    assert not any(name.startswith(("tests/", "seed/", "docs/")) or "/migrations/" in name for name in scanned)
    assert not any("/data/" in name for name in scanned)
