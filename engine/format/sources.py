"""Quote checks: every quote an inject cites appears word for word in its source document.

Whitespace runs, quote marks (straight or curly, single or double, backticks) and dashes are
normalised on both sides; everything else, case included, must match.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

from engine.format.model import Citation, Scenario
from engine.format.problems import Position, Problem, Severity
from engine.format.references import citations_with_locs
from engine.format.source_map import SourceMap
from engine.regular_file import MISSING, Unreadable, name_problem, read_regular

_MARKS = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "`": "'", "\u00b4": "'",
        "\u2032": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
        "\u2033": '"', "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-",
        "\u2012": "-", "\u2015": "-", "\u2212": "-", "\u00a0": " ",
    }
)  # fmt: skip
_SPACE = re.compile(r"\s+")
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
"""The largest source document read."""
MAX_COMPARED = 2_000
"""The most windows compared when looking for the closest passage to a missing quote."""


def normalise(text: str) -> str:
    """Text with quote marks, dashes and runs of whitespace made uniform."""
    return _SPACE.sub(" ", text.translate(_MARKS)).strip()


def check_sources(scenario: Scenario, sources_dir: Path, positions: SourceMap) -> list[Problem]:
    """A problem for each missing document and each quote not found in its document; a
    warning for each quote from a source with no local file (a URL or a citation alone),
    which cannot be checked."""
    if not sources_dir.is_dir():
        return [Problem(f"the sources folder '{sources_dir}' does not exist", str(sources_dir))]
    problems: list[Problem] = []
    texts: dict[str, str | None] = {}
    root = Path(os.path.realpath(sources_dir))
    for index, source in enumerate(scenario.sources):
        if source.file is None:
            continue
        try:
            texts[source.id] = normalise(_read_document(root, sources_dir, source.file))
        except Unreadable as error:
            texts[source.id] = None
            at = positions.position_of(("sources", index, "file"))
            problems.append(Problem.at(at, f"document {_named(source.file)} {error}"))
    files = {source.id: source.file for source in scenario.sources}
    for index, inject in enumerate(scenario.injects):
        for citation, loc in citations_with_locs(inject, ("injects", index)):
            problem = _check_quote(citation, texts, files, positions.position_of((*loc, "quote")))
            if problem is not None:
                problems.append(problem)
    return problems


def _read_document(root: Path, shown: Path, name: str) -> str:
    """A source document's text, if it is a regular file inside the sources folder (after
    following symlinks) of at most `MAX_DOCUMENT_BYTES`: a scenario must not make the checker
    read, and echo back as the closest passage, any other file.

    Raises:
        Unreadable: why not, in words that follow the document's name.
    """
    impossible = name_problem(name)
    if impossible is not None:
        raise Unreadable(f"cannot be a file name: {impossible}")
    path = Path(os.path.realpath(root / name))
    if Path(name).is_absolute() or not path.is_relative_to(root):
        raise Unreadable("is outside the sources folder; name a file inside it")
    try:
        raw = read_regular(path, MAX_DOCUMENT_BYTES)
    except Unreadable as error:
        raise Unreadable(
            f"is not in {shown}" if str(error) == MISSING else f"cannot be read: {error}"
        ) from None
    return raw.decode("utf-8", errors="replace")


def _named(name: str) -> str:
    """A file name as a message shows it: quoted, unprintable characters escaped, cut when long."""
    shown = repr(name) if not name.isprintable() else f"'{name}'"
    return shown if len(shown) <= 80 else shown[:70] + "…'"


def _check_quote(
    citation: Citation,
    texts: dict[str, str | None],
    files: dict[str, str | None],
    at: Position | None,
) -> Problem | None:
    """What is wrong with one citation's quote, if anything."""
    if citation.document not in files:
        return None  # undeclared: a reference error
    if files[citation.document] is None:
        return Problem.at(
            at,
            f"quote not checked: source '{citation.document}' has no local `file`",
            severity=Severity.WARNING,
        )
    document = texts.get(citation.document)
    if document is None:
        return None  # missing: reported with the source
    quote = normalise(citation.quote)
    if quote in document:
        return None
    closest = closest_passage(quote, document)
    return Problem.at(
        at,
        f'quote not found in {files[citation.document]}: "{_short(quote)}"',
        suggestion=f'closest passage: "{closest}"' if closest else None,
    )


def closest_passage(quote: str, document: str) -> str | None:
    """The passage of `document` most like `quote`, if one is close; at most
    `MAX_COMPARED` passages are compared, aligned on the places the quote's words occur."""
    width = len(quote)
    if not width or not document:
        return None
    starts = _aligned_starts(quote, document)
    if not starts:
        step = max(1, len(document) // MAX_COMPARED)
        starts = list(range(0, max(1, len(document) - width + 1), step))
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote)
    best, best_ratio = "", 0.0
    for start in starts[:MAX_COMPARED]:
        window = document[start : start + width]
        ratio = _ratio(matcher, window, best_ratio)
        if ratio > best_ratio:
            best, best_ratio = window, ratio
    return _short(best.strip()) if best_ratio >= 0.6 else None


def _aligned_starts(quote: str, document: str) -> list[int]:
    """Where the quote would start if one of its words were in the right place."""
    starts: dict[int, None] = {}
    for word in re.finditer(r"\w{3,}", quote):
        at = document.find(word.group())
        while at >= 0 and len(starts) < MAX_COMPARED:
            starts.setdefault(max(0, at - word.start()))
            at = document.find(word.group(), at + 1)
    return list(starts)


def _ratio(matcher: difflib.SequenceMatcher[str], window: str, floor: float) -> float:
    matcher.set_seq1(window)
    if matcher.real_quick_ratio() <= floor or matcher.quick_ratio() <= floor:
        return 0.0
    return matcher.ratio()


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
