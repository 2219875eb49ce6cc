"""The integration examples stay true: the GitHub workflow and the README's gate commands use
options gradecheck has, and the workflow uploads the SARIF it writes."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest

from checker.cli.parser import build_parser

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "docs" / "gradecheck-workflow.yml"
README = ROOT / "README.md"


def commands(script: str) -> list[list[str]]:
    """The `gradecheck ...` command lines of a shell script, continuations joined."""
    script = re.sub(r"\$\{\{[^}]*\}\}", "main", script.replace("\\\n", " "))
    found = []
    for line in script.splitlines():
        line = line.split("||")[0].strip()
        if line.startswith("gradecheck "):
            found.append(shlex.split(line.replace("$scope", "--changed-since origin/main"))[1:])
    return found


def workflow() -> dict[str, Any]:
    yaml = pytest.importorskip("yaml", reason="PyYAML belongs in the test extra")
    document = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def test_workflow_runs_the_gate_and_uploads_sarif() -> None:
    document = workflow()
    (job,) = document["jobs"].values()
    steps = job["steps"]
    runs = [argv for step in steps for argv in commands(step.get("run", ""))]
    assert len(runs) == 3
    for argv in runs:
        build_parser().parse_args(argv)  # exits (fails the test) on an unknown option
    sarif = next(argv for argv in runs if "sarif" in argv)
    output = sarif[sarif.index("--output") + 1]
    upload = next(
        s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif")
    )
    assert upload["with"]["sarif_file"] == output
    assert upload["if"] == "always()"
    assert document["permissions"]["security-events"] == "write"


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
