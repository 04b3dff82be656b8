"""Find details in free text that could identify a person, and redact them.

Stories and posts are written by people about people. Before text leaves the
community it was written for, the writer (or a convenor) is shown what in it
could identify someone, and can remove those details. This module only finds and
removes; it knows nothing about Django, stories or communities. The caller
supplies the names of people it knows about and the small places it worries
about.

What is flagged (``Flag.kind``):

- ``"name"``: a name from ``known_names``, in full (any case) or one part of it
  written as a name is written (a capital letter, or all capitals); a part that is
  also a common English word ("Will", "Hope", "May") is only flagged as part of
  the full name. A title followed by a capitalised word ("Mrs Okafor") is flagged
  too, whoever it names.
- ``"nhs_number"``: ten digits, together or split by single spaces or hyphens,
  that pass the NHS number check digit test (modulus 11). Ten digits that fail it
  are not flagged, so most reference numbers and amounts are left alone.
- ``"date_of_birth"``: a date (or a year) following a cue such as "born", "DOB"
  or "date of birth". Other dates ("on 3 March we met") are part of a story.
- ``"postcode"``: a full UK postcode, with or without the space.
- ``"phone"``: a UK landline or mobile number, national (0...) or +44.
- ``"email"``: an email address.
- ``"rare_detail"``: a place from ``places`` (matched with its capitals, so "bath"
  the verb is never "Bath") with a health condition from a short built-in list
  within the same paragraph and ``RARE_DETAIL_WINDOW`` characters. A small place
  and a condition together can point at one person even when neither alone would.

Flags never overlap: where two findings share characters, the one that starts
first (then the longer, then the more specific kind) is kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

__all__ = [
    "KINDS",
    "RARE_DETAIL_WINDOW",
    "Flag",
    "conditions_in",
    "find_identifiers",
    "nhs_number_is_valid",
    "redact",
]

KINDS = ("name", "nhs_number", "date_of_birth", "postcode", "phone", "email", "rare_detail")

# How far (in characters, either side of the place) a condition may be for the two to count as one detail.
RARE_DETAIL_WINDOW = 150


@dataclass(frozen=True)
class Flag:
    """One finding: ``text`` is exactly ``source[start:end]``."""

    kind: str
    start: int
    end: int
    text: str
    message: str


# ---------------------------------------------------------------------------
# NHS numbers

# NHS Data Dictionary, "NHS Number" (https://www.datadictionary.nhs.uk/attributes/nhs_number.html):
# ten digits, the tenth a check digit. Multiply the first nine digits by 10, 9, ... 2, add the
# products, take the remainder on division by 11 and subtract it from 11. A result of 11 means a
# check digit of 0; a result of 10 means the number is not valid.
_NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def nhs_number_is_valid(digits: str) -> bool:
    """Return whether ``digits`` (exactly ten ASCII digits) passes the NHS modulus 11 check."""
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], _NHS_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


# Ten digits, each pair separated by nothing or one space or hyphen; not part of a longer run.
_NHS_CANDIDATE = re.compile(r"(?<![\d+])(?<!\d[ -])[0-9](?:[ -]?[0-9]){9}(?![ -]?[0-9])")


def _nhs_numbers(text: str) -> Iterator[Flag]:
    for match in _NHS_CANDIDATE.finditer(text):
        digits = re.sub(r"[ -]", "", match.group())
        if nhs_number_is_valid(digits):
            yield _flag("nhs_number", match, "This looks like an NHS number.")


# ---------------------------------------------------------------------------
# Emails, phone numbers, postcodes

# The lookbehind makes a match start only at the beginning of a run, so hostile input
# (a long run of letters with no @) is scanned once rather than once per character.
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])"
)

# UK numbers (Ofcom National Telephone Numbering Plan): after the trunk prefix 0 (or +44) come
# nine or ten digits; the first is 1 or 2 (geographic), 3 (non-geographic), 5, 7 (mobile and
# personal), 8 or 9. Spaces, hyphens and brackets may separate groups.
_PHONE = re.compile(r"(?<![\w+])(?:\+44[ -]?(?:\(0\)[ -]?)?|\(?0)[1235789](?:[ \-)]{0,2}[0-9]){8,9}(?![0-9])(?!-[0-9])")

# The postcode pattern from the UK Government Data Standards Catalogue (reproduced in
# "Postcodes in the United Kingdom", Wikipedia, section "Validation"): area letters, district,
# optional space, sector digit and two unit letters (never C, I, K, M, O or V).
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])(?:GIR ?0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPS-UW]"
    r"|[A-HK-Y][0-9][ABEHMNPRV-Y]) ?[0-9][ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])",
    re.IGNORECASE,
)


# ---------------------------------------------------------------------------
# Dates of birth

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?:[0-2]?[0-9]|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89][0-9]{2}|20[0-9]{2})"
_DATE = (
    r"(?:[0-3]?[0-9][/.\-][01]?[0-9][/.\-](?:[0-9]{4}|[0-9]{2})"  # 12/03/1948, 12-3-48
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"  # 12th of March 1948
    rf"|{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?"  # March 12, 1948
    rf"|{_MONTH},?\s+{_YEAR}"  # March 1948
    rf"|{_YEAR})"  # 1948 (after "born in")
)
_DATE_OF_BIRTH = re.compile(
    r"(?<![\w.])(?:d\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth|born|birth\s*day)"
    r"(?:\s+(?:is|was|on|in|of))?[\s:,\-()]{0,4}"
    rf"(?P<date>{_DATE})(?![\w/])",
    re.IGNORECASE,
)


def _dates_of_birth(text: str) -> Iterator[Flag]:
    for match in _DATE_OF_BIRTH.finditer(text):
        yield Flag(
            kind="date_of_birth",
            start=match.start("date"),
            end=match.end("date"),
            text=match.group("date"),
            message="This looks like a date of birth.",
        )


# ---------------------------------------------------------------------------
# Names and places: matched word by word, so thousands of known names cost one pass.

# A word is a run of letters; apostrophes and hyphens split words, so "O'Neill" is "O", "Neill"
# and "Mina's" is "Mina", "s".
_WORD = re.compile(r"[^\W\d_]+")
# Between the words of one name or place: a space, a hyphen, an apostrophe, a full stop.
_JOINER = re.compile(r"[\s'\u2019.\-]{1,3}")

# Name parts that are also everyday words, months, days or titles: flagged only within the full
# name, because "Will you come?", "in May" or "Dr" alone says nothing about anyone.
_COMMON_WORDS_TEXT = """
    a an and as at be by de del der di do go he i if in is it la le me my no of on or so the to
    up us van von we ye
    will may june april august hope grace joy faith rose mark bill sue pat dawn summer frank
    amber ruby pearl holly ivy iris lily daisy heather poppy autumn sky river rain storm angel
    chase hunter page brown white green black grey gray young king long hill wood moore rich
    little small short hall wall field bell lane bush ward love best hart fox lamb bird swan
    drake crane penny sunny
    monday tuesday wednesday thursday friday saturday sunday january february march july
    september october november december christmas easter
    doctor nurse sister matron patient carer mum dad nan gran grandad son daughter
    mr mrs ms miss mx dr prof professor sir dame lady lord rev revd
"""
_COMMON_WORDS = frozenset(_COMMON_WORDS_TEXT.split())

_TITLES = re.compile(
    r"(?<![\w.])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lady|Lord)\.?\s+"
    r"(?P<name>[A-Z](?:[^\W\d_]+|['\u2019][A-Z][^\W\d_]+)(?:-[A-Z][^\W\d_]+)?)(?!\w)"
)


def _fold(word: str) -> str:
    """Compare words without case or accents ("Zoë" is "zoe")."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def _words(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(text))


def _joined(text: str, left: re.Match[str], right: re.Match[str]) -> bool:
    """Return whether two neighbouring words are close enough to be one name."""
    return _JOINER.fullmatch(text, left.end(), right.start()) is not None


def _written_as_name(word: str) -> bool:
    return word[:1].isupper()


def _name_flags(text: str, words: list[re.Match[str]], known_names: Iterable[str]) -> Iterator[Flag]:
    full_names: dict[str, list[tuple[str, ...]]] = {}
    parts: set[str] = set()
    for name in known_names:
        tokens = tuple(_fold(match.group()) for match in _WORD.finditer(name))
        if not tokens:
            continue
        if len(tokens) > 1:
            full_names.setdefault(tokens[0], []).append(tokens)
        parts.update(token for token in tokens if len(token) > 1 and token not in _COMMON_WORDS)
    for sequences in full_names.values():
        # Try the longest first, so "Mina Patel Jones" wins over "Mina Patel".
        sequences.sort(key=len, reverse=True)

    folded = [_fold(word.group()) for word in words]
    index = 0
    while index < len(words):
        matched = _longest_sequence(text, words, folded, index, full_names.get(folded[index], ()))
        if matched:
            first, last = words[index], words[index + matched - 1]
            yield Flag(
                "name",
                first.start(),
                last.end(),
                text[first.start() : last.end()],
                "This looks like the name of someone known to Groundswell.",
            )
            index += matched
            continue
        word = words[index].group()
        if folded[index] in parts and _written_as_name(word):
            yield Flag(
                "name",
                words[index].start(),
                words[index].end(),
                word,
                "This looks like part of the name of someone known to Groundswell.",
            )
        index += 1

    for match in _TITLES.finditer(text):
        if _fold(match.group("name")) in _COMMON_WORDS:
            continue
        yield Flag("name", match.start(), match.end(), match.group(), "This looks like a person's name.")


def _longest_sequence(
    text: str,
    words: list[re.Match[str]],
    folded: list[str],
    index: int,
    sequences: Iterable[tuple[str, ...]],
) -> int:
    """Return how many words from ``index`` on spell one of ``sequences`` (0 for none)."""
    for sequence in sequences:
        end = index + len(sequence)
        if end > len(words) or tuple(folded[index:end]) != sequence:
            continue
        if all(_joined(text, words[i], words[i + 1]) for i in range(index, end - 1)):
            return len(sequence)
    return 0


# A modest list of conditions that are rare, or carry stigma, or are few enough in a small place
# to point at a person. Phrases are matched in any case; acronyms only in capitals ("MND", not "mnd").
_CONDITION_PHRASES = (
    r"motor neuron(?:e)? disease|amyotrophic lateral sclerosis|Huntington'?s(?: disease)?"
    r"|cystic fibrosis|sickle cell(?: disease| anaemia)?|thalass(?:a)?emia|haemophilia|hemophilia"
    r"|muscular dystrophy|multiple sclerosis|Parkinson'?s(?: disease)?|(?:early[- ]onset )?dementia"
    r"|Alzheimer'?s(?: disease)?|schizophrenia|bipolar(?: disorder)?|psychosis|anorexia(?: nervosa)?"
    r"|bulimia|eating disorder|self[- ]harm(?:ing)?|suicide|overdose|leuka(?:e)?mia|lymphoma"
    r"|mesothelioma|cancer|tumou?r|transplant|dialysis|epilepsy|autism|autistic"
    r"|Down'?s syndrome|cerebral palsy|spina bifida|rare disease|Crohn'?s(?: disease)?"
    r"|tuberculosis|hepatitis [BC]|learning disabilit(?:y|ies)|stillbirth|miscarriage"
    r"|termination of pregnancy|sectioned|post[- ]traumatic stress|stroke|heart failure"
    r"|kidney failure|deafblind|amputation|amputee"
)
_CONDITION_ACRONYMS = r"HIV|AIDS|MND|ALS|PTSD|COPD|TB|ME/CFS"
_CONDITIONS = re.compile(rf"(?<!\w)(?:(?i:{_CONDITION_PHRASES})|{_CONDITION_ACRONYMS})(?!\w)")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def conditions_in(text: str) -> list[str]:
    """Return the health conditions from the built-in list that ``text`` mentions, in order.

    For callers that keep a place apart from the text (a form's "place" field), to tell whether
    the two together make a rare detail.
    """
    return [match.group() for match in _CONDITIONS.finditer(text)]


def _same_place_word(written: str, listed: str) -> bool:
    """Places keep their capitals ("Bath" the city, never "bath" the verb); all capitals count too."""
    return written == listed or (written.isupper() and written == listed.upper())


def _rare_details(text: str, words: list[re.Match[str]], places: Iterable[str]) -> Iterator[Flag]:
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for place in places:
        tokens = tuple(match.group() for match in _WORD.finditer(place))
        if tokens:
            by_first.setdefault(tokens[0].upper(), []).append(tokens)
    if not by_first:
        return
    conditions = list(_CONDITIONS.finditer(text))
    if not conditions:
        return
    for sequences in by_first.values():
        sequences.sort(key=len, reverse=True)
    for index, word in enumerate(words):
        length = 0
        for sequence in by_first.get(word.group().upper(), ()):
            end = index + len(sequence)
            if end > len(words):
                continue
            if not all(_same_place_word(words[index + i].group(), token) for i, token in enumerate(sequence)):
                continue
            if all(_joined(text, words[i], words[i + 1]) for i in range(index, end - 1)):
                length = len(sequence)
                break
        if not length:
            continue
        start, end = word.start(), words[index + length - 1].end()
        condition = _nearest_condition(text, start, end, conditions)
        if condition is None:
            continue
        place = text[start:end]
        yield Flag(
            "rare_detail",
            start,
            end,
            place,
            f"“{place}” with “{condition}” nearby could identify someone: in a small place few people"
            " share a condition.",
        )


def _nearest_condition(text: str, start: int, end: int, conditions: Iterable[re.Match[str]]) -> str | None:
    best: tuple[int, str] | None = None
    for condition in conditions:
        distance = max(condition.start() - end, start - condition.end(), 0)
        if distance > RARE_DETAIL_WINDOW:
            continue
        between = text[min(end, condition.end()) : max(start, condition.start())]
        if _PARAGRAPH_BREAK.search(between):
            continue
        if best is None or distance < best[0]:
            best = (distance, condition.group())
    return best[1] if best else None


# ---------------------------------------------------------------------------


def _flag(kind: str, match: re.Match[str], message: str) -> Flag:
    return Flag(kind, match.start(), match.end(), match.group(), message)


# When two findings overlap, the more specific kind wins a tie on position and length.
_PRIORITY = {kind: rank for rank, kind in enumerate(("email", "nhs_number", "phone", "postcode", "date_of_birth"))}


def find_identifiers(text: str, *, known_names: Iterable[str] = (), places: Iterable[str] = ()) -> list[Flag]:
    """Return the details in ``text`` that could identify someone, in order, without overlaps."""
    words = _words(text)
    found: list[Flag] = [
        *(_flag("email", match, "This looks like an email address.") for match in _EMAIL.finditer(text)),
        *_nhs_numbers(text),
        *(_flag("phone", match, "This looks like a phone number.") for match in _PHONE.finditer(text)),
        *(_flag("postcode", match, "This looks like a postcode.") for match in _POSTCODE.finditer(text)),
        *_dates_of_birth(text),
        *_name_flags(text, words, known_names),
        *_rare_details(text, words, places),
    ]
    found.sort(key=lambda flag: (flag.start, -(flag.end - flag.start), _PRIORITY.get(flag.kind, len(_PRIORITY))))
    kept: list[Flag] = []
    for flag in found:
        if kept and flag.start < kept[-1].end:
            continue
        kept.append(flag)
    return kept


def redact(text: str, flags: Sequence[Flag]) -> str:
    """Return ``text`` with each flagged span replaced by "[kind removed]".

    Flags may come in any order and may overlap (overlapping spans are removed as one, named
    after the first). A flag that does not match ``text`` (because the text changed since it was
    found) raises ValueError rather than leaving a detail in place.
    """
    for flag in flags:
        if not (0 <= flag.start < flag.end <= len(text)) or text[flag.start : flag.end] != flag.text:
            raise ValueError(f"The {flag.kind} flag at {flag.start}-{flag.end} no longer matches the text.")
    spans: list[tuple[int, int, str]] = []
    for flag in sorted(flags, key=lambda flag: (flag.start, -flag.end)):
        if spans and flag.start < spans[-1][1]:
            start, end, kind = spans[-1]
            spans[-1] = (start, max(end, flag.end), kind)
            continue
        spans.append((flag.start, flag.end, flag.kind))
    pieces: list[str] = []
    position = 0
    for start, end, kind in spans:
        pieces.append(text[position:start])
        pieces.append(f"[{kind} removed]")
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
