"""The CI examples and the pre-commit hook are valid YAML and run commands and options coursebuild has."""

from __future__ import annotations

import re
import shlex

import click
import pytest
import yaml

from builder.cli import cli
from tests.conftest import ROOT

GITHUB = ROOT / "docs/examples/github-workflow.yml"
GITLAB = ROOT / "docs/examples/gitlab-ci.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
CI_DOC = ROOT / "docs/ci.md"


def coursebuild_commands(script: str) -> list[list[str]]:
    """Every `coursebuild …` command line of a shell script, without redirections."""
    commands = []
    for line in script.splitlines():
        line = line.strip()
        if line.startswith("coursebuild "):
            words = shlex.split(line, comments=True)
            commands.append(words[1:words.index(">")] if ">" in words else words[1:])
    return commands


def parse_command_line(args: list[str]) -> click.Context:
    """Parse as the real command would (names, options, choices), without running it."""
    name, *rest = args
    command = cli.commands.get(name)
    assert command is not None, f"coursebuild has no command '{name}'"
    return command.make_context(name, rest)


def test_command_checker_rejects_what_coursebuild_rejects() -> None:
    with pytest.raises(click.UsageError):
        parse_command_line(["validate", "course", "--format", "gitlab"])
    with pytest.raises(click.UsageError):
        parse_command_line(["build", "--no-such-option"])
    assert parse_command_line(["build", "course", "--preset", "moodle"]).params["preset"] == "moodle"


def test_github_workflow() -> None:
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "push" in triggers
    steps = workflow["jobs"]["build"]["steps"]
    commands = [c for step in steps for c in coursebuild_commands(step.get("run", ""))]
    assert [c[0] for c in commands] == ["validate", "build"]
    validate = parse_command_line(commands[0])
    assert validate.params["report_format"] == "github"
    parse_command_line(commands[1])
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@"))
    paths = upload["with"]["path"].split()
    assert "output/*.zip" in paths and "output/*.pdf" in paths


def test_gitlab_ci() -> None:
    pipeline = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    assert pipeline["stages"] == ["validate", "build"]
    assert [c[0] for c in coursebuild_commands("\n".join(pipeline["validate"]["script"]))] == ["validate"]
    build_commands = coursebuild_commands("\n".join(pipeline["build"]["script"]))
    assert [c[0] for c in build_commands] == ["build"]
    for command in [*coursebuild_commands("\n".join(pipeline["validate"]["script"])), *build_commands]:
        parse_command_line(command)
    assert set(pipeline["build"]["artifacts"]["paths"]) == {"output/*.zip", "output/*.pdf"}


UNPUBLISHED = re.compile(r"pip install\s+['\"]?coursebuild(?!\s*@)(?:[=<>~!\s'\"]|$)")  # PyPI has no coursebuild


def test_examples_install_coursebuild_from_its_repository_with_its_pins() -> None:
    """`pip install coursebuild` finds nothing: the examples install a tag from the repository, pinned."""
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    pipeline = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    for variables, script in (
        (workflow["env"], "\n".join(step.get("run", "") for step in workflow["jobs"]["build"]["steps"])),
        (pipeline["variables"], "\n".join(pipeline["default"]["before_script"])),
    ):
        (install,) = [line for line in script.splitlines() if "pip install" in line or "coursebuild @" in line]
        assert not UNPUBLISHED.search(install), install
        assert '"coursebuild @ git+${COURSEBUILD_REPOSITORY}@${COURSEBUILD_VERSION}"' in install
        assert "-c" in script and "${COURSEBUILD_VERSION}/requirements/constraints.txt" in script
        assert variables["COURSEBUILD_REPOSITORY"].startswith("https://") and variables["COURSEBUILD_VERSION"]
    for doc in (CI_DOC, ROOT / "README.md"):
        assert not UNPUBLISHED.search(doc.read_text(encoding="utf-8")), doc.name
    assert (ROOT / "requirements" / "constraints.txt").is_file()


def test_pre_commit_hook_and_the_documented_config() -> None:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "coursebuild-validate")
    assert hook["entry"] == "coursebuild validate" and hook["pass_filenames"] is False
    assert re.search(hook["files"], "lessons/01-greeting/quiz.yaml")
    assert re.search(hook["files"], "lessons/01-greeting/pages/01-first-words.zh-Hant.md")
    assert not re.search(hook["files"], "README.txt")
    snippet = re.search(r"```yaml\n(repos:.*?)```", CI_DOC.read_text(encoding="utf-8"), re.S)
    assert snippet, "docs/ci.md shows a .pre-commit-config.yaml"
    config = yaml.safe_load(snippet.group(1))
    configured = config["repos"][0]["hooks"][0]
    assert configured["id"] == hook["id"]
    parse_command_line([*shlex.split(hook["entry"])[1:], *configured["args"]])


def test_docs_link_to_files_that_exist() -> None:
    for doc in [CI_DOC, ROOT / "docs/README.md"]:
        for target in re.findall(r"\]\(([^)#]+)\)", doc.read_text(encoding="utf-8")):
            if not target.startswith("http"):
                assert (doc.parent / target).exists(), f"{doc.name} links to a missing {target}"
