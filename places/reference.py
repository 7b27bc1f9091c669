"""The reference lists of administrative units: Hanoi's communes and wards after the 2025 reform (Decision
19/2025/QĐ-TTg), and how a name written in a source finds its unit."""

from pathlib import Path

from places.models import Commune

DATA_DIR = Path(__file__).resolve().parent / "data"
COMMUNES_CSV = DATA_DIR / "hanoi-communes-2025.csv"


def communes_named(raw, communes):
    """``"Phường Chương Mỹ"`` → the ward Chương Mỹ; ``"Thượng Phúc"`` → the commune (xã) of that name.

    Returns the matches among ``communes`` (a list of one, or empty) and a warning for the operator when the
    name finds none or several."""
    raw = raw.strip()
    if not raw:
        return [], ""
    kind = None
    for label, value in (("Phường ", Commune.Kind.WARD), ("Xã ", Commune.Kind.COMMUNE)):
        if raw.startswith(label):
            kind, raw = value, raw[len(label) :]
    matches = [c for c in communes if c.name == raw and (kind is None or c.kind == kind)]
    if len(matches) != 1:
        return [], f"Không xác định được xã, phường hiện nay “{raw}” trong danh mục 2025 ({len(matches)} kết quả)."
    return matches, ""
