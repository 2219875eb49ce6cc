"""The draft as editors have it (issue 16, part 1): a report's text read from a DOCX or a PDF
gets the findings of the plain text, with places that name the page or the paragraph; a
document that cannot be read is an input error, never a traceback.

The DOCX and the PDF are built here from the Norfolk 2018/19 text: one paragraph for each
paragraph (or heading) of its normalised text, and the scope table as a table.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Inches
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from checker.cli import main
from checker.inputs.ruleset import RuleSet
from checker.text import documents as documents_module
from checker.text.documents import Origins, read_document
from checker.text.normalise import normalise
from checker.text.source import ReportText, read_text
from tests.conftest import NORFOLK, RULES

TEXT = NORFOLK.with_name("norfolk.txt")
RUNNING_HEAD = "PEEL: Police effectiveness, efficiency and legitimacy 2018/19 - Norfolk"
SCOPE_HEADER = ("IPA area", "Inspected in 2018/19?")

Block = str | list[tuple[str, str]]
"""A paragraph, or a table's rows (the header first)."""


def blocks(raw: str) -> list[Block]:
    """The paragraphs of the normalised text, with the scope table (printed down: the
    areas, then the Yes and No cells) made one table of rows."""
    lines = normalise(raw).text.split("\n")
    at = lines.index(SCOPE_HEADER[0])
    assert lines[at + 1] == SCOPE_HEADER[1]
    first = at + 2
    cells = first
    while lines[cells] not in ("Yes", "No"):
        cells += 1
    count = cells - first
    rows = list(zip(lines[first:cells], lines[cells : cells + count], strict=True))
    assert len(rows) == 10
    return [*lines[:at], [SCOPE_HEADER, *rows], *lines[cells + count :]]


def write_docx(path: Path, raw: str) -> Path:
    document = Document()
    for block in blocks(raw):
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=0, cols=2)
        for row in block:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = row
    document.save(str(path))
    return path


class _Paged(FPDF):
    """Pages with a running head and a page number, as published PDFs have them."""

    def header(self) -> None:
        self.set_font("Helvetica", size=8)
        self.cell(0, 5, RUNNING_HEAD, new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.cell(0, 5, str(self.page_no()), align="C")


# The core fonts (Helvetica here) hold only the Windows-1252 characters. The normalised text
# already has straight quotes and hyphens for dashes (normalise.py folds them); anything else
# outside Windows-1252 is transliterated here, in the test only (the Norfolk text has none).
_TRANSLITERATE = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _core(text: str) -> str:
    text = text.translate(_TRANSLITERATE)
    return text.encode("windows-1252", "replace").decode("windows-1252")


def write_pdf(path: Path, raw: str) -> Path:
    pdf = _Paged(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for block in blocks(raw):
        if isinstance(block, str):
            pdf.multi_cell(0, 5, _core(block), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
            continue
        with pdf.table(col_widths=(3, 1)) as table:
            for cells in block:
                row = table.row()
                for cell in cells:
                    row.cell(_core(cell))
        pdf.ln(2)
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Norfolk's text as plain text, a DOCX and a PDF."""
    folder = tmp_path_factory.mktemp("documents")
    raw = TEXT.read_text(encoding="utf-8")
    return {
        "txt": TEXT,
        "docx": write_docx(folder / "norfolk.docx", raw),
        "pdf": write_pdf(folder / "norfolk.pdf", raw),
    }


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def check_json(capsys: pytest.CaptureFixture[str], report: Path, *args: str) -> list[dict]:  # type: ignore[type-arg]
    code, out, err = run(
        capsys, "check", str(report), "--rules", str(RULES), "--format", "json", *args
    )
    assert code in (0, 1), err
    findings: list[dict] = json.loads(out)["findings"]  # type: ignore[type-arg]
    return findings


def what(findings: list[dict]) -> list[tuple[str, str, str]]:  # type: ignore[type-arg]
    """The findings as the three readings must agree on them: rule, path and severity (the
    lines of the text differ)."""
    return sorted((f["rule_id"], f["path"], f["severity"]) for f in findings)


def test_norfolk_as_docx_and_pdf_gets_the_findings_of_its_text(
    capsys: pytest.CaptureFixture[str], documents: dict[str, Path]
) -> None:
    found = {
        kind: check_json(capsys, NORFOLK, "--text", str(path), "--show-unknown")
        for kind, path in documents.items()
    }
    assert ("PEEL505", "/questions/serious_organised_crime/carried_over/year", "warning") in (
        what(found["txt"])
    )
    assert what(found["docx"]) == what(found["txt"])
    assert what(found["pdf"]) == what(found["txt"])
    for kind in ("docx", "pdf"):
        texts = {r["file"] for f in found[kind] for r in f["related"] if r["path"] == ""}
        assert texts == {documents[kind].as_posix()}


def test_the_scope_table_reads_as_in_the_text(peel: RuleSet, documents: dict[str, Path]) -> None:
    """The table readers read the DOCX's table (across) and the PDF's as the text's (down)."""
    assert peel.claims is not None
    rows = {
        kind: [
            (claim.fields["question"], claim.fields["inspected"])
            for claim in read_text(path).claims(peel.claims, "scope-row")
        ]
        for kind, path in documents.items()
    }
    assert len(rows["txt"]) == 10
    assert rows["docx"] == rows["txt"]
    assert rows["pdf"] == rows["txt"]


def test_places_name_the_page_or_the_paragraph(documents: dict[str, Path]) -> None:
    sentence = "Our 2017 judgments are still in place for the areas we didn't inspect in 2018/19."
    texts = {kind: read_text(path) for kind, path in documents.items()}
    plain = texts["txt"]
    (at,) = plain.find_quote(sentence)
    assert plain.origins is None
    assert plain.cite(at) == f"{plain.file}:90:1"
    assert plain.locate(at, sentence).note == sentence

    docx = texts["docx"]
    (at,) = docx.find_quote(sentence)
    line, column = docx.position(at)
    origin = docx.origin(at)
    assert origin.startswith("paragraph ")
    assert docx.cite(at) == f"{docx.file}:{line}:{column}, {origin}"
    location = docx.locate(at, sentence)
    assert (location.file, location.line, location.column) == (docx.file, line, column)
    assert location.note == f"{sentence} ({origin})"
    number = int(origin.removeprefix("paragraph "))
    assert Document(str(documents["docx"])).paragraphs[number - 1].text == sentence
    # The table's cells come from their rows.
    (cell,) = docx.find_quote("Tackling serious and organised crime No")
    assert docx.origin(cell) == "table 1, row 5"

    pdf = texts["pdf"]
    (at,) = pdf.find_quote(sentence)
    origin = pdf.origin(at)
    page, line_in_page = origin.removeprefix("page ").split(", line ")
    extracted = PdfReader(documents["pdf"]).pages[int(page) - 1].extract_text()
    assert sentence in extracted.splitlines()[int(line_in_page) - 1]
    assert pdf.cite(at).endswith(f", page {page}, line {line_in_page}")
    # The page numbers and running heads are gone, as pdftotext's are.
    assert RUNNING_HEAD not in pdf.normal.text
    assert pdf.normal.raw.count("\f") == len(PdfReader(documents["pdf"]).pages) - 1


def test_origins_of_lines() -> None:
    pages = Origins((0, 3, 7), ("page 1", "page 2", "page 3"), numbered=True)
    assert [pages.of_line(line) for line in (1, 3, 4, 8, 20)] == [
        "page 1, line 1",
        "page 1, line 3",
        "page 2, line 1",
        "page 3, line 1",
        "page 3, line 13",
    ]
    parts = Origins((2, 4), ("paragraph 1", "table 1, row 1"))
    assert [parts.of_line(line) for line in (1, 3, 5)] == ["", "paragraph 1", "table 1, row 1"]


def test_a_docx_reads_as_its_editors_read_it(tmp_path: Path) -> None:
    """Tracked changes accepted (insertions in, deletions out), content controls read, tab
    stops and empty paragraphs left out, a merged cell once, each line from its paragraph or
    table row."""
    document = Document()
    document.add_paragraph("Norfolk Constabulary is good at treating the public fairly.")
    changed = document.add_paragraph("The force ")
    w = nsdecls("w")
    change = 'w:id="{}" w:author="Editor" w:date="2019-09-27T00:00:00Z"'
    changed._p.append(
        parse_xml(
            f'<w:ins {w} {change.format(1)}><w:r><w:t xml:space="preserve">now </w:t></w:r></w:ins>'
        )
    )
    changed._p.append(
        parse_xml(f"<w:del {w} {change.format(2)}><w:r><w:delText>never </w:delText></w:r></w:del>")
    )
    run = changed.add_run("investigates\tcrime")
    run.add_break()
    changed.add_run("well.")
    changed.paragraph_format.tab_stops.add_tab_stop(Inches(1))
    control = parse_xml(
        f"<w:sdt {w}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>In a content control.</w:t></w:r>"
        "</w:p></w:sdtContent></w:sdt>"
    )
    document.add_paragraph()._p.addnext(control)  # an empty paragraph, then the control
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "IPA area"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Inspected in 2018/19?"
    table.cell(1, 0).text = "Investigating crime"
    table.cell(1, 1).text = "Yes"
    table.cell(1, 2).merge(table.cell(2, 2)).text = "both rows"
    table.cell(2, 0).text = "Firearms capability"
    table.cell(2, 1).text = "No"
    document.add_paragraph("After the table.")
    path = tmp_path / "edited.docx"
    document.save(str(path))

    _, raw, origins = read_document(path)
    lines = raw.split("\n")
    assert lines[:6] == [
        "Norfolk Constabulary is good at treating the public fairly.",
        "",
        "The force now investigates\tcrime",
        "well.",
        "",
        "In a content control.",
    ]
    assert lines[7:18] == [
        "IPA area",
        "Inspected in 2018/19?",
        "",
        "Investigating crime",
        "Yes",
        "both rows",
        "",
        "Firearms capability",
        "No",
        "",
        "After the table.",
    ]
    where = [origins.of_line(number) for number in (1, 3, 4, 6, 8, 9, 11, 13, 15, 18)]
    assert where == [
        "paragraph 1",
        "paragraph 2",
        "paragraph 2",
        "paragraph 4",
        "table 1, row 1",
        "table 1, row 1",
        "table 1, row 2",
        "table 1, row 2",
        "table 1, row 3",
        "paragraph 5",
    ]


def norfolk_copy(folder: Path, source: str) -> Path:
    """The Norfolk report in `folder` with `source` naming its text."""
    folder.mkdir(parents=True, exist_ok=True)
    text = NORFOLK.read_text(encoding="utf-8")
    assert 'source = "norfolk.txt"' in text
    report = folder / "norfolk.toml"
    report.write_text(text.replace('source = "norfolk.txt"', f'source = "{source}"'), "utf-8")
    return report


def test_a_docx_as_a_report_source(
    capsys: pytest.CaptureFixture[str], documents: dict[str, Path], tmp_path: Path
) -> None:
    """`source = "norfolk.docx"` reads the DOCX; a text finding cites its paragraph."""
    raw = TEXT.read_text(encoding="utf-8")
    planted = raw.replace(
        "is good at treating the public fairly", "is outstanding at treating the public fairly"
    )
    assert planted != raw
    write_docx(tmp_path / "norfolk.docx", planted)
    report = norfolk_copy(tmp_path, "norfolk.docx")
    findings = check_json(capsys, report, "--select", "PEEL501")
    (finding,) = findings
    assert finding["path"] == "/questions/fair_treatment_public/grade"
    (related,) = finding["related"]
    assert related["file"].endswith("norfolk.docx")
    text = read_text(tmp_path / "norfolk.docx")
    assert text.origins is not None
    assert text.origins.of_line(related["line"]).startswith("paragraph ")


def test_the_draft_command_reads_a_docx(
    capsys: pytest.CaptureFixture[str], documents: dict[str, Path], tmp_path: Path
) -> None:
    output = tmp_path / "norfolk.toml"
    code, _, err = run(
        capsys,
        "draft",
        str(documents["docx"]),
        "--scheme",
        "peel-2018-19",
        "--rules",
        str(RULES),
        "--output",
        str(output),
    )
    assert code == 0, err
    drafted = output.read_text(encoding="utf-8")
    assert 'source = "' in drafted
    assert "norfolk.docx" in drafted
    assert 'grade = "Requires improvement"' in drafted


# Documents that cannot be read: one input error line, exit 2.


def input_error(capsys: pytest.CaptureFixture[str], text: Path) -> str:
    code, out, err = run(capsys, "check", str(NORFOLK), "--rules", str(RULES), "--text", str(text))
    assert (code, out) == (2, ""), err
    (line,) = err.splitlines()
    assert line.startswith(f"{text.as_posix()}:1:1: (file): cannot read the text"), line
    return line


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.docx", b"not a zip at all", "not a DOCX file"),
        ("bad.pdf", b"%PDF-1.4\nnothing else", "not a PDF file"),
        ("empty.pdf", b"", "not a PDF file"),
        ("other.docx", None, "a damaged DOCX"),
    ],
)
def test_a_corrupt_document_is_an_input_error(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    name: str,
    content: bytes | None,
    message: str,
) -> None:
    path = tmp_path / name
    if content is None:  # a zip, but not a Word document
        with io.BytesIO() as buffer:
            import zipfile

            with zipfile.ZipFile(buffer, "w") as package:
                package.writestr("hello.txt", "hello")
            content = buffer.getvalue()
    path.write_bytes(content)
    assert message in input_error(capsys, path)


def test_a_truncated_docx_is_an_input_error(
    capsys: pytest.CaptureFixture[str], documents: dict[str, Path], tmp_path: Path
) -> None:
    data = documents["docx"].read_bytes()
    path = tmp_path / "truncated.docx"
    path.write_bytes(data[: len(data) // 2])
    assert "not a DOCX file" in input_error(capsys, path)


def test_an_encrypted_pdf_is_an_input_error(
    capsys: pytest.CaptureFixture[str], documents: dict[str, Path], tmp_path: Path
) -> None:
    writer = PdfWriter(clone_from=PdfReader(documents["pdf"]))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as stream:
        writer.write(stream)
    assert "the PDF is protected by a password" in input_error(capsys, path)


def test_a_pdf_encrypted_only_against_editing_is_read(
    documents: dict[str, Path], tmp_path: Path
) -> None:
    """The empty user password opens it, as every PDF viewer does."""
    writer = PdfWriter(clone_from=PdfReader(documents["pdf"]))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "restricted.pdf"
    with path.open("wb") as stream:
        writer.write(stream)
    assert read_text(path).normal.text == read_text(documents["pdf"]).normal.text


def test_a_pdf_without_text_is_an_input_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as stream:
        writer.write(stream)
    assert "the PDF holds no text (scanned pages?" in input_error(capsys, path)


def fresh(path: Path, folder: Path) -> Path:
    """A copy of a document: a text read before (same file, time and size) is not read again."""
    copy = folder / path.name
    shutil.copyfile(path, copy)
    return copy


def test_the_text_size_limit_holds_for_the_extracted_text(
    capsys: pytest.CaptureFixture[str],
    documents: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("GRADECHECK_MAX_TEXT_SIZE", "20K")
    for kind in ("docx", "pdf"):
        assert documents[kind].stat().st_size < 8 * 20 * 1024
        line = input_error(capsys, fresh(documents[kind], tmp_path))
        assert "the text extracted from it holds at least" in line
        assert "GRADECHECK_MAX_TEXT_SIZE" in line


def test_a_document_larger_than_its_bound_is_an_input_error(
    capsys: pytest.CaptureFixture[str],
    documents: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("GRADECHECK_MAX_TEXT_SIZE", "1K")
    line = input_error(capsys, fresh(documents["pdf"], tmp_path))
    assert "more than the limit of 8,192 for a document" in line


def test_a_docx_that_unpacks_beyond_its_bound_is_an_input_error(
    capsys: pytest.CaptureFixture[str],
    documents: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """A DOCX is a zip: what it unpacks to is bounded before python-docx reads it."""
    monkeypatch.setenv("GRADECHECK_MAX_TEXT_SIZE", "20K")
    monkeypatch.setattr(documents_module, "UNPACKED_FLOOR", 0)
    line = input_error(capsys, fresh(documents["docx"], tmp_path))
    assert "the DOCX unpacks to" in line
    assert "more than the limit of 163,840 for a document" in line


@pytest.mark.parametrize(("kind", "module"), [("docx", "docx"), ("pdf", "pypdf")])
def test_without_the_documents_extra(
    capsys: pytest.CaptureFixture[str],
    documents: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    module: str,
    tmp_path: Path,
) -> None:
    """Without python-docx or pypdf, a document is an input error saying what to install."""
    path = fresh(documents[kind], tmp_path)
    monkeypatch.setitem(sys.modules, module, None)
    line = input_error(capsys, path)
    assert "pip install 'inspection-gradecheck[documents]'" in line


def test_other_suffixes_are_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "norfolk.text"
    shutil.copyfile(TEXT, path)
    text: ReportText = read_text(path)
    assert text.origins is None
    assert text.normal.raw == TEXT.read_text(encoding="utf-8")


def test_findings_cite_the_page_or_the_paragraph(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A finding about a DOCX's or a PDF's text gives its line and column in the extracted
    text, then the paragraph or the page: in the message, and in the related location's note
    (every output format carries one or the other)."""
    raw = TEXT.read_text(encoding="utf-8").replace(
        "is good at treating the public fairly", "is outstanding at treating the public fairly"
    )
    sentence = "Norfolk Constabulary is outstanding at treating the public fairly."
    for path in (write_docx(tmp_path / "n.docx", raw), write_pdf(tmp_path / "n.pdf", raw)):
        (finding,) = check_json(capsys, NORFOLK, "--text", str(path), "--select", "PEEL501")
        (related,) = finding["related"]
        origins = read_text(path).origins
        assert origins is not None
        origin = origins.of_line(related["line"])
        assert origin.startswith("paragraph " if path.suffix == ".docx" else "page ")
        where = f"{path.as_posix()}:{related['line']}:{related['column']}, {origin}"
        assert f"({where})" in finding["message"]
        assert related["note"] == f"{sentence} ({origin})"
        code, out, _ = run(
            capsys,
            "check",
            str(NORFOLK),
            "--rules",
            str(RULES),
            "--text",
            str(path),
            "--select",
            "PEEL501",
        )
        assert code == 1
        assert f"({where})" in out
