"""The documentation names only what exists: every repository path a document mentions (in backticks or as a
Markdown link) is a file or folder of the checkout, and the README stays a front door (under 400 lines).

A path in backticks is resolved from the repository root or from the document's folder; a bare file name
(``hanoi-communes-2025.csv``) matches a tracked file of that name anywhere. Not paths, and not checked: URLs, page
routes and API paths (they start with ``/``), shell commands (anything with a space), placeholders (``<id>``),
dotted Python names, dates, MIME types, settings (``MEDIA_ROOT/…``), and what the application writes at run time
under ignored folders (``var/``). Fenced code blocks are commands and output, not references, and are skipped.
"""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = sorted([README, *(ROOT / "docs").rglob("*.md")])

# File endings that make a name without a slash a file name worth checking.
SUFFIXES = {
    ".py", ".md", ".csv", ".yaml", ".yml", ".toml", ".txt", ".sh", ".html", ".json", ".conf", ".service",
    ".timer", ".example", ".cfg", ".ini", ".po", ".js", ".css", ".ics", ".docx", ".xlsx",
}  # fmt: skip
# Folders the application or the tools create at run time (git-ignored): named in the docs, never committed.
GENERATED = ("var/", ".venv/", "test-artifacts/")
MIME_TYPES = ("application/", "multipart/", "text/", "image/")

FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
LINK = re.compile(r"\[[^\]\n]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
PATH_LIKE = re.compile(r"^[A-Za-z0-9_.][A-Za-z0-9_./-]*$")


def tracked_names():
    """The base names of the files git tracks (and of the untracked files not ignored, for a fresh file)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return {Path(name).name for name in listed}


def looks_like_path(text):
    """Whether a backticked text names a file or folder of the repository (see the module's docstring)."""
    if not PATH_LIKE.match(text) or text.startswith(GENERATED) or text.startswith(MIME_TYPES):
        return False
    segments = [segment for segment in text.split("/") if segment]
    if not segments or any(segment.isdigit() for segment in segments):
        return False  # a date (30/06/2026), a scale (1/500)
    if "/" in text and segments[0][0].isupper():
        return False  # a setting (MEDIA_ROOT/…) or a time zone (Asia/Ho_Chi_Minh): the folders are lower case
    return "/" in text or Path(text).suffix in SUFFIXES


def references(doc):
    """(line number, path, is a link) of every repository path ``doc`` names outside fenced code blocks."""
    in_fence = False
    for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), start=1):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        for target in LINK.findall(line):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith(("#", "/")):
                continue  # a URL, a mail address, an anchor in the same document, a page route
            yield number, target.split("#")[0], True
        for code in INLINE_CODE.findall(LINK.sub("", line)):
            if looks_like_path(code):
                yield number, code, False


def exists(doc, path, is_link, names):
    candidates = [doc.parent / path] if is_link else [ROOT / path, doc.parent / path]
    if any(candidate.exists() for candidate in candidates):
        return True
    return not is_link and "/" not in path.rstrip("/") and path in names


def test_the_docs_name_only_paths_that_exist():
    names = tracked_names()
    missing = [
        f"{doc.relative_to(ROOT)}:{number}: {path}"
        for doc in DOCS
        for number, path, is_link in references(doc)
        if not exists(doc, path, is_link, names)
    ]
    assert not missing, "The documentation names paths that do not exist:\n" + "\n".join(missing)


def anchors(doc):
    """The anchors of ``doc``'s headings, as git hosts make them (lower case, punctuation dropped, spaces to -)."""
    found, in_fence = set(), False
    for line in doc.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and (heading := re.match(r"^#{1,6}\s+(.*?)\s*$", line)):
            found.add(re.sub(r"[^\w\- ]", "", heading[1].lower()).replace(" ", "-"))
    return found


def test_links_between_the_docs_reach_their_sections():
    broken = []
    for doc in DOCS:
        for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), start=1):
            for target in LINK.findall(line):
                path, _, anchor = target.partition("#")
                if not anchor or re.match(r"^[a-z][a-z0-9+.-]*:", target):
                    continue
                linked = (doc.parent / path).resolve() if path else doc
                if linked.suffix == ".md" and linked.exists() and anchor not in anchors(linked):
                    broken.append(f"{doc.relative_to(ROOT)}:{number}: {target}")
    assert not broken, "Links to sections that do not exist:\n" + "\n".join(broken)


def test_the_readme_stays_a_front_door():
    lines = len(README.read_text(encoding="utf-8").splitlines())
    assert lines < 400, f"README.md has {lines} lines; move the detail into docs/ and link to it."


@pytest.mark.parametrize(
    ("text", "is_path"),
    [
        ("agencies/scoping.py", True),
        ("tasks/views/", True),
        ("hanoi-communes-2025.csv", True),
        ("Makefile", False),  # a bare name without a file ending: a word, not checked (a link to it is)
        ("/api/v1/tasks/", False),
        ("make test", False),
        ("tests/<app>/", False),
        ("core.audit.record_save", False),
        ("30/06/2026", False),
        ("application/json", False),
        ("MEDIA_ROOT/cluster-decisions/", False),
        ("Asia/Ho_Chi_Minh", False),
        ("tasks/{id}/history/", False),
        ("var/db.sqlite3", False),
        ("https://ccn.example.gov.vn", False),
    ],
)
def test_what_counts_as_a_path(text, is_path):
    assert looks_like_path(text) is is_path


def test_a_missing_path_is_reported_with_its_document_and_line(tmp_path):
    doc = tmp_path / "guide.md"
    doc.write_text(
        "Intro.\n\nSee `core/no_such_module.py` and [the index](missing.md#top).\n"
        "```sh\ncat not/checked.py\n```\n[a site](https://example.org) and `agencies/scoping.py`.\n",
        encoding="utf-8",
    )
    found = [(number, path) for number, path, is_link in references(doc) if not exists(doc, path, is_link, set())]
    assert found == [(3, "missing.md"), (3, "core/no_such_module.py")]
