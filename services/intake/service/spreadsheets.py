"""Reading an uploaded spreadsheet (XLSX or CSV) as records, in bounded memory and time.

Nothing is allocated by what a file declares (an XLSX sheet's dimension, a row or column
number): rows are read one at a time from the decompressed stream, empty rows and cells are
skipped without being materialised, and every figure that costs memory or time is capped
(``Limits``). An XLSX archive's members are checked (count, total decompressed size,
compression ratio) before any of them is decompressed. A refusal is a ``FieldError`` on
``file`` whose reason says what was too large.
"""

from __future__ import annotations

import codecs
import csv
import io
import posixpath
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import IO, Any
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from shared.errors import FieldError

Record = tuple[int, list[str]]
"""A non-empty row: its number in the file, and its cells' text from the first column."""

TOO_LARGE = "too_large"
CHUNK = 64 * 1024
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
MAX_COLUMN_LETTERS = 3  # XFD, Excel's last column
MAX_COLUMN = 16_384  # XFD


@dataclass(frozen=True)
class Limits:
    """What one uploaded file may hold."""

    rows: int = 5000
    """Non-empty data rows under the header."""
    columns: int = 64
    """The last column that may hold a value."""
    cells: int = 150_000
    """Cells holding a value, header included."""
    cell_chars: int = 2000
    """Characters in one cell (a CSV field)."""
    unzipped_bytes: int = 40 * 1024 * 1024
    """An XLSX archive's members, decompressed, all together."""
    compression_ratio: int = 100
    """Decompressed to compressed size of any XLSX member larger than ``ratio_floor``."""
    ratio_floor: int = 1024 * 1024
    members: int = 1000
    """Members of an XLSX archive."""
    shared_strings_chars: int = 10_000_000
    """Characters in an XLSX workbook's shared strings, all together."""
    styles: int = 65_000
    """Cell formats in an XLSX workbook (Excel allows 64,000)."""


def too_large(reason: str, **params: Any) -> FieldError:
    """Returns the refusal of a file that holds more than a limit allows."""
    return FieldError("file", reason, kind=TOO_LARGE, **params)


class _Counter:
    """Counts cells holding a value and refuses the one past the limit."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.cells = 0
        self.rows = 0

    def row(self, number: int, cells: dict[int, str]) -> Record | None:
        values = {column: text for column, text in cells.items() if text.strip()}
        if not values:
            return None
        widest = max(values)
        if widest > self.limits.columns:
            raise too_large(
                "has a value in column {column} (row {row}): at most {columns} columns are read",
                column=widest,
                row=number,
                columns=self.limits.columns,
            )
        self.cells += len(values)
        if self.cells > self.limits.cells:
            raise too_large(
                "holds more than {cells} filled cells: split it", cells=self.limits.cells
            )
        self.rows += 1
        if self.rows > self.limits.rows + 1:  # the header and the data rows
            raise too_large("has more than {rows} rows: split it", rows=self.limits.rows)
        return number, [values.get(column, "") for column in range(1, widest + 1)]


def _cell_chars(text: str, limits: Limits, row: int) -> str:
    if len(text) > limits.cell_chars:
        raise too_large(
            "has a cell longer than {chars} characters (row {row})",
            chars=limits.cell_chars,
            row=row,
        )
    return text


# -- CSV -------------------------------------------------------------------------------------


def csv_records(content: bytes, limits: Limits) -> Iterator[Record]:
    """Yields a CSV file's non-empty records (numbered from 1), decoding as it reads: UTF-8
    (Excel's "CSV UTF-8"), else Windows-1258 (Vietnamese Windows)."""
    encoding = "utf-8-sig" if _decodes(content, "utf-8-sig") else "cp1258"
    if encoding == "cp1258" and not _decodes(content, "cp1258"):
        raise FieldError("file", "is neither UTF-8 nor Windows-1258 text")
    head = content[:CHUNK].decode(encoding, errors="ignore")
    first_line = head.replace("\r", "\n").split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    counter = _Counter(limits)
    # BytesIO shares the bytes; the wrapper decodes a chunk at a time
    text = io.TextIOWrapper(io.BytesIO(content), encoding=encoding, newline="")
    lines = _RecordLines(text, limits)
    try:
        for number, fields in enumerate(csv.reader(lines, delimiter=delimiter), start=1):
            lines.next_record()
            if len(fields) > limits.columns and any(f.strip() for f in fields[limits.columns :]):
                raise too_large(
                    "has a value past column {columns} (row {row}): at most {columns} columns "
                    "are read",
                    columns=limits.columns,
                    row=number,
                )
            cells = {
                column: _cell_chars(field, limits, number)
                for column, field in enumerate(fields[: limits.columns], start=1)
            }
            record = counter.row(number, cells)
            if record is not None:
                yield record
    except csv.Error as exc:  # csv's messages name the problem, never a cell's content
        if "field larger than field limit" in str(exc):
            raise too_large(
                "has a cell longer than {chars} characters", chars=limits.cell_chars
            ) from exc
        raise FieldError("file", "is not readable CSV") from exc


class _RecordLines:
    """A CSV text's lines, refusing a record longer than a full row of the widest cells could
    be, before csv builds its fields (a line of delimiters alone is millions of fields)."""

    def __init__(self, text: io.TextIOWrapper, limits: Limits) -> None:
        self.text = text
        self.limits = limits
        # every column's widest cell, quoted, its quotes doubled, with a delimiter
        self.longest = limits.columns * (2 * limits.cell_chars + 3)
        self.used = 0

    def __iter__(self) -> _RecordLines:
        return self

    def __next__(self) -> str:
        line = self.text.readline(self.longest - self.used + 1)
        if not line:
            raise StopIteration
        self.used += len(line)
        if self.used > self.longest:
            raise too_large(
                "has a record of more than {longest} characters: a cell longer than {chars} "
                "characters, or more than {columns} columns",
                longest=self.longest,
                chars=self.limits.cell_chars,
                columns=self.limits.columns,
            )
        return line

    def next_record(self) -> None:
        """Starts the count of the next record."""
        self.used = 0


def _decodes(content: bytes, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(content)
    try:
        for start in range(0, len(content), CHUNK):
            decoder.decode(view[start : start + CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


# -- XLSX ------------------------------------------------------------------------------------


def xlsx_records(content: bytes, limits: Limits) -> Iterator[Record]:
    """Yields the first worksheet's non-empty rows (numbered as in the sheet), reading each
    part as a stream once the archive's members were checked."""
    try:
        archive = zipfile.ZipFile(_BytesReader(content))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise FieldError("file", "is not a readable XLSX workbook") from exc
    with archive:
        _check_members(archive, limits)
        try:
            workbook, sheet, strings, styles = _parts(archive)
            date1904 = _workbook_flags(archive, workbook)
            shared = _shared_strings(archive, strings, limits) if strings else []
            date_styles = _date_styles(archive, styles, limits) if styles else set()
            epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
            yield from _sheet_rows(archive, sheet, shared, date_styles, epoch, limits)
        except FieldError:
            raise
        except (KeyError, ValueError, IndexError, zipfile.BadZipFile, expat.ExpatError) as exc:
            raise FieldError("file", "is not a readable XLSX workbook") from exc


class _BytesReader:
    """A seekable read-only view of bytes (no copy, unlike io.BytesIO of a memoryview)."""

    def __init__(self, content: bytes) -> None:
        self.content = content
        self.position = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.content) if size < 0 else self.position + size
        piece = self.content[self.position : end]
        self.position += len(piece)
        return piece

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (0, self.position, len(self.content))[whence]
        self.position = max(0, base + offset)
        return self.position

    def tell(self) -> int:
        return self.position

    def seekable(self) -> bool:
        return True


def _check_members(archive: zipfile.ZipFile, limits: Limits) -> None:
    members = archive.infolist()
    if len(members) > limits.members:
        raise too_large("is an archive of more than {parts} parts", parts=limits.members)
    total = sum(m.file_size for m in members)
    if total > limits.unzipped_bytes:
        raise too_large(
            "decompresses to more than {megabytes} MB: split it",
            megabytes=limits.unzipped_bytes // (1024 * 1024),
        )
    for member in members:
        if member.file_size > limits.ratio_floor and (
            member.file_size > limits.compression_ratio * max(member.compress_size, 1)
        ):
            raise too_large(
                "has a part compressed more than {ratio} to 1 (a zip bomb?): save it again "
                "from Excel",
                ratio=limits.compression_ratio,
            )


def _refuse_dtd(*_: Any) -> None:
    raise FieldError("file", "is not a readable XLSX workbook (it declares a DTD)")


def _parser(
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    text: Callable[[str], None] | None,
) -> expat.XMLParserType:
    """Returns an expat parser that calls these handlers and refuses DTDs and entities."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    parser.buffer_text = True
    return parser


def _parse(
    stream: IO[bytes],
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    text: Callable[[str], None] | None = None,
) -> None:
    """Feeds an XML part to expat in chunks; refuses DTDs and entity declarations."""
    parser = _parser(start, end, text)
    while chunk := stream.read(CHUNK):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1]


def _relationships(archive: zipfile.ZipFile, rels_path: str, base: str) -> dict[str, str]:
    """Returns each relationship's id and type (its last word) -> the target's path."""
    found: dict[str, str] = {}

    def start(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "Relationship" and len(found) < 1000:
            target = attrs.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
            path = posixpath.normpath(path)
            found[attrs.get("Id", "")] = path
            found.setdefault("type:" + attrs.get("Type", "").rsplit("/", 1)[-1], path)

    if rels_path in archive.namelist():
        with archive.open(rels_path) as stream:
            _parse(stream, start, lambda _: None)
    return found


def _parts(archive: zipfile.ZipFile) -> tuple[str, str, str | None, str | None]:
    """Returns the paths of the workbook, its first worksheet, shared strings and styles."""
    package = _relationships(archive, "_rels/.rels", "")
    workbook = package.get("type:officeDocument", "xl/workbook.xml")
    folder = posixpath.dirname(workbook)
    rels = _relationships(
        archive, posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels"), folder
    )
    first: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "sheet" and not first:
            first.append(attrs.get(f"{REL_NS} id", ""))

    with archive.open(workbook) as stream:
        _parse(stream, start, lambda _: None)
    if not first or first[0] not in rels:
        raise FieldError("file", "is not a readable XLSX workbook (it has no worksheet)")
    return workbook, rels[first[0]], rels.get("type:sharedStrings"), rels.get("type:styles")


def _workbook_flags(archive: zipfile.ZipFile, workbook: str) -> bool:
    """Returns whether the workbook counts dates from 1904 (old Mac Excel)."""
    found: list[bool] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "workbookPr":
            found.append(attrs.get("date1904", "0").lower() in ("1", "true"))

    with archive.open(workbook) as stream:
        _parse(stream, start, lambda _: None)
    return bool(found and found[0])


def _shared_strings(archive: zipfile.ZipFile, path: str, limits: Limits) -> list[str]:
    """Returns the shared strings, each the text of its runs (phonetic hints left out)."""
    strings: list[str] = []
    parts: list[str] = []
    state = {"in_t": False, "skip": 0, "chars": 0}

    def start(name: str, _: dict[str, str]) -> None:
        local = _local(name)
        if local == "si":
            parts.clear()
        elif local in ("rPh", "phoneticPr"):
            state["skip"] += 1
        elif local == "t" and not state["skip"]:
            state["in_t"] = True

    def end(name: str) -> None:
        local = _local(name)
        if local == "t":
            state["in_t"] = False
        elif local in ("rPh", "phoneticPr"):
            state["skip"] -= 1
        elif local == "si":
            if len(strings) >= limits.cells:
                raise too_large(
                    "holds more than {cells} distinct texts: split it", cells=limits.cells
                )
            strings.append("".join(parts))

    def text(data: str) -> None:
        if state["in_t"]:
            state["chars"] += len(data)
            if state["chars"] > limits.shared_strings_chars:
                raise too_large(
                    "holds more than {chars} characters of text",
                    chars=limits.shared_strings_chars,
                )
            parts.append(data)

    with archive.open(path) as stream:
        _parse(stream, start, end, text)
    return strings


def _date_styles(archive: zipfile.ZipFile, path: str, limits: Limits) -> set[int]:
    """Returns the indexes of the cell formats that show a number as a date or time."""
    custom: dict[int, str] = {}
    formats: list[int] = []
    depth = {"cellXfs": 0}

    def start(name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "numFmt" and len(custom) < limits.styles:
            custom[int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")
        elif local == "cellXfs":
            depth["cellXfs"] += 1
        elif local == "xf" and depth["cellXfs"]:
            if len(formats) >= limits.styles:
                raise too_large("has more than {styles} cell formats", styles=limits.styles)
            formats.append(int(attrs.get("numFmtId", "0")))

    def end(name: str) -> None:
        if _local(name) == "cellXfs":
            depth["cellXfs"] -= 1

    with archive.open(path) as stream:
        _parse(stream, start, end)
    return {
        index
        for index, format_id in enumerate(formats)
        if is_date_format(custom.get(format_id) or BUILTIN_FORMATS.get(format_id) or "")
    }


def _column_number(reference: str) -> int:
    letters = reference.rstrip("0123456789")
    if not letters or len(letters) > MAX_COLUMN_LETTERS or not letters.isalpha():
        raise ValueError("not a cell reference")
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _row_number(reference: str) -> int:
    digits = reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    return int(digits) if digits else 0


def _number_text(value: str, dated: bool, epoch: datetime) -> str:
    if dated:
        moment = from_excel(float(value), epoch=epoch)
        if isinstance(moment, datetime):
            return moment.date().isoformat()
        if isinstance(moment, date | time):
            return moment.isoformat()
        if isinstance(moment, timedelta):
            return str(moment)
    if not any(mark in value for mark in ".eE"):
        return str(int(value))
    number = float(value)
    return str(int(number)) if number.is_integer() else str(number)


def _sheet_rows(
    archive: zipfile.ZipFile,
    path: str,
    shared: list[str],
    date_styles: set[int],
    epoch: datetime,
    limits: Limits,
) -> Iterator[Record]:
    """Yields the sheet's non-empty rows as the stream is parsed; holds one row at a time."""
    counter = _Counter(limits)
    ready: list[Record] = []
    row: dict[int, str] = {}
    cell: dict[str, str] = {}
    parts: list[str] = []
    position = {"row": 0, "column": 0, "in_value": 0, "skip": 0, "chars": 0}

    def start(name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "row":
            reference = attrs.get("r")
            number = int(reference) if reference else position["row"] + 1
            if number <= position["row"]:  # results are kept by row number: one per row
                raise FieldError(
                    "file",
                    "numbers row {number} after row {previous}: each row must have its own "
                    "number, in increasing order",
                    number=number,
                    previous=position["row"],
                )
            position["row"] = number
            position["column"] = 0
            row.clear()
        elif local == "c":
            reference = attrs.get("r")
            position["column"] = _column_number(reference) if reference else position["column"] + 1
            position["chars"] = 0
            cell.clear()
            cell.update(t=attrs.get("t", "n"), s=attrs.get("s", "0"))
            parts.clear()
        elif local in ("rPh", "f"):
            position["skip"] += 1
        elif local in ("v", "t") and not position["skip"]:
            position["in_value"] = 1

    def end(name: str) -> None:
        local = _local(name)
        if local in ("v", "t"):
            position["in_value"] = 0
        elif local in ("rPh", "f"):
            position["skip"] -= 1
        elif local == "c":
            raw = "".join(parts)
            if raw:
                try:
                    value = _cell_text(cell, raw)
                except OverflowError as exc:  # a date serial past year 9999 or before year 1
                    column = get_column_letter(min(position["column"], MAX_COLUMN))
                    cell_name = f"{column}{position['row']}"
                    raise FieldError(
                        "file", "has a date out of range in cell {cell}", cell=cell_name
                    ) from exc
                row[position["column"]] = _cell_chars(value, limits, position["row"])
        elif local == "row":
            record = counter.row(position["row"], row)
            if record is not None:
                ready.append(record)

    def text(data: str) -> None:
        if position["in_value"]:
            parts.append(data)
            position["chars"] += len(data)
            if position["chars"] > limits.cell_chars:
                raise too_large(
                    "has a cell longer than {chars} characters (row {row})",
                    chars=limits.cell_chars,
                    row=position["row"],
                )

    def _cell_text(found: dict[str, str], raw: str) -> str:
        kind = found["t"]
        if kind == "s":
            return shared[int(raw)].strip()
        if kind == "b":
            return "True" if raw.strip() in ("1", "true") else "False"
        if kind in ("str", "inlineStr", "e"):
            return raw.strip()
        if kind == "d":
            return datetime.fromisoformat(raw.strip()).date().isoformat()
        return _number_text(raw.strip(), int(found["s"] or 0) in date_styles, epoch)

    parser = _parser(start, end, text)
    with archive.open(path) as stream:
        while chunk := stream.read(CHUNK):
            parser.Parse(chunk, False)
            yield from ready
            ready.clear()
        parser.Parse(b"", True)
        yield from ready
