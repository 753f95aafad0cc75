"""Read an upload into dataset files: CSV or Parquet files, a zip of a data folder, one
Excel workbook with a sheet per dataset, or IATI 2.03 activity files (.xml). Limits and file
types are checked before anything is unpacked; every refusal is a `Problem` that says what
to do.

IATI activity files go through the same import as `python -m analytics import-iati`
(`analytics.iati`, which refuses DTDs and entities): the datasets it makes are written as CSV
files, their countries completing the served folder's countries.

A workbook's sheets are written as CSV files and checked by the same loader as every other
extract; `Origin.rows` maps each CSV line back to the row Excel shows, so the problems
name the sheet and the spreadsheet row the data manager sees.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from analytics import contract, settings
from analytics.problems import Problem
from analytics.read_extracts import DATA_SUFFIXES, normalise_header

MB = 1024 * 1024
WORKBOOK_MEMBERS = 10_000  # parts of one .xlsx; Excel writes a few dozen
_MACRO_SUFFIXES = {".xlsm", ".xltm", ".xlam", ".xlsb", ".xla", ".xlm", ".docm", ".pptm"}
_OLD_EXCEL = {".xls", ".xlt"}
_OTHER_SHEETS = {".ods", ".numbers"}
EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 on Windows (1900 date system)


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_files: int
    max_unzipped_bytes: int
    max_cells: int

    @classmethod
    def for_files_on_disk(cls) -> Limits:
        """A data drop already on the server (the CLI): no size or count limit, but the
        unpacking limits still hold (a zip bomb is one wherever it comes from)."""
        limits = cls.from_settings()
        return cls(max_bytes=1 << 62, max_files=1 << 31,
                   max_unzipped_bytes=limits.max_unzipped_bytes, max_cells=limits.max_cells)

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(max_bytes=settings.number(settings.MAX_UPLOAD_MB) * MB,
                   max_files=settings.number(settings.MAX_UPLOAD_FILES),
                   max_unzipped_bytes=settings.number(settings.MAX_UNZIPPED_MB) * MB,
                   max_cells=settings.number(settings.MAX_CELLS))


@dataclass
class Origin:
    """Where a dataset's file came from, as the data manager names it."""

    label: str  # "book.xlsx › activities", "data.zip › activities.csv", "activities.csv"
    rows: list[int] | None = None  # CSV line k (from 1) is spreadsheet row rows[k - 1]

    def row(self, line: int | None) -> int | None:
        if line is None or self.rows is None:
            return line
        return self.rows[line - 1] if 0 < line <= len(self.rows) else line


@dataclass
class Upload:
    """The dataset files read from an upload, and what was wrong with it."""

    files: dict[str, Path] = field(default_factory=dict)  # dataset -> file in the work folder
    origins: dict[str, Origin] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def refuse(self, file: str, rule: str, line: int | None = None, column: str | None = None,
               value: str | None = None) -> None:
        self.problems.append(Problem(file, line, column, value, rule))


def _mb(n: int) -> str:
    return f"{n / MB:.1f} MB"


def _size(item: bytes | Path) -> int:
    return item.stat().st_size if isinstance(item, Path) else len(item)


def _head(item: bytes | Path, n: int = 1 << 16) -> bytes:
    if isinstance(item, Path):
        with item.open("rb") as fh:
            return fh.read(n)
    return item[:n]


def _tail(item: bytes | Path, n: int = 4) -> bytes:
    if isinstance(item, Path):
        with item.open("rb") as fh:
            fh.seek(max(0, item.stat().st_size - n))
            return fh.read(n)
    return item[-n:]


def read_upload(items: list[tuple[str, bytes | Path]], work_dir: Path,
                limits: Limits | None = None, countries_from: Path | None = None) -> Upload:
    """The dataset files of the uploaded `(name, content)` items, written into `work_dir`.

    `countries_from` is the served data folder: the countries an IATI import writes are its
    countries (names, member flags) completed with the activities' recipient countries.
    """
    limits = limits or Limits.from_settings()
    up = Upload()
    if not items:
        up.refuse("(upload)", "no file was uploaded: choose CSV or Parquet files, a zip of the "
                  "data folder, one .xlsx workbook, or IATI 2.03 activity files (.xml)")
        return up
    if len(items) > limits.max_files:
        up.refuse("(upload)", f"{len(items)} files is more than the limit of "
                  f"{limits.max_files}: upload a zip of the data folder instead, or fewer files")
        return up
    total = sum(_size(content) for _, content in items)
    if total > limits.max_bytes:
        up.refuse("(upload)", f"the upload is {_mb(total)}, more than the limit of "
                  f"{_mb(limits.max_bytes)}: send Parquet instead of CSV (about 5 times "
                  "smaller), or ask the administrator to raise IPR_MAX_UPLOAD_MB")
        return up
    work_dir.mkdir(parents=True, exist_ok=True)
    xml_files: list[tuple[str, bytes | Path]] = []
    for name, content in items:
        name = PurePosixPath(name.replace("\\", "/")).name or "(unnamed)"
        suffix = PurePosixPath(name).suffix.lower()
        if suffix in DATA_SUFFIXES:
            _dataset_file(up, name, name, content, work_dir)
        elif suffix == ".zip":
            _zip_upload(up, name, content, work_dir, limits)
        elif suffix == ".xlsx":
            _workbook(up, name, content, work_dir, limits)
        elif suffix == ".xml":
            xml_files.append((name, content))  # imported together, after the other files
        elif suffix in _MACRO_SUFFIXES:
            up.refuse(name, "macro-enabled and binary workbooks are refused (macros can run "
                      "code): in Excel choose File → Save As → 'Excel Workbook (.xlsx)' and "
                      "upload that")
        elif suffix in _OLD_EXCEL:
            up.refuse(name, "the old Excel format (.xls) is not read: save the workbook as "
                      "'Excel Workbook (.xlsx)' and upload that")
        elif suffix in _OTHER_SHEETS:
            up.refuse(name, "this spreadsheet format is not read: save it as .xlsx or export "
                      "each sheet as CSV UTF-8")
        else:
            up.refuse(name, f"files of type '{suffix or '(none)'}' are not accepted: upload CSV "
                      "or Parquet files named after their dataset, a zip of the data folder, "
                      "one .xlsx workbook, or IATI 2.03 activity files (.xml)")
    if xml_files:
        _iati_files(up, xml_files, work_dir, limits, countries_from)
    return up


def _iati_files(up: Upload, xml_files: list[tuple[str, bytes | Path]], work_dir: Path,
                limits: Limits, countries_from: Path | None) -> None:
    """The datasets IATI activity files make, as CSV files, with the import's summary as
    notices and its problems as the upload's."""
    from analytics import iati

    paths = []
    for i, (name, content) in enumerate(xml_files):
        if isinstance(content, Path):
            paths.append(content)  # a data drop on disk: read where it is
            continue
        path = work_dir / "iati" / str(i) / name  # its own name: the summary says it
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        paths.append(path)
    names = ", ".join(name for name, _ in xml_files)
    served = (iati.read_countries(countries_from)
              if countries_from is not None and countries_from.is_dir() else [])
    result = iati.import_iati(paths, max_bytes=limits.max_bytes, existing_countries=served)
    summary = result.summary
    for p in summary.problems:
        up.refuse(p.file, p.rule, line=p.line, column=p.column, value=p.value)
    if not summary.rows.get("activities"):
        return  # nothing imported: the problems say why
    up.notices.append(f"{names}: {summary.lines()[0]} (IATI import; participation, seizures "
                      "and challenges keep their current version unless uploaded).")
    for skipped, n in sorted(summary.skipped.items(), key=lambda kv: kv[0].element):
        up.notices.append(f"{names}: not mapped (left out of the data folder): "
                          f"{skipped.element}: {n} ({skipped.why}).")
    for note in summary.notes:
        up.notices.append(f"{names}: value changed or left out: {note.message()}")
    made = []
    for dataset in iati.PRODUCED:
        if dataset in up.files:
            up.refuse(names, f"the dataset {dataset} is in the upload twice (made by the IATI "
                      f"import and also {up.origins[dataset].label}): keep one")
        else:
            made.append(dataset)
    for path in iati.write_datasets(result, work_dir, made):
        dataset = path.stem
        up.files[dataset] = path
        up.origins[dataset] = Origin(f"{names} › {dataset} (IATI import)")


def _dataset_of(up: Upload, label: str, file_name: str) -> str | None:
    dataset = PurePosixPath(file_name).stem.strip().casefold()
    if dataset not in contract.BY_NAME:
        up.refuse(label, "the file name is not a dataset name: name each file after its "
                  "dataset (" + ", ".join(f"{d.name}.csv" for d in contract.DATASETS) + ")")
        return None
    if dataset in up.files:
        up.refuse(label, f"the dataset {dataset} is in the upload twice (also "
                  f"{up.origins[dataset].label}): keep one")
        return None
    return dataset


def _dataset_file(up: Upload, label: str, file_name: str, content: bytes | Path,
                  work_dir: Path) -> None:
    """A CSV or Parquet file, after checking it is what its name says."""
    fmt = DATA_SUFFIXES[PurePosixPath(file_name).suffix.lower()]
    head = _head(content)
    if fmt == "csv":
        if head.startswith(b"PK\x03\x04"):
            up.refuse(label, "this is an Excel workbook or a zip named .csv: upload it with "
                      "its own name (.xlsx or .zip), or save the sheet as CSV UTF-8")
            return
        if head.startswith(b"PAR1"):
            up.refuse(label, "this is a Parquet file named .csv: rename it to .parquet")
            return
        if b"\0" in head:
            up.refuse(label, "this is not text (it holds binary data): save the sheet as "
                      "CSV UTF-8 and upload that")
            return
    else:
        if not (head.startswith(b"PAR1") and _tail(content) == b"PAR1"):
            up.refuse(label, "not a complete Parquet file (it may be another format, or the "
                      "upload stopped halfway): export it again and upload it again")
            return
    dataset = _dataset_of(up, label, file_name)
    if dataset is None:
        return
    target = work_dir / f"{dataset}.{'csv' if fmt == 'csv' else 'parquet'}"
    if isinstance(content, Path):
        shutil.copyfile(content, target)  # a data drop on disk: never all in memory
    else:
        target.write_bytes(content)
    up.files[dataset] = target
    up.origins[dataset] = Origin(label)


def _open_zip(up: Upload, name: str, content: bytes | Path, limits: Limits,
              what: str) -> zipfile.ZipFile | None:
    """The archive, once its size, member count and names are checked; None if refused."""
    head = _head(content, 4)
    if head[:2] != b"PK":
        hint = ("it looks like CSV text: rename it to .csv" if what == "workbook"
                and not head.startswith(b"\xd0\xcf") else
                "it is an old .xls workbook: save it as .xlsx" if head.startswith(b"\xd0\xcf")
                else "save it again in that format")
        up.refuse(name, f"this file is not a{'n Excel' if what == 'workbook' else ''} {what}: "
                  + hint)
        return None
    try:
        zf = zipfile.ZipFile(content if isinstance(content, Path) else io.BytesIO(content))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        up.refuse(name, f"the {what} is damaged or incomplete (the upload may have stopped "
                  "halfway): upload it again")
        return None
    if len(infos) > (WORKBOOK_MEMBERS if what == "workbook" else 10 * limits.max_files + 100):
        up.refuse(name, f"the {what} holds {len(infos)} parts, far more than a data folder: "
                  "upload the dataset files only")
        return None
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_unzipped_bytes:
        up.refuse(name, f"the {what} unpacks to {_mb(declared)}, more than the limit of "
                  f"{_mb(limits.max_unzipped_bytes)}: split it, or send Parquet files")
        return None
    for info in infos:
        member = info.filename
        parts = PurePosixPath(member.replace("\\", "/")).parts
        if member.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", member) or ".." in parts:
            up.refuse(name, f"the {what} holds a path that climbs out of its folder "
                      f"({member!r}): make the zip from inside the data folder", value=member)
            return None
        if stat.S_ISLNK(info.external_attr >> 16):
            up.refuse(name, f"the {what} holds a link ({member!r}), not a file: zip the files "
                      "themselves", value=member)
            return None
        if info.flag_bits & 0x1:
            up.refuse(name, f"the {what} is password-protected: save it without a password",
                      value=member)
            return None
    return zf


def _read_member(up: Upload, name: str, zf: zipfile.ZipFile, info: zipfile.ZipInfo,
                 budget: list[int]) -> bytes | None:
    """The member's bytes, counted as they unpack: a header that lies is caught too."""
    chunks, size = [], 0
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(1 << 20):
                size += len(chunk)
                if size > budget[0]:
                    up.refuse(name, "the zip unpacks to more than the limit of "
                              f"{_mb(budget[1])}: split it, or send Parquet files")
                    return None
                chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        up.refuse(name, f"{info.filename} in the zip is damaged ({exc}): zip the folder again "
                  "and upload it again")
        return None
    budget[0] -= size
    return b"".join(chunks)


def _zip_upload(up: Upload, name: str, content: bytes | Path, work_dir: Path,
                limits: Limits) -> None:
    zf = _open_zip(up, name, content, limits, "zip")
    if zf is None:
        return
    budget = [limits.max_unzipped_bytes, limits.max_unzipped_bytes]
    # Finder's __MACOSX copies and hidden files are not extracts.
    members = [i for i in zf.infolist() if not i.is_dir() and not any(
        p.startswith((".", "__MACOSX")) for p in PurePosixPath(i.filename).parts)]
    data_members = [i for i in members
                    if PurePosixPath(i.filename).suffix.lower() in DATA_SUFFIXES]
    if len(data_members) > limits.max_files:
        up.refuse(name, f"the zip holds {len(data_members)} data files, more than the limit of "
                  f"{limits.max_files}: zip only the dataset files")
        return
    for info in members:
        base = PurePosixPath(info.filename).name
        if info not in data_members:
            up.notices.append(f"{name} › {info.filename}: not a CSV or Parquet file; ignored.")
            continue
        data = _read_member(up, name, zf, info, budget)
        if data is None:
            return
        _dataset_file(up, f"{name} › {info.filename}", base, data, work_dir)
    if not data_members:
        up.refuse(name, "the zip holds no CSV or Parquet file: zip the data folder's extracts "
                  "(activities.csv, countries.csv, ...)")


# --- workbooks ---------------------------------------------------------------------------------

def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its XML part in the workbook (for formula cells, which calamine hides)."""
    try:
        book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels if r.tag.endswith("Relationship")}
    out = {}
    for el in book.iter():
        if el.tag.endswith("}sheet"):
            rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
            target = targets.get(rid, "")
            if target:
                out[el.get("name", "")] = (target.lstrip("/") if target.startswith("/")
                                           else f"xl/{target}")
    return out


def _formula_cells(xml: bytes) -> tuple[int, list[str]]:
    """(cells holding a formula, references of those without a saved value)."""
    if b"<f" not in xml:
        return 0, []
    count, unsaved = 0, []
    for m in re.finditer(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", xml, re.S):
        body = m.group(2) or b""
        if b"<f" not in body:
            continue
        count += 1
        if not re.search(rb"<v>[^<]", body):
            ref = re.search(rb'\br="([A-Z]+\d+)"', m.group(1))
            unsaved.append(ref.group(1).decode() if ref else "?")
    return count, unsaved


def column_letter(index: int) -> str:
    """Excel's column name of the 0-based `index`: 0 -> A, 26 -> AA."""
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _workbook(up: Upload, name: str, content: bytes | Path, work_dir: Path,
              limits: Limits) -> None:
    zf = _open_zip(up, name, content, limits, "workbook")
    if zf is None:
        return
    names = {n.casefold() for n in zf.namelist()}
    try:
        types = zf.read("[Content_Types].xml")
    except KeyError:
        types = b""
    if any(n.endswith("vbaproject.bin") for n in names) or b"macroEnabled" in types:
        up.refuse(name, "the workbook holds macros (it is really a .xlsm): in Excel choose "
                  "File → Save As → 'Excel Workbook (.xlsx)' and upload that")
        return
    if "xl/workbook.xml" not in names:
        up.refuse(name, "this is a zip, not an Excel workbook: upload it named .zip, or save "
                  "the workbook from Excel as .xlsx")
        return
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(
            content.open("rb") if isinstance(content, Path) else io.BytesIO(content))
    except (CalamineError, OSError, ValueError) as exc:
        up.refuse(name, f"the workbook could not be read ({exc}): open it in Excel, save it "
                  "again as .xlsx and upload it again")
        return
    parts = _sheet_parts(zf)
    sheets = [s for s in book.sheet_names if s.strip().casefold() in contract.BY_NAME]
    for other in book.sheet_names:
        if other not in sheets:
            up.notices.append(f"{name} › {other}: not a dataset sheet; ignored.")
    if not sheets:
        up.refuse(name, "the workbook has no sheet named after a dataset: name each sheet after "
                  "its dataset (" + ", ".join(d.name for d in contract.DATASETS) + ")")
        return
    loaded = [(s, book.get_sheet_by_name(s)) for s in sheets]
    cells = sum(sheet.total_height * sheet.total_width for _, sheet in loaded)
    if cells > limits.max_cells:
        up.refuse(name, f"the workbook has {cells:,} cells, more than the limit of "
                  f"{limits.max_cells:,}: send the large datasets as CSV or Parquet")
        return
    for sheet_name, sheet in loaded:
        part = parts.get(sheet_name)
        xml = zf.read(part) if part and part in zf.namelist() else b""
        _sheet(up, name, sheet_name, sheet, xml, work_dir)


def _sheet(up: Upload, book: str, sheet_name: str, sheet: object, xml: bytes,
           work_dir: Path) -> None:
    label = f"{book} › {sheet_name}"
    dataset = sheet_name.strip().casefold()
    if dataset in up.files:
        up.refuse(label, f"the dataset {dataset} is in the upload twice (also "
                  f"{up.origins[dataset].label}): keep one")
        return
    rows = sheet.to_python(skip_empty_area=False)  # type: ignore[attr-defined]
    filled = [i for i, r in enumerate(rows) if any(_cell_text(v).strip() for v in r)]
    if not filled:
        up.refuse(label, "the sheet is empty: it needs a header row naming the columns, then "
                  "data rows")
        return
    ds = contract.BY_NAME[dataset]
    # The header is the first row naming a column of the dataset: a title above it is common.
    header_at = next((i for i in filled if any(
        normalise_header(_cell_text(v)) in ds.column_names for v in rows[i])), filled[0])
    if header_at != filled[0]:
        up.notices.append(f"{label}: the header is row {header_at + 1}; the rows above it "
                          "were ignored.")
    merged = sheet.merged_cell_ranges or []  # type: ignore[attr-defined]
    for (r0, c0), (r1, c1) in merged:
        if r0 <= header_at <= r1:
            ref = f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}"
            up.refuse(label, f"merged header cells ({ref}): unmerge them (Home → Merge & "
                      "Center) so each column has its own header", line=header_at + 1,
                      value=ref)
    if any(p.file == label for p in up.problems):
        return
    formulas, unsaved = _formula_cells(xml)
    for ref in unsaved[:20]:
        m = re.match(r"([A-Z]+)(\d+)", ref)
        up.refuse(label, "a formula with no saved value: open the workbook in Excel, let it "
                  "calculate, save it and upload it again", line=int(m.group(2)) if m else None,
                  value=ref)
    if formulas:
        up.notices.append(f"{label}: {formulas} cell(s) hold formulas; their saved values "
                          "were used.")
    header = [_cell_text(v).strip() for v in rows[header_at]]
    width = max(len(r) for r in rows[header_at:])
    header += [""] * (width - len(header))
    data = rows[header_at + 1:]
    keep = [c for c in range(width)
            if header[c] or any(c < len(r) and _cell_text(r[c]).strip() for r in data)]
    date_cols = {c for c in keep
                 if normalise_header(header[c]) in ds.column_names
                 and ds.column(normalise_header(header[c])).type == "date"}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([header[c] for c in keep])
    excel_rows = [header_at + 1]
    for offset, row in enumerate(data):
        excel_row = header_at + 2 + offset
        cells = [row[c] if c < len(row) else None for c in keep]
        texts = [_cell_text(v) for v in cells]
        if not any(t.strip() for t in texts):
            continue  # a blank row in the sheet: skipped, as Excel users expect
        for c, v in zip(keep, cells, strict=True):
            if c in date_cols and isinstance(v, int | float) and not isinstance(v, bool):
                when = EXCEL_EPOCH + dt.timedelta(days=int(v)) if 0 < v < 2958466 else None
                hint = f" ({_cell_text(v)} is {when.isoformat()})" if when else ""
                up.refuse(label, f"a date stored as an Excel serial number{hint}: format the "
                          "column as Date in Excel (Format Cells → Date) or write YYYY-MM-DD",
                          line=excel_row, column=normalise_header(header[c]),
                          value=_cell_text(v))
        writer.writerow([t.replace("\r\n", "\n") for t in texts])
        excel_rows.append(excel_row)
    target = work_dir / f"{dataset}.csv"
    target.write_text(out.getvalue(), encoding="utf-8")
    up.files[dataset] = target
    up.origins[dataset] = Origin(label, excel_rows)
