"""How a name written in a source finds its 2025 commune or ward. The lists themselves: ``places.provinces`` (the 34
provinces and the national list of communes, Decision 19/2025/QĐ-TTg)."""

from places.models import Commune


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
