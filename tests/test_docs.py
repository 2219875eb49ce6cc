"""The integration examples stay true: the GitHub workflow runs on a repository's first day
(its steps are run here, on a new repository), quotes its shell variables and has a time
limit; the README's gate commands use options gradecheck has; the README's account of what
the quick start prints is what it prints."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from checker.cli import main
from checker.cli.parser import build_parser
from tests.gate_support import OUTSTANDING_EFFECTIVENESS, make_corpus, report_text
from tests.test_changed import git

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "docs" / "gradecheck-workflow.yml"
README = ROOT / "README.md"
CONTEXT = {"github.event_name": "push", "github.base_ref": ""}
"""The expressions of the workflow's `env`, as GitHub fills them in on a push to main."""


def commands(script: str) -> list[list[str]]:
    """The `gradecheck ...` command lines of a shell script, continuations joined, with `"$@"`
    standing for every option the script's `set -- "$@" ...` lines may add."""
    script = script.replace("\\\n", " ").replace("$BASE_REF", "main")
    extra = [
        arg for added in re.findall(r'set -- "\$@" ([^;\n]*)', script) for arg in shlex.split(added)
    ]
    found = []
    for line in script.splitlines():
        line = line.split("||")[0].strip()
        if line.startswith("gradecheck "):
            argv = shlex.split(line)[1:]
            found.append([a for arg in argv for a in (extra if arg == "$@" else [arg])])
    return found


def workflow() -> dict[str, Any]:
    yaml = pytest.importorskip("yaml", reason="PyYAML belongs in the test extra")
    document = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def job() -> dict[str, Any]:
    (only,) = workflow()["jobs"].values()
    assert isinstance(only, dict)
    return only


def test_workflow_runs_the_gate_and_uploads_sarif() -> None:
    document = workflow()
    steps = job()["steps"]
    runs = [argv for step in steps for argv in commands(step.get("run", ""))]
    assert len(runs) == 3
    for argv in runs:
        build_parser().parse_args(argv)  # exits (fails the test) on an unknown option
    assert {"--waivers", "--baseline", "--changed-since"} <= set(runs[0])
    sarif = next(argv for argv in runs if "sarif" in argv)
    output = sarif[sarif.index("--output") + 1]
    upload = next(
        s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif")
    )
    assert upload["with"]["sarif_file"] == output
    assert upload["if"].startswith("always()")
    assert f"hashFiles('{output}')" in upload["if"]
    assert document["permissions"]["security-events"] == "write"


def test_workflow_job_has_a_time_limit() -> None:
    assert 0 < job()["timeout-minutes"] <= 30


def test_workflow_quotes_every_shell_variable() -> None:
    """No `$x` outside double quotes (word splitting, globbing), no `${{ }}` pasted into a
    script (what a branch name holds would run as shell)."""
    for step in job()["steps"]:
        script = step.get("run", "")
        assert "${{" not in script
        for line in script.splitlines():
            bare = re.sub(r'"(?:[^"\\]|\\.)*"', "", re.sub(r"'[^']*'", "", line.split(" #")[0]))
            assert "$" not in bare, line


def run_steps(repo: Path, event: str) -> list[subprocess.CompletedProcess[str]]:
    """Each `run` step of the workflow as GitHub's runner runs it (bash -eo pipefail, the
    job's `env`), in `repo`, with this environment's gradecheck; the install step is left
    out. Every step runs, as `if: always()` asks."""
    bin_dir = repo.parent / "bin"
    bin_dir.mkdir(exist_ok=True)
    shim = bin_dir / "gradecheck"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m checker "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    context = {**CONTEXT, "github.event_name": event}
    if event == "pull_request":
        context["github.base_ref"] = "main"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env.pop("FORCE_COLOR", None)
    for name, value in job()["env"].items():
        env[name] = re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: context[m[1]], value)
    results = []
    for step in job()["steps"]:
        script = step.get("run")
        if script is None or script.startswith("pip install"):
            continue
        command = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script]
        results.append(
            subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, check=False)
        )
    return results


@pytest.fixture
def new_repo(tmp_path: Path) -> Path:
    """A repository of reports on its first day: no waivers file, no baseline."""
    repo = tmp_path / "repo"
    make_corpus(repo, {"alpha.toml": report_text("alpha")})
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "corpus")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    return repo


def test_workflow_runs_on_its_first_day(new_repo: Path) -> None:
    gate, reports = run_steps(new_repo, "push")
    assert (gate.returncode, gate.stderr) == (0, "")
    assert gate.stdout.splitlines()[-1] == "No findings in 1 report."
    assert reports.returncode == 0, reports.stderr
    sarif = json.loads((new_repo / "gradecheck.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"] == []
    assert (new_repo / "gradecheck-junit.xml").is_file()


def test_workflow_on_a_pull_request_fails_on_findings_and_still_writes_reports(
    new_repo: Path,
) -> None:
    git(new_repo, "checkout", "-q", "-b", "change")
    bad = new_repo / "reports" / "peel-2018-19" / "beta.toml"
    bad.write_text(report_text("beta", OUTSTANDING_EFFECTIVENESS), encoding="utf-8")
    git(new_repo, "add", ".")
    git(new_repo, "commit", "-q", "-m", "beta")
    gate, reports = run_steps(new_repo, "pull_request")
    assert gate.returncode == 1
    assert "::error file=reports/peel-2018-19/beta.toml,line=24,col=19,title=PEEL101::" in (
        gate.stdout
    )
    assert reports.returncode == 0, reports.stderr  # findings (exit 1) are expected there
    sarif = json.loads((new_repo / "gradecheck.sarif").read_text(encoding="utf-8"))
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} >= {"PEEL101"}


def test_workflow_uses_a_baseline_once_there_is_one(new_repo: Path) -> None:
    bad = new_repo / "reports" / "peel-2018-19" / "beta.toml"
    bad.write_text(report_text("beta", OUTSTANDING_EFFECTIVENESS), encoding="utf-8")
    recorded = subprocess.run(
        [sys.executable, "-m", "checker", "check", "--write-baseline", "gradecheck-baseline.json"],
        cwd=new_repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert recorded.returncode == 0  # what it records is the baseline from then on
    gate, reports = run_steps(new_repo, "push")
    assert gate.returncode == 0, gate.stdout
    assert gate.stdout.splitlines()[-1].endswith("2 baselined.")
    assert reports.returncode == 0


def test_workflow_fails_on_bad_input(new_repo: Path) -> None:
    """Exit code 2 (a malformed report) fails both steps: only 1 is expected."""
    (new_repo / "reports" / "peel-2018-19" / "broken.toml").write_text(
        'scheme = "peel-2018-19"\nforce = \n', encoding="utf-8"
    )
    gate, reports = run_steps(new_repo, "push")
    assert (gate.returncode, reports.returncode) == (2, 2)
    assert not (new_repo / "gradecheck.sarif").exists()


def test_readme_gate_commands_use_real_options() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## The CI gate") :]
    blocks = re.findall(r"```(?:sh|console)\n(.*?)```", section, flags=re.DOTALL)
    # Without comments and output redirections: only the command's own arguments.
    lines = [
        line.split("#")[0].split(">")[0].strip() for block in blocks for line in block.splitlines()
    ]
    argvs = [shlex.split(line)[1:] for line in lines if line.startswith("gradecheck ")]
    # Every option the section introduces is in a command parsed below (not lost by the
    # block or line matching above).
    options = {arg for argv in argvs for arg in argv if arg.startswith("--")}
    gate_options = {"--format", "--output", "--statistics", "--waivers", "--write-baseline"}
    gate_options |= {"--baseline", "--changed-since", "--scheme"}
    assert gate_options <= options, sorted(gate_options - options)
    for argv in argvs:
        build_parser().parse_args(argv)


def test_readme_says_what_the_quick_start_prints(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The summary line the README quotes is the one `gradecheck check` prints on the bundled
    reports, and the README explains every finding that is not an info."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("GRADECHECK_TODAY", "2026-01-15")
    code = main(["check"])
    out = capsys.readouterr().out
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### What the quick start prints") : text.index("## Exit codes")]
    assert code == 0
    assert f"```\n{out.splitlines()[-1]}\n```" in section
    explained = re.findall(
        r"^- \*\*(\w+) (error|warning)(, waived)?\*\*, `([^`:]+):(\d+):(\d+)`", section, re.M
    )
    shown = [
        re.match(r"([^:]+):(\d+):(\d+): (\w+) (error|warning) ", line) for line in out.splitlines()
    ]
    found = {(m[4], m[5], m[2], m[3]) for m in shown if m is not None}
    assert found == {
        (rule, severity, line, column) for rule, severity, _, _, line, column in explained
    }
    infos = sum(" info " in line for line in out.splitlines())
    assert f"The **{infos} infos**" in section
