"""Nothing lost (issue 13, part 5): an output never replaces an input, a link or a device
is written through, output files get the umask's mode (an existing one keeps its own),
`check DIR` reads only the reports in it, and a byte-order mark is accepted."""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.gate_support import ARMED_RESPONSE_WITHOUT_YEAR, BASE
from tests.test_hardening_no_traceback import REPORT, command_error, corpus_with, input_error, run


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One report with a PEEL208 warning, and its text next to it."""
    monkeypatch.chdir(tmp_path)
    corpus_with(
        tmp_path,
        "",
        ARMED_RESPONSE_WITHOUT_YEAR,
        ('year = "2018/19"', 'year = "2018/19"\nsource = "alpha.txt"'),
    )
    (tmp_path / "reports" / "peel-2018-19" / "alpha.txt").write_text("Text.\n", encoding="utf-8")
    (tmp_path / "waivers.toml").write_text("", encoding="utf-8")
    return tmp_path


def contents(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}


@pytest.mark.parametrize(
    ("option", "target", "what"),
    [
        ("--output", REPORT, "a report"),
        ("--output", "./reports/../reports/peel-2018-19/alpha.toml", "a report"),
        ("--output", "reports/peel-2018-19/alpha.txt", "a report's text"),
        ("--output", "rules/peel-2018-19/rollup.toml", "a file of the rules folder"),
        ("--output", "waivers.toml", "the waivers file"),
        ("--write-baseline", REPORT, "a report"),
        ("--write-baseline", "waivers.toml", "the waivers file"),
    ],
)
def test_an_output_that_names_an_input_is_refused(
    capsys: pytest.CaptureFixture[str], corpus: Path, option: str, target: str, what: str
) -> None:
    """`--output reports/x.toml` overwrote the report (exit 0)."""
    before = contents(corpus)
    message = command_error(run(capsys, "check", "--waivers", "waivers.toml", option, target))
    assert message.startswith(f"{option} {target.replace('./reports/../', '')} is {what}")
    assert message.endswith("an output never replaces an input")
    assert contents(corpus) == before


def test_an_output_linked_to_an_input_is_refused(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    """By any name: a symbolic link or a hard link to a report."""
    (corpus / "soft.txt").symlink_to(corpus / REPORT)
    os.link(corpus / REPORT, corpus / "hard.txt")
    before = contents(corpus)
    for name in ("soft.txt", "hard.txt"):
        message = command_error(run(capsys, "check", "--output", name))
        assert message.startswith(f"--output {name} is a report ({REPORT})")
    assert contents(corpus) == before


def test_the_baseline_read_is_not_the_baseline_written(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    assert run(capsys, "check", "--write-baseline", "b.json")[0] == 0
    before = contents(corpus)
    message = command_error(
        run(capsys, "check", "--baseline", "b.json", "--write-baseline", "b.json")
    )
    assert message.startswith("--write-baseline b.json is the baseline (b.json)")
    message = command_error(
        run(capsys, "check", "--output", "x.json", "--write-baseline", "x.json")
    )
    assert message == "--output and --write-baseline name the same file"
    assert contents(corpus) == before


def test_draft_does_not_write_over_its_text(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    text = corpus / "reports" / "peel-2018-19" / "alpha.txt"
    before = text.read_bytes()
    message = command_error(
        run(capsys, "draft", str(text), "--scheme", "peel-2018-19", "--output", str(text))
    )
    assert message.startswith("--output reports/peel-2018-19/alpha.txt is a text")
    assert text.read_bytes() == before


def test_a_symbolic_link_as_output_is_written_through(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    (corpus / "out").mkdir()
    (corpus / "out" / "real.txt").write_text("old\n", encoding="utf-8")
    (corpus / "link.txt").symlink_to(Path("out") / "real.txt")
    assert run(capsys, "check", "--output", "link.txt")[0] == 0
    assert (corpus / "link.txt").is_symlink()
    assert (corpus / "out" / "real.txt").read_text(encoding="utf-8").startswith(REPORT)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_as_output_is_written_to_not_replaced(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    """As a device (`/dev/null`, `/dev/stdout`) is: opened and written, never replaced."""
    pipe = corpus / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    assert run(capsys, "check", "--output", "pipe")[0] == 0
    reader.join(timeout=30)
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert received
    assert received[0].decode().startswith(REPORT)


@pytest.mark.skipif(
    not Path("/dev/null").exists() or (hasattr(os, "geteuid") and os.geteuid() == 0),
    reason="as root a regression would replace the machine's /dev/null",
)
def test_dev_null_as_output(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    assert run(capsys, "check", "--output", "/dev/null")[0] == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.usefixtures("umask")
@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_output_files_get_the_umask_mode(
    capsys: pytest.CaptureFixture[str], corpus: Path, option: str
) -> None:
    """They were created 0600 whatever the umask."""
    assert run(capsys, "check", option, "new.out")[0] == 0
    assert stat.S_IMODE(os.stat("new.out").st_mode) == 0o644
    os.umask(0o077)
    assert run(capsys, "check", option, "private.out")[0] == 0
    assert stat.S_IMODE(os.stat("private.out").st_mode) == 0o600


@pytest.mark.usefixtures("umask")
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o664])
def test_an_existing_output_keeps_its_mode(
    capsys: pytest.CaptureFixture[str], corpus: Path, mode: int
) -> None:
    """An existing 0644 file became 0600."""
    out = corpus / "kept.out"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(mode)
    assert run(capsys, "check", "--output", "kept.out")[0] == 0
    assert stat.S_IMODE(os.stat(out).st_mode) == mode
    assert out.read_text(encoding="utf-8").startswith(REPORT)


def test_check_dir_reads_only_reports(
    capsys: pytest.CaptureFixture[str], corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`check .` read pyproject.toml and the rule files as reports. Reports are the TOML
    files whose top level has `scheme` (or another key of the report format); hidden
    folders and rule sets (folders holding scheme.toml) are not searched."""
    (corpus / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    (corpus / "reports" / "waivers.toml").write_text(
        "[[waiver]]\nreport = 'peel-2018-19/alpha.toml'\n", encoding="utf-8"
    )
    (corpus / ".hidden").mkdir()
    (corpus / ".hidden" / "copy.toml").write_text("scheme = 1\n", encoding="utf-8")
    (corpus / "notes.toml").write_text("[tool]\nx = 1\n", encoding="utf-8")
    code, out, err = run(capsys, "check", ".", "--format", "json", "--fail-on", "error")
    assert (code, err) == (0, ""), err
    assert '"reports": [\n    "reports/peel-2018-19/alpha.toml"\n  ]' in out


def test_a_report_that_lost_its_scheme_is_still_read(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    """Found in a folder without `scheme`, it still has the report's other keys: an error,
    not a file quietly left out."""
    path = corpus / REPORT
    path.write_text(path.read_text(encoding="utf-8").replace('scheme = "peel-2018-19"\n', ""))
    found = input_error(run(capsys, "check", "."))
    assert (found["file"], found["key"]) == (REPORT, "scheme")


def test_a_byte_order_mark_is_accepted(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a report (positions unchanged), a waivers file, a baseline and a text."""
    monkeypatch.chdir(tmp_path)
    corpus_with(tmp_path, "", ARMED_RESPONSE_WITHOUT_YEAR)
    report = tmp_path / REPORT
    report.write_bytes(b"\xef\xbb\xbf" + report.read_bytes())
    (tmp_path / "waivers.toml").write_bytes(b"\xef\xbb\xbf# no waivers\n")
    code, out, err = run(capsys, "check", "--fail-on", "warning", "--write-baseline", "b.json")
    assert (code, err) == (0, "")
    (tmp_path / "b.json").write_bytes(b"\xef\xbb\xbf" + (tmp_path / "b.json").read_bytes())
    code, out, err = run(capsys, "check", "--waivers", "waivers.toml", "--baseline", "b.json")
    assert (code, err) == (0, "")
    line = (
        BASE.read_text(encoding="utf-8")
        .splitlines()
        .index('armed_response = { grade = "Ungraded", last_inspected = "2018/19" }')
        + 1
    )
    assert out.startswith(f"{REPORT}:{line}:1: PEEL208 ")


def test_not_utf8_is_placed_where_it_is(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = corpus_with(tmp_path)
    path.write_bytes(path.read_bytes().replace(b'force_name = "', b'force_name = "\xff', 1))
    found = input_error(run(capsys, "check"))
    assert (found["column"], found["message"]) == ("15", "not UTF-8 text")
