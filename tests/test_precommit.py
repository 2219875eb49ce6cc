"""The pre-commit hook (.pre-commit-hooks.yaml), tried on a temporary git repository.

pre-commit itself installs hooks from a repository into their own virtual environment,
which needs the network; so the test runs the hook as pre-commit would: when the staged
files match the hook's `files` pattern, it runs `entry` in the repository's top folder
(without file names, as `pass_filenames: false` says) and fails the commit on a non-zero
exit. When pre-commit is installed, its own manifest schema also checks the hook file.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.gate_support import OUTSTANDING_EFFECTIVENESS, make_corpus, report_text
from tests.test_changed import git

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"


def hook() -> dict[str, Any]:
    yaml = pytest.importorskip("yaml", reason="PyYAML belongs in the test extra")
    (only,) = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(only, dict)
    return only


def entry_command(entry: str) -> list[str]:
    """The hook's entry as a command line, using this environment's gradecheck."""
    argv = shlex.split(entry)
    assert argv[0] == "gradecheck"
    script = shutil.which("gradecheck", path=str(Path(sys.executable).parent))
    return [script, *argv[1:]] if script else [sys.executable, "-m", "checker", *argv[1:]]


def run_hook(repo: Path) -> subprocess.CompletedProcess[str] | None:
    """What `git commit` with the hook installed runs: None when the hook is skipped."""
    spec = hook()
    staged = git(repo, "diff", "--cached", "--name-only").split()
    if not any(re.search(spec["files"], name) for name in staged):
        return None
    extra = staged if spec.get("pass_filenames", True) else []
    return subprocess.run(
        [*entry_command(spec["entry"]), *extra],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    make_corpus(tmp_path, {"alpha.toml": report_text("alpha")})
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "corpus")
    return tmp_path


def test_manifest_declares_the_gradecheck_hook() -> None:
    spec = hook()
    assert spec["id"] == "gradecheck"
    assert spec["entry"] == "gradecheck check"
    assert spec["language"] == "python"
    assert spec["pass_filenames"] is False
    assert re.search(spec["files"], "reports/peel-2018-19/norfolk.toml")
    assert re.search(spec["files"], "rules/peel-2018-19/rollup.toml")
    assert not re.search(spec["files"], "README.md")
    assert not re.search(spec["files"], "docs/report.schema.json")


def test_manifest_is_valid_for_pre_commit() -> None:
    clientlib = pytest.importorskip(
        "pre_commit.clientlib", reason="pre-commit is not installed; the manifest is checked above"
    )
    clientlib.load_manifest(str(MANIFEST))


def test_hook_passes_a_consistent_report(repo: Path) -> None:
    path = repo / "reports" / "peel-2018-19" / "alpha.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    git(repo, "add", ".")
    result = run_hook(repo)
    assert result is not None
    assert (result.returncode, result.stdout) == (0, "No findings in 1 report.\n")


def test_hook_blocks_an_inconsistent_report(repo: Path) -> None:
    path = repo / "reports" / "peel-2018-19" / "beta.toml"
    path.write_text(report_text("beta", OUTSTANDING_EFFECTIVENESS), encoding="utf-8")
    git(repo, "add", ".")
    result = run_hook(repo)
    assert result is not None
    assert result.returncode == 1
    assert "reports/peel-2018-19/beta.toml:24:19: PEEL101 error " in result.stdout
    assert result.stdout.splitlines()[-1] == ("2 findings (1 error, 1 warning) in 2 reports.")


def test_hook_checks_every_report_when_a_rule_changes(repo: Path) -> None:
    """Editing a rule file runs the hook over all reports, not over the rule file."""
    rule_file = repo / "rules" / "peel-2018-19" / "rollup.toml"
    rule_file.write_text(rule_file.read_text(encoding="utf-8") + "\n# tuned\n", encoding="utf-8")
    git(repo, "add", ".")
    result = run_hook(repo)
    assert result is not None
    assert (result.returncode, result.stdout) == (0, "No findings in 1 report.\n")


def test_hook_is_skipped_for_other_files(repo: Path) -> None:
    (repo / "README.md").write_text("notes\n", encoding="utf-8")
    git(repo, "add", ".")
    assert run_hook(repo) is None


def test_rule_files_given_as_paths_check_every_report(repo: Path) -> None:
    """`gradecheck check rules/x.toml` (as a hook passing file names would) checks all reports."""
    (repo / "reports" / "peel-2018-19" / "beta.toml").write_text(
        report_text("beta"), encoding="utf-8"
    )
    result = subprocess.run(
        [*entry_command("gradecheck check"), "rules/peel-2018-19/rollup.toml"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "No findings in 2 reports.\n")


def test_readme_snippet_names_a_revision_that_exists_or_says_what_to_write() -> None:
    """The README's `.pre-commit-config.yaml` either pins a tag this repository has, or its
    `rev` is a placeholder the text explains (a tag or commit; `pre-commit autoupdate`)."""
    yaml = pytest.importorskip("yaml", reason="PyYAML belongs in the test extra")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### pre-commit") : readme.index("### GitHub Actions")]
    block = re.search(r"```yaml\n(.*?)```", section, flags=re.DOTALL)
    assert block is not None
    (entry,) = yaml.safe_load(block[1])["repos"]
    assert [hook["id"] for hook in entry["hooks"]] == [hook()["id"]]
    rev = str(entry["rev"])
    tags = git(ROOT, "tag", "--list").split() if (ROOT / ".git").exists() else []
    if rev in tags:
        return
    assert f"rev: {rev}" in section
    assert "`rev` must be a tag or a commit" in section
    assert "pre-commit autoupdate" in section
