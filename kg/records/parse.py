"""Text of a project page -> Record.

    parse_text(text, source)   -> Record       (raises ParseError when it is not a record)
    parse_bytes(data, source)  -> Record       (decodes UTF-8 first)
    parse_file(path)           -> Record
    read_source(path)          -> the bytes of a record file (ParseError if unreadable)

The page is read in three steps: the title and the header line on top; the trailing tags at
the bottom; and between them a sequence of blocks, each opened by a label or heading of
`kg.records.labels` and holding the lines up to the next one. The blocks are then read into
the fields of the Record. Nothing is dropped: a line that fills no known field ends up under
`extra`, in `raw`, or as `truncated_fragment`, and whatever was read with doubt is a warning.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple, TypeVar

from kg.errors import ParseError, UnreadableValue
from kg.excerpts import quote
from kg.records import labels as table
from kg.records.labels import Kind
from kg.records.model import (
    Application,
    Contact,
    ExtraField,
    Library,
    ParseWarning,
    Realized,
    Record,
    Statistics,
)
from kg.records.values import (
    SPACES,
    business_id_note,
    collapse_spaces,
    looks_like_postal_code,
    read_business_id,
    read_count,
    read_date,
    read_email,
    read_isil,
    read_money,
    read_postal_code,
    render_count,
    render_date,
    render_money,
)

_HEADER = re.compile(r"^(?P<word>\S+) (?P<year>\d{4}) (?P<kind>.+?)(?: \((?P<status>[^()]*)\))?$")
_TAG = re.compile(r"^[a-zåäö][a-zåäö0-9_-]{0,29}$")
# An unknown label: a short line ending in a colon that the page follows with a space or NBSP.
_UNKNOWN_LABEL = re.compile(r"^(?P<label>[^\s:][^:]{0,58}:)[ \u00a0]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f]")  # the control characters but the tab
_LOWER_PART = frozenset({Kind.DATE, Kind.MONEY, Kind.COUNT, Kind.GRANTED})
_TEXT_READERS = {
    Kind.EMAIL: read_email,
    Kind.ISIL: read_isil,
    Kind.BUSINESS_ID: read_business_id,
}


_V = TypeVar("_V")


class _Line(NamedTuple):  # a tuple, not a dataclass: one is made for every line of a page
    number: int
    text: str
    clean: str  # the text with its spaces collapsed (`collapse_spaces`): read again and again


@dataclass
class _Block:
    """A label or heading and the lines under it; `opener` is None for the lines above any label."""

    opener: table.Label | table.Heading | str | None
    line: int
    lines: list[_Line] = field(default_factory=list)

    def content(self) -> list[_Line]:
        return [line for line in self.lines if line.clean]


# Free-text sections read further as lists of names (the partners): a cut there is a warning.
_NAME_LISTS = frozenset({"sections.partners", "sections.working_group"})


def read_source(path: str | Path) -> bytes:
    """Return the bytes of a record file; a file that cannot be read is a ParseError."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ParseError(
            f"cannot read the file ({exc.strerror})", source=str(path), line=1
        ) from exc


def parse_file(path: str | Path) -> Record:
    """Parse the record in the file at `path`; `source` is the path as given."""
    return parse_bytes(read_source(path), str(path))


def parse_bytes(data: bytes, source: str) -> Record:
    """Parse a record from UTF-8 bytes (a byte-order mark is allowed)."""
    if b"\x00" in data:
        line = _line_at(data, data.index(b"\x00"))
        raise ParseError(
            "expected the text of a project page, found binary data", source=source, line=line
        )
    notes: list[ParseWarning] = []
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _line_at(data, exc.start)
        if exc.reason != "unexpected end of data" or exc.end != len(data):
            found = data[exc.start : exc.start + 1].hex()
            raise ParseError(
                f"expected UTF-8 text, found the byte 0x{found} that UTF-8 does not allow",
                source=source,
                line=line,
            ) from None
        # A copy cut at a byte count can end inside a character: drop its first bytes.
        text = data[: exc.start].decode("utf-8")
        notes.append(
            ParseWarning(line, "the file ends inside a character; its incomplete bytes are dropped")
        )
    return _parse(text, source, notes)


def _line_at(data: bytes, offset: int) -> int:
    """Return the number of the line of byte `offset`, counting line breaks as the parser does."""
    before = data[:offset]
    return before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1


def parse_text(text: str, source: str) -> Record:
    """Parse the text of one project page into a Record.

    Raises ParseError (with the line) when the text is not a project page: empty, binary,
    HTML, no header line under the title, or cut off before the library block.
    """
    return _parse(text, source, [])


def _parse(text: str, source: str, notes: list[ParseWarning]) -> Record:
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = [
        _Line(number, line, collapse_spaces(line))
        for number, line in enumerate(text.split("\n"), start=1)
    ]
    content = [line for line in lines if line.clean]
    if not content:
        raise ParseError("expected a project record, found an empty file", source=source, line=1)
    _refuse_non_text(content, source)
    title, header = _title_and_header(content, source)
    reader = _RecordReader(source, header)
    reader.warnings.extend(notes)
    blocks = _segment(lines[header.number :])
    tags = _take_tags(blocks)
    # A copy cut at a character count ends inside its last line; one cut at a line break does not.
    last = content[-1].number if not text.endswith("\n") else None
    return reader.read(title, blocks, tags, content[-1].number, cut_line=last)


def _refuse_non_text(content: list[_Line], source: str) -> None:
    first = content[0]
    if first.clean.startswith("<") or re.search(
        r"<(html|body|div|head)\b", first.clean, re.IGNORECASE
    ):
        raise ParseError(
            f"expected the text of a project page, found HTML ({quote(first.clean)})",
            source=source,
            line=first.number,
        )
    for line in content:
        controls = len(_CONTROL.findall(line.text))  # a regex: 20 times a loop over characters
        if controls > max(2, len(line.text) // 10):
            raise ParseError(
                "expected the text of a project page, found binary data",
                source=source,
                line=line.number,
            )


def _title_and_header(content: list[_Line], source: str) -> tuple[_Line, _Line]:
    title = content[0]
    if _HEADER.match(title.clean) and title.clean.split(" ")[0] in table.HEADER_WORDS:
        raise ParseError(
            f"expected the project's title, found the header line {quote(title.clean)}",
            source=source,
            line=title.number,
        )
    header = content[1] if len(content) > 1 else None
    match = _HEADER.match(header.clean) if header else None
    if header is None or not match or match["word"] not in table.HEADER_WORDS:
        found = quote(header.clean) if header else "the end of the text"
        raise ParseError(
            "expected the header line after the title, such as "
            f"'Vuoden 2016 AVI-hanke (Hanke on saanut rahoitusta)', found {found}",
            source=source,
            line=header.number if header else title.number,
        )
    return title, header


def _take_tags(blocks: list[_Block]) -> list[_Line]:
    """Remove and return the trailing tag lines (`okm`, `avi`) that follow a blank line.

    Lower-case words at the end of a page cut off in its free text look the same, so they
    count as tags only on a page that reaches its decision block, or when all are known tags.
    """
    lines = blocks[-1].lines
    end = len(lines)
    while end and not lines[end - 1].clean:
        end -= 1
    start = end
    while start and _TAG.match(lines[start - 1].clean):
        start -= 1
    if start == end or start == 0 or lines[start - 1].clean:
        return []
    tags = lines[start:end]
    known = all(line.clean in table.KNOWN_TAGS for line in tags)
    if not known and not _RecordReader.has_decision_block(blocks):
        return []
    del lines[start:end]
    return tags


def _segment(body: list[_Line]) -> list[_Block]:
    """Cut the body into blocks, each opened by a label, a heading or an unknown label.

    A line is judged by itself and the next line that is not blank (`_next_content`), so the
    work grows with the number of lines, not with its square.
    """
    blocks = [_Block(None, body[0].number if body else 0)]
    lower_part = False
    for line, next_clean in zip(body, _next_content(body), strict=True):
        opener = _opener(line, lower_part, next_clean)
        if opener is None:
            blocks[-1].lines.append(line)
            continue
        blocks.append(_Block(opener, line.number))
        if isinstance(opener, table.Heading) or (
            isinstance(opener, table.Label) and _field_of(opener.field).kind in _LOWER_PART
        ):
            lower_part = True
    return blocks


def _next_content(body: list[_Line]) -> list[str | None]:
    """For each line, the text of the first line after it that is not blank (None: the end)."""
    following: list[str | None] = [None] * len(body)
    nxt: str | None = None
    for index in range(len(body) - 1, -1, -1):
        following[index] = nxt
        if body[index].clean:
            nxt = body[index].clean
    return following


def _opener(
    line: _Line, lower_part: bool, next_clean: str | None
) -> table.Label | table.Heading | str | None:
    """Return what `line` opens, if anything; `next_clean` is the next line that is not blank."""
    clean = line.clean
    if not clean:
        return None
    label = table.LABEL_BY_TEXT.get(clean)
    heading = table.HEADING_BY_TEXT.get(clean)
    if label and label.text not in table.GUARDED_LABELS:
        return label
    if (label or heading) and (lower_part or _is_opener_text(next_clean)):
        return label or heading
    unknown = _UNKNOWN_LABEL.match(line.text.lstrip())
    if unknown and not label and not heading:
        return collapse_spaces(unknown["label"])
    return None


def _is_opener_text(clean: str | None) -> bool:
    """Tell whether a line (None: the end of the page) lets a guarded label stand before it."""
    return clean is None or clean in table.LABEL_BY_TEXT or clean in table.HEADING_BY_TEXT


def _field_of(path: str) -> table.Field:
    return table.FIELDS[path.replace("@.", "application.")]


def _is_label_fragment(text: str) -> bool:
    """Tell whether `text` is the start of a label or heading cut off by truncation."""
    openers = [*table.LABEL_BY_TEXT, *table.HEADING_BY_TEXT]
    return any(opener.startswith(text) and opener != text for opener in openers)


def _free_text(lines: Iterable[_Line]) -> str | None:
    """Join lines of free text: paragraphs and indentation kept, trailing spaces trimmed."""
    trimmed = [line.text.rstrip(SPACES) for line in lines]
    kept = [index for index, line in enumerate(trimmed) if line.strip()]
    if not kept:
        return None
    # Blank lines at either end go, in one slice (popping them one by one is quadratic).
    inner = trimmed[kept[0] : kept[-1] + 1]
    return "\n".join(line if line.strip() else "" for line in inner)


def _group(values: dict[str, _V], group: str) -> dict[str, _V]:
    """Return the values of the fields of one group ("library.phone"), named within it ("phone")."""
    prefix = group + "."
    return {path[len(prefix) :]: value for path, value in values.items() if path.startswith(prefix)}


class _RecordReader:
    """Reads the blocks of one page into the fields of a Record."""

    def __init__(self, source: str, header: _Line) -> None:
        self.source = source
        self.header = header
        # The values read, by field path, one dictionary per type of value.
        self.texts: dict[str, str] = {}
        self.amounts: dict[str, Decimal] = {}
        self.dates: dict[str, date] = {}
        self.counts: dict[str, int] = {}
        self.sections: dict[str, str | None] = {}
        self.raw: dict[str, str] = {}
        self.warnings: list[ParseWarning] = []
        self.extra: list[ExtraField] = []
        self.seen: set[str] = set()
        self.name_lines: list[_Line] = []
        self.decision_lines: list[_Line] = []
        self.money_block: str | None = None
        self.typed_lines: dict[int, str] = {}  # line number -> field, for values read from text

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(ParseWarning(line, message))

    def read(
        self,
        title: _Line,
        blocks: list[_Block],
        tags: list[_Line],
        last_line: int,
        cut_line: int | None,
    ) -> Record:
        lang, year, programme, funded = self._read_header()
        truncated = not tags and not self.has_decision_block(blocks)
        fragment = self._take_fragment(blocks) if truncated else None
        for block in blocks:
            self._read_block(block)
        truncated_in = None
        if truncated:
            self._note_cut_values(last_line, cut_line)
            truncated_in = self._cut_text(blocks, cut_line)
        if not any(path.startswith(("library.", "contact.")) for path in self.seen):
            raise ParseError(
                "expected the library block (a label such as 'Kirjaston osoite :' or "
                "'Yhteyshenkilön nimi :'), found the end of the text",
                source=self.source,
                line=last_line,
            )
        library_name = "\n".join(line.clean for line in self.name_lines) or None
        if library_name is None:
            self.warn(self.header.number + 1, "no library name above the library block")
        decision_text = _free_text(self.decision_lines)
        return Record(
            source=self.source,
            title=title.clean,
            year=year,
            programme=programme,
            funded=funded,
            label_language=lang,
            image_credit=self.texts.get("image_credit"),
            library=Library(name=library_name, **_group(self.texts, "library")),
            contact=Contact(**_group(self.texts, "contact")),
            sections=self.sections,
            start_date=self.dates.get("start_date"),
            end_date=self.dates.get("end_date"),
            application=Application(**_group(self.amounts, "application")),
            realized=Realized(**_group(self.amounts, "realized")),
            statistics=Statistics(**_group(self.counts, "statistics")),
            granted=self.amounts.get("granted"),
            decision_text=decision_text,
            tags=tuple(line.clean for line in tags),
            extra=tuple(self.extra),
            raw=self.raw,
            truncated=truncated,
            truncated_fragment=fragment,
            truncated_in=truncated_in,
            warnings=tuple(sorted(self.warnings, key=lambda warning: warning.line)),
        )

    # -- header -------------------------------------------------------------------------

    def _read_header(self) -> tuple[str, int, str, bool | None]:
        written = self.header.clean
        match = _HEADER.match(written)
        assert match is not None  # checked by _title_and_header
        lang = table.HEADER_WORDS[match["word"]]
        year = int(match["year"])
        programme = table.programme_of_kind(match["kind"])
        status = match["status"]
        funded = None
        if status is None:
            self.warn(
                self.header.number, "the header line does not say whether the project was funded"
            )
        elif status in table.STATUS_PHRASES:
            funded = table.STATUS_PHRASES[status][1]
        else:
            self.warn(
                self.header.number,
                f"unknown funding status {quote(status)} in the header line",
            )
        if table.render_header(lang, year, programme, funded) != written:
            self.raw["header"] = written
        return lang, year, programme, funded

    # -- truncation ---------------------------------------------------------------------

    @staticmethod
    def has_decision_block(blocks: list[_Block]) -> bool:
        """Tell whether the page reaches its decision (a granted amount or a decision text)."""
        return any(
            (
                (isinstance(block.opener, table.Heading) and block.opener.block == "decision")
                or (isinstance(block.opener, table.Label) and block.opener.field == "granted")
            )
            and block.content()
            for block in blocks
        )

    @staticmethod
    def _take_fragment(blocks: list[_Block]) -> str | None:
        """Remove and return the last line of a truncated page when it is a cut-off label."""
        last = blocks[-1]
        content = last.content()
        if not content or not _is_label_fragment(content[-1].clean):
            return None
        last.lines.remove(content[-1])
        return content[-1].clean

    def _cut_text(self, blocks: list[_Block], cut_line: int | None) -> str | None:
        """Return the free-text field a page cut short ends inside, saying so; else None.

        Its last words are incomplete ("Tyrnävän ki"). Only a cut list of names is a warning:
        its last name would otherwise be read as whole; most copies end inside a text.
        """
        last = blocks[-1]
        label = last.opener
        content = last.content()
        if not (
            isinstance(label, table.Label)
            and content
            and content[-1].number == cut_line
            and label.field in table.FIELDS  # not a money block's field ("@.own_funding")
            and table.FIELDS[label.field].kind is Kind.TEXT
        ):
            return None
        if label.field in _NAME_LISTS:
            last_name = quote(content[-1].clean.rsplit(",", 1)[-1].strip())
            self.warn(
                cut_line,
                f"{label.field}: the page copy ends inside this list; its last name "
                f"({last_name}) is cut off and not read",
            )
        return label.field

    def _note_cut_values(self, last: int, cut_line: int | None) -> None:
        """Say so where a truncated page ends: in a value that was read, or one that was not.

        A value on a line cut short (`cut_line`) may read well and still be incomplete (`€1`
        from `€12 800`) unless its form shows its end, as a full date or a count's unit does.
        """
        path = self.typed_lines.get(last)
        if path and last == cut_line and all(warning.line != last for warning in self.warnings):
            kind = table.FIELDS[path].kind if path in table.FIELDS else None
            shows_its_end = (
                kind in (Kind.DATE, Kind.BUSINESS_ID)
                or path == "library.postal_code"  # five digits, or a doubt said already
                or (kind is Kind.COUNT and self.raw.get(path) is None)  # its unit ends it
            )
            if not shows_its_end:
                self.warn(last, f"{path}: the value may be incomplete")
        self.warnings = [
            ParseWarning(w.line, w.message + " (the page text is cut off here)")
            if w.line == last
            else w
            for w in self.warnings
        ]

    # -- blocks -------------------------------------------------------------------------

    def _read_block(self, block: _Block) -> None:
        opener = block.opener
        if opener is None:
            self.name_lines.extend(block.content())
        elif isinstance(opener, str):
            self._keep_extra(
                block, opener, f"unknown label {opener!r}; its text is kept under extra"
            )
        elif isinstance(opener, table.Heading):
            self._read_heading(block, opener)
        else:
            self._read_label(block, opener)

    def _keep_extra(self, block: _Block, label: str, warning: str) -> None:
        self.extra.append(ExtraField(label, _free_text(block.lines), block.line))
        self.warn(block.line, warning)

    def _read_heading(self, block: _Block, heading: table.Heading) -> None:
        if heading.block == "decision":
            self.decision_lines.extend(block.lines)
            return
        self.money_block = heading.block if heading.block in table.MONEY_BLOCKS else None
        if block.content():
            self._keep_extra(
                block,
                heading.text,
                f"text under the heading {heading.text!r} has no label; kept under extra",
            )

    def _read_label(self, block: _Block, label: table.Label) -> None:
        path = label.field
        if path.startswith("@."):
            if self.money_block is None:
                self.warn(
                    block.line,
                    f"{label.text!r} stands outside a money block; read as the application's",
                )
            path = path.replace("@", self.money_block or "application")
        if path in self.seen:
            self._keep_extra(
                block,
                label.text,
                f"{label.text!r} appears again; the second value is kept under extra",
            )
            return
        self.seen.add(path)
        spec = table.FIELDS[path]
        if spec.kind is Kind.TEXT:
            self.sections[path.removeprefix("sections.")] = _free_text(block.lines)
        elif spec.kind is Kind.CREDIT:
            self._read_credit(block)
        elif spec.kind is Kind.ADDRESS:
            self._read_address(block)
        elif spec.kind is Kind.GRANTED:
            self._read_granted(block)
        else:
            self._read_value(block, spec, path)

    def _read_credit(self, block: _Block) -> None:
        content = block.content()
        if content:
            self.texts["image_credit"] = content[0].clean
            self.name_lines.extend(content[1:])

    def _read_address(self, block: _Block) -> None:
        content = block.content()
        if content and looks_like_postal_code(content[-1].clean):
            postal = content.pop()
            try:
                reading = read_postal_code(postal.clean)
            except UnreadableValue as exc:
                self.raw["library.postal_code"] = postal.clean
                self.warn(postal.number, f"library.postal_code: {exc}; the text is kept under raw")
            else:
                self.texts["library.postal_code"] = reading.value
                self._note("library.postal_code", postal, reading.doubt, reading.value)
        street = "\n".join(line.clean for line in content)
        if street:
            self.texts["library.street_address"] = street

    def _read_granted(self, block: _Block) -> None:
        content = block.content()
        if not content:
            return
        first = content[0]
        self._read_value(
            _Block(block.opener, block.line, [first]), table.FIELDS["granted"], "granted"
        )
        self.decision_lines.extend(block.lines[block.lines.index(first) + 1 :])

    def _read_value(self, block: _Block, spec: table.Field, path: str) -> None:
        content = block.content()
        if not content:
            return
        text = "\n".join(line.clean for line in content)
        if spec.kind is Kind.LINE:
            self.texts[path] = text
            self.typed_lines[content[-1].number] = path
            return
        try:
            if len(content) > 1:
                raise UnreadableValue(f"expected one line, found {len(content)}")
            self._read_typed(spec, path, content[0])
        except UnreadableValue as exc:
            self.raw[path] = text
            self.warn(content[0].number, f"{path}: {exc}; the text is kept under raw")

    def _read_typed(self, spec: table.Field, path: str, line: _Line) -> None:
        """Read the line as the field's type and keep the value (UnreadableValue if it is not)."""
        text = line.clean
        if spec.kind is Kind.MONEY or spec.kind is Kind.GRANTED:
            money = read_money(text)
            self.amounts[path] = money.value
            self._note(path, line, money.doubt, render_money(money.value))
        elif spec.kind is Kind.DATE:
            day = read_date(text)
            self.dates[path] = day.value
            self._note(path, line, day.doubt, render_date(day.value))
        elif spec.kind is Kind.COUNT:
            count = read_count(text)
            self.counts[path] = count.value
            self._note(path, line, count.doubt, render_count(count.value, spec.unit or ""))
        else:
            reading = _TEXT_READERS[spec.kind](text)
            self.texts[path] = reading.value
            self._note(path, line, reading.doubt, reading.value)

    def _note(self, path: str, line: _Line, doubt: str | None, canonical: str) -> None:
        """Note what came with a value read from `line`: its line, its raw text, a doubt.

        `canonical` is how the page would write the value: a line written otherwise is kept
        under raw.
        """
        if path == "library.business_id" and (name := business_id_note(line.clean)):
            self.texts["library.legal_body_name"] = name
        self.typed_lines[line.number] = path
        if canonical != line.clean:
            self.raw[path] = line.clean
        if doubt:
            self.warn(line.number, f"{path}: {doubt}")
