"""Vietnamese text as people read and type it: names, search folding, alphabetical order, tone marks.

Pure Python, no database: ``core.search`` puts these rules into columns, collations and filters.

- ``normalize``: one spelling of the same words (Unicode NFC, tone marks placed the modern way,
  "hòa", "thúy", "khỏe", never "hoà", "thuý", "khoẻ"), applied to reference data when it is loaded.
- ``fold``: what a search compares: lower case, no accents, đ → d, single spaces. "Đông Anh", "dong anh"
  and "ĐÔNG  ANH" fold alike, and so do "Hoà" and "Hòa" (tone-mark placement disappears with the accents).
- ``sort_key``: Vietnamese alphabetical order (a ă â b c d đ e ê … o ô ơ … u ư …), tones compared only
  between otherwise equal words (none, huyền, hỏi, ngã, sắc, nặng), lower case first — the order of
  PostgreSQL's ICU collation "vi-x-icu", which the database uses; SQLite is given this key as a collation.
- ``display_name`` / ``person_sort_key``: a person is shown họ đệm tên and sorted by tên, then họ đệm.
  Django's ``first_name`` holds the tên (given name), ``last_name`` the họ and đệm (family and middle).
"""

import functools
import re
import unicodedata

GRAVE, ACUTE, TILDE, HOOK, DOT = "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"
TONES = {GRAVE: 1, HOOK: 2, TILDE: 3, ACUTE: 4, DOT: 5}  # none, huyền, hỏi, ngã, sắc, nặng
BREVE, CIRCUMFLEX, HORN = "\u0306", "\u0302", "\u031b"
ALPHABET = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "ô", "ơ"]
ALPHABET += ["p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"]
LETTER_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}

_TONE = f"[{GRAVE}{ACUTE}{TILDE}{HOOK}{DOT}]"
_END_OF_SYLLABLE = r"(?![A-Za-zĐđ\u0300-\u036f])"
# Old-style placement at the end of a syllable (hoà, khoẻ, thuý) → the tone on the first vowel (hòa, khỏe,
# thúy). "qu" is a consonant, so "quý" keeps its tone on the y in both conventions.
_OLD_STYLE_TONE = re.compile(
    rf"(?<![qQ])([oO])([aAeE])({_TONE}){_END_OF_SYLLABLE}|(?<![qQ])([uU])([yY])({_TONE}){_END_OF_SYLLABLE}"
)


def _move_tone(match):
    first, second, tone = match.group(1, 2, 3) if match.group(1) else match.group(4, 5, 6)
    return first + tone + second


def normalize(text):
    """``text`` in NFC with one tone-mark convention (hòa, thúy), single spaces, no surrounding blanks."""
    if not text:
        return text or ""
    decomposed = unicodedata.normalize("NFD", str(text))
    decomposed = _OLD_STYLE_TONE.sub(_move_tone, decomposed)
    return " ".join(unicodedata.normalize("NFC", decomposed).split())


def fold(text):
    """What a search compares: lower case, accents removed, đ → d, single spaces."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def sort_key(text):
    """A key putting ``text`` in Vietnamese alphabetical order (as ICU's "vi" collation does)."""
    letters, tones, cases = [], [], []
    for char in unicodedata.normalize("NFD", str(text or "")):
        if unicodedata.combining(char):
            if not letters:
                continue
            if char in TONES:
                tones[-1] = TONES[char]
            elif char in (BREVE, CIRCUMFLEX, HORN) and letters[-1][0] == 2:
                # ă â ê ô ơ ư are letters of their own, after a, e, o, u.
                base = ALPHABET[letters[-1][1]]
                composed = unicodedata.normalize("NFC", base + char)
                letters[-1] = (2, LETTER_RANK.get(composed, letters[-1][1]))
            continue
        lower = char.lower()
        if lower in LETTER_RANK:
            letters.append((2, LETTER_RANK[lower]))
        elif char.isdigit():
            letters.append((1, int(char) if char.isdecimal() else 0))
        else:
            letters.append((0, ord(lower)))
        tones.append(0)
        cases.append(0 if char == lower else 1)
    return (tuple(letters), tuple(tones), tuple(cases))


# SQLite calls the collation for every comparison of a sort, each name some log(n) times: keys are kept.
_collation_key = functools.lru_cache(maxsize=8192)(sort_key)


def compare(left, right):
    """-1, 0 or 1: ``left`` before, with or after ``right`` in Vietnamese order (SQLite's collation)."""
    left_key, right_key = _collation_key(left), _collation_key(right)
    return (left_key > right_key) - (left_key < right_key)


def display_name(user, default="—"):
    """A person as Vietnamese write it: họ đệm tên ("Nguyễn Thu Hà"), else the username; ``default`` for nobody.

    ``last_name`` holds the họ and đệm, ``first_name`` the tên.
    """
    if user is None:
        return default
    full = " ".join(part for part in (user.last_name.strip(), user.first_name.strip()) if part)
    return full or user.get_username()


def person_sort_key(user):
    """People in Vietnamese order: by tên, then họ đệm, then username."""
    return (sort_key(user.first_name), sort_key(user.last_name), user.get_username())
