"""BibTeX entries and Markdown citations for papers, the way arXiv and natbib styles expect them.

arXiv papers become `@misc` entries with `eprint`, `archivePrefix = {arXiv}` and `primaryClass`,
which natbib-style `.bst` files and biblatex (as aliases of `eprinttype` and `eprintclass`)
print as `arXiv:2309.16512 [cs.LG]`. The `url`, `version` and `note` fields pin the version
that was read, while `eprint` names the paper without a version. Crossref works become
`@article` when they have a venue and `@misc` otherwise.

`year` is the year of the first version, so a citation keeps its key and year across
revisions; the version read is pinned separately.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import quote

from threadtui.model import Paper

__all__ = [
    "bibtex_entries",
    "bibtex_entry",
    "bibtex_escape",
    "citation_key",
    "markdown_citation",
]

# Words skipped when a title word goes into a citation key.
_STOPWORDS = frozenset(
    """
    a an the and or but nor of on in at to for from by with without into onto over under via
    as is are be was were its it this that these those we our towards toward about between
    """.split()
)

# Name suffixes that are not surnames.
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})

# Particles that belong to the surname when they follow a given name (`Adrian Del Maestro`).
_SURNAME_PARTICLES = frozenset(
    "van von der den de del della di da du la le dos das ten ter".split()
)

# Letters that Unicode decomposition does not reduce to ASCII.
_ASCII_FOLDS = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d"}
)

# arXiv category names (`cs.LG`, `cond-mat.str-el`, `hep-th`), safe in Markdown as they are.
_CATEGORY = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*(?:\.[A-Za-z]+(?:-[A-Za-z]+)*)?")

# Characters with a special meaning in BibTeX and LaTeX text, and their escaped forms.
_ESCAPES = {
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\\": r"\textbackslash{}",
}


# -- escaping --------------------------------------------------------------------------------


def bibtex_escape(text: str) -> str:
    """Escape `& % # _ { } ~ ^ \\` for a BibTeX field, leaving `$…$` math as it is.

    Math is kept because arXiv titles are TeX already. When the dollars are unbalanced there is
    no math, and each `$` is escaped too. Braces become `\\{` and `\\}` when they pair up across
    the field; otherwise `\\textbraceleft{}` and `\\textbraceright{}`, because BibTeX counts
    escaped braces as well and an unpaired one would end the field.
    """
    balanced = _braces_balanced(text)
    if text.count("$") % 2:
        escaped = _escape_text(text.replace("$", "\0"), balanced)
        return escaped.replace("\0", r"\$")

    parts = re.split(r"(\$[^$]*\$)", text)
    return "".join(part if part.startswith("$") else _escape_text(part, balanced) for part in parts)


def _escape_text(text: str, braces_balanced: bool) -> str:
    escaped = []
    for character in text:
        if character in "{}":
            if braces_balanced:
                escaped.append("\\" + character)
            else:
                escaped.append(r"\textbraceleft{}" if character == "{" else r"\textbraceright{}")
        else:
            escaped.append(_ESCAPES.get(character, character))
    return "".join(escaped)


def _braces_balanced(text: str) -> bool:
    depth = 0
    for character in text:
        if character == "{":
            depth += 1
        elif character == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


# -- keys ------------------------------------------------------------------------------------


def citation_key(paper: Paper) -> str:
    """Return the base citation key: first author's surname, year and first title word.

    The title word is the first one that is not a stopword. Only ASCII letters and digits
    are kept, in lowercase: Vaswani, 2017, "Attention Is All You Need" gives
    `vaswani2017attention`.
    """
    surname = _surname(paper.authors[0]) if paper.authors else "anonymous"
    year = _year_text(paper)
    return _key_text(surname) + year + _key_text(_title_word(paper.title))


def _surname(name: str) -> str:
    """Return the family name of `First Last` or `Last, First`, without suffixes such as Jr.

    Particles between the given name and the last word stay with the surname
    (`Joost van der Putten` → `van der Putten`).
    """
    if "," in name:
        return name.split(",")[0].strip()
    words = [word for word in name.split() if word.strip(".").lower() not in _NAME_SUFFIXES]
    if not words:
        return name.strip()

    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _SURNAME_PARTICLES:
        start -= 1
    return " ".join(words[start:])


def _title_word(title: str) -> str:
    without_math = re.sub(r"\$[^$]*\$", " ", title)
    without_commands = re.sub(r"\\[A-Za-z]+", " ", without_math)
    for word in without_commands.split():
        cleaned = _key_text(word)
        if cleaned and cleaned not in _STOPWORDS:
            return cleaned
    return ""


def _key_text(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.translate(_ASCII_FOLDS))
    return re.sub(r"[^a-z0-9]", "", folded.encode("ascii", "ignore").decode("ascii").lower())


# -- entries ---------------------------------------------------------------------------------


def bibtex_entry(paper: Paper, key: str | None = None) -> str:
    """Return one BibTeX entry for a paper, with `key` or the paper's `citation_key`."""
    fields = _arxiv_fields(paper) if paper.arxiv_id else _doi_fields(paper)
    entry_type = "misc" if paper.arxiv_id or not paper.venue else "article"
    lines = [f"@{entry_type}{{{key or citation_key(paper)},"]
    lines.extend(f"  {name} = {{{value}}}," for name, value in fields)
    lines.append("}")
    return "\n".join(lines)


def bibtex_entries(papers: Iterable[Paper]) -> str:
    """Return entries for several papers, with unique keys, in a stable order.

    Papers are ordered by citation key, then by paper key, so the same papers give the same
    bytes in any input order. Papers whose keys collide get the suffixes `a`, `b`, `c`…
    """
    unique = {paper.key: paper for paper in papers}
    ordered = sorted(unique.values(), key=lambda paper: (citation_key(paper), paper.key))

    counts: dict[str, int] = {}
    for paper in ordered:
        counts[citation_key(paper)] = counts.get(citation_key(paper), 0) + 1

    entries = []
    seen: dict[str, int] = {}
    for paper in ordered:
        base = citation_key(paper)
        key = base
        if counts[base] > 1:
            key = base + _suffix(seen.get(base, 0))
            seen[base] = seen.get(base, 0) + 1
        entries.append(bibtex_entry(paper, key))
    return "\n\n".join(entries) + ("\n" if entries else "")


def _suffix(index: int) -> str:
    """Return `a`…`z`, then `aa`, `ab`…, for the index-th colliding key."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("a") + remainder) + letters
    return letters


def _arxiv_fields(paper: Paper) -> list[tuple[str, str]]:
    arxiv_id = paper.arxiv_id or ""
    versioned = _versioned(paper)
    # Old-style ids carry their archive, which is what natbib styles print as the class.
    primary_class = arxiv_id.split("/")[0] if "/" in arxiv_id else paper.primary_category
    note = f"arXiv:{versioned}" + (", withdrawn" if paper.withdrawn else "")

    fields = [
        ("title", "{" + bibtex_escape(paper.title) + "}"),
        ("author", _authors(paper)),
        ("year", _year_text(paper)),
        ("eprint", arxiv_id),
        ("archivePrefix", "arXiv"),
        ("primaryClass", primary_class or ""),
        ("url", f"https://arxiv.org/abs/{versioned}"),
        ("doi", paper.doi or f"10.48550/arXiv.{arxiv_id}"),
        ("version", str(paper.version) if paper.version is not None else ""),
        ("note", bibtex_escape(note)),
    ]
    return [(name, value) for name, value in fields if value]


def _doi_fields(paper: Paper) -> list[tuple[str, str]]:
    fields = [
        ("title", "{" + bibtex_escape(paper.title) + "}"),
        ("author", _authors(paper)),
        ("journal", bibtex_escape(paper.venue or "")),
        ("year", _year_text(paper)),
        ("doi", paper.doi or ""),
        ("url", f"https://doi.org/{paper.doi}" if paper.doi else ""),
    ]
    return [(name, value) for name, value in fields if value]


def _authors(paper: Paper) -> str:
    return " and ".join(bibtex_escape(name) for name in paper.authors)


# -- Markdown --------------------------------------------------------------------------------


def markdown_citation(paper: Paper) -> str:
    """Return a one-line Markdown citation.

    arXiv: `[Pilanci, 2023](https://arxiv.org/abs/2309.16512v1) (arXiv:2309.16512v1 [cs.LG])`.
    DOI: `[Murray et al., 2012](https://doi.org/10.1103/…) (doi:10.1103/…, Physical Review B)`.
    """
    year = _year_text(paper) or "n.d."
    label = _markdown_escape(f"{_author_label(paper.authors)}, {year}")

    if paper.arxiv_id:
        versioned = _versioned(paper)
        url = _markdown_url(f"https://arxiv.org/abs/{versioned}")
        category = ""
        if paper.primary_category:
            primary = paper.primary_category
            shown = primary if _CATEGORY.fullmatch(primary) else _markdown_escape(primary)
            category = f" [{shown}]"
        withdrawn = ", withdrawn" if paper.withdrawn else ""
        return f"[{label}]({url}) (arXiv:{versioned}{category}{withdrawn})"

    doi = paper.doi or paper.key.removeprefix("doi:")
    url = _markdown_url(f"https://doi.org/{doi}")
    venue = f", {_markdown_escape(paper.venue)}" if paper.venue else ""
    return f"[{label}]({url}) (doi:{_markdown_escape(doi)}{venue})"


def _versioned(paper: Paper) -> str:
    arxiv_id = paper.arxiv_id or ""
    return f"{arxiv_id}v{paper.version}" if paper.version is not None else arxiv_id


def _author_label(authors: list[str]) -> str:
    if not authors:
        return "Anonymous"
    if len(authors) == 1:
        return _surname(authors[0])
    if len(authors) == 2:
        return f"{_surname(authors[0])} and {_surname(authors[1])}"
    return f"{_surname(authors[0])} et al."


def _markdown_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)


def _markdown_url(url: str) -> str:
    # Parentheses and spaces would end a Markdown link target early.
    return quote(url, safe=":/?#=&;.,~+-_@!$*'%")


def _year_text(paper: Paper) -> str:
    """Return the paper's year, falling back to the year of its first version."""
    if paper.year is not None:
        return str(paper.year)
    if paper.published and paper.published[:4].isdigit():
        return paper.published[:4]
    return ""
