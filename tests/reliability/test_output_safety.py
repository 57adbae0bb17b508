"""Output safety: a build that is stopped, fails at the end, or cannot write leaves earlier outputs as they were.

Every build here is the installed console script in its own session (as a CI runner starts it), so the
signals are real and the handbook's worker processes can be found afterwards by their session id.
The read-only folder and the full disk are real mounts: root ignores permission bits, so a chmod proves
nothing here.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from builder.writer import STAGE_PREFIX, stage_is_stale, stage_prefix
from tests.conftest import EXAMPLE_COURSE, SHIPPED_COURSE, interruptible
from tests.edits import COURSEBUILD, PAGE, replace

TIMEOUT = 300  # seconds; generous because CI shares two cores between two test workers
GLYPH_PAGE = "lessons/02-closing/pages/01-close.en.md"


def _env(**changes: str | None) -> dict[str, str]:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _start(course: Path, out: Path, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
           ) -> subprocess.Popen[str]:
    return subprocess.Popen([str(COURSEBUILD), "build", str(course), "-o", str(out), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                            errors="replace", cwd=cwd, env=env or _env(), start_new_session=True,
                            preexec_fn=interruptible)


def _build(course: Path, out: Path, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
           ) -> subprocess.CompletedProcess[str]:
    process = _start(course, out, *args, cwd=cwd, env=env)
    stdout, stderr = process.communicate(timeout=TIMEOUT)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every entry in the folder, hidden ones included, with its bytes (folders as a marker)."""
    return {p.name: (b"<folder>" if p.is_dir() else p.read_bytes()) for p in sorted(folder.iterdir())}


def _session_members(session: int) -> list[str]:
    """Processes still alive in a session: a build's forked workers keep the session of the build."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # the process ended while we looked
            continue
        command, fields = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
        if int(fields[3]) == session and fields[0] != "Z":
            members.append(f"{entry.name} {command}")
    return members


def _children(pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text() if entry.name.isdigit() else ""
        except OSError:
            continue
        if stat and int(stat[stat.rindex(")") + 2:].split()[1]) == pid:
            children.append(int(entry.name))
    return children


def _wait_for(condition, what: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"the build ended (exit {process.returncode}) before {what}: {process.stderr.read()}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def _staged(out: Path) -> list[Path]:
    try:
        return [p for stage in out.glob(STAGE_PREFIX + "*") for p in stage.iterdir()]
    except FileNotFoundError:  # the build removed its stage while we looked
        return []


def _assert_clean_failure(result: subprocess.CompletedProcess[str], before: dict[str, bytes], out: Path) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert "build failed; nothing was changed" in result.stderr
    assert _snapshot(out) == before, "earlier outputs changed, or a partial file or the stage was left behind"


@pytest.fixture(scope="module")
def earlier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A complete build of the example course: the earlier outputs every test must leave untouched."""
    root = tmp_path_factory.mktemp("earlier")
    course = root / "course"
    shutil.copytree(EXAMPLE_COURSE, course)
    result = _build(course, root / "out", cwd=root, env=_env(SOURCE_DATE_EPOCH=None))
    assert result.returncode == 0, result.stderr
    assert len(list((root / "out").iterdir())) == 13  # 2 languages × (2 SCORM zips, a cmi5 zip, workbook, guide, printables), the web site
    return root / "out"


@pytest.fixture(scope="module")
def changed_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example course with one changed sentence: every output it gives differs from the earlier ones."""
    course = tmp_path_factory.mktemp("changed") / "course"
    shutil.copytree(EXAMPLE_COURSE, course)
    replace(course, PAGE, "# ", "# Changed: ")
    return course


@pytest.fixture
def out(tmp_path: Path, earlier: Path) -> Path:
    target = tmp_path / "out"
    shutil.copytree(earlier, target)
    return target


# --- stopped by a signal ----------------------------------------------------------------------------------

def _zips_before_handbooks(course: Path) -> int:
    """SCORM 1.2, SCORM 2004 and cmi5 write one zip per language before the handbooks start."""
    return 3 * len(yaml.safe_load((course / "course.yaml").read_text(encoding="utf-8"))["languages"])


def _stop_when(out: Path, moment: str, process: subprocess.Popen[str], course: Path) -> None:
    if moment == "stage created":
        _wait_for(lambda: any(out.glob(STAGE_PREFIX + "*")), "the stage appeared", process)
    else:  # the SCORM and cmi5 packages are staged and two handbook workers (one language each) are rendering
        # Two children, not one: the first child can be fc-list, run while the fonts are looked up.
        zips = _zips_before_handbooks(course)
        _wait_for(lambda: len([p for p in _staged(out) if p.suffix == ".zip"]) == zips
                  and len(_children(process.pid)) == 2, "the handbook workers started", process)


@pytest.mark.parametrize(("signum", "moment", "to_group"), [
    (signal.SIGINT, "stage created", False),
    (signal.SIGTERM, "stage created", False),
    (signal.SIGINT, "handbook rendering", False),
    (signal.SIGTERM, "handbook rendering", False),
    (signal.SIGINT, "handbook rendering", True),  # Ctrl-C on a terminal reaches the workers too
    (signal.SIGTERM, "handbook rendering", True),  # a CI runner cancelling the job's process group
], ids=["SIGINT-early", "SIGTERM-early", "SIGINT-handbook", "SIGTERM-handbook", "SIGINT-group", "SIGTERM-group"])
def test_a_stopped_build_leaves_earlier_outputs_and_no_processes(out: Path, changed_course: Path,
                                                                 signum: int, moment: str, to_group: bool) -> None:
    before = _snapshot(out)
    # The shipped course's handbooks take many seconds to render: the signal surely lands mid-rendering.
    course = changed_course if moment == "stage created" else SHIPPED_COURSE
    process = _start(course, out)
    _stop_when(out, moment, process, course)
    stopped_at = time.monotonic()
    if to_group:
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=TIMEOUT)
    took = time.monotonic() - stopped_at
    result = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    _assert_clean_failure(result, before, out)
    name = signal.Signals(signum).name
    assert f"{out}: error: the build was stopped by {name}; earlier outputs are untouched" in stderr
    assert _session_members(process.pid) == [], "handbook workers outlived the build"
    # Workers are stopped, not waited for (even when the signal landed in a finalizer): a shipped-course
    # handbook alone renders for longer than this.
    assert took < 10, f"the build took {took:.1f} s to stop"


# --- killed outright --------------------------------------------------------------------------------------

def test_a_stage_left_by_a_killed_build_is_removed_by_the_next_build(out: Path, changed_course: Path) -> None:
    """SIGKILL (the out-of-memory killer, `kill -9`) gives no chance to clean up: the next build does, and only
    for stages whose owner is surely gone."""
    before = _snapshot(out)
    process = _start(changed_course, out)
    _stop_when(out, "handbook rendering", process, changed_course)
    os.killpg(process.pid, signal.SIGKILL)  # the build and its handbook workers
    process.communicate(timeout=TIMEOUT)
    assert process.returncode == -signal.SIGKILL
    (left,) = out.glob(STAGE_PREFIX + "*")
    assert len(list(left.glob("*.zip"))) == _zips_before_handbooks(changed_course)
    assert {k: v for k, v in _snapshot(out).items() if not k.startswith(STAGE_PREFIX)} == before

    # Stages that may be in use stay: a live process's (another build running now), another machine's
    # (a shared network folder), and one named the old way, whose owner cannot be known.
    live_owner = subprocess.Popen(["sleep", "300"])
    try:
        live = out / f"{stage_prefix(live_owner.pid)}live"
        reused_pid = out / f"{stage_prefix(live_owner.pid).rsplit('-', 2)[0]}-1-gone"  # same pid, other start
        foreign = out / f"{STAGE_PREFIX}00000000-00000000-1-1-elsewhere"
        legacy = out / f"{STAGE_PREFIX}k2j4h5g6"
        for stage in (live, reused_pid, foreign, legacy):
            stage.mkdir()
        result = _build(changed_course, out, "-f", "scorm12")
        assert result.returncode == 0, result.stderr
        assert not left.exists() and not reused_pid.exists()
        assert live.is_dir() and foreign.is_dir() and legacy.is_dir()
    finally:
        live_owner.kill()
        live_owner.wait()
    assert stage_is_stale(live.name), "the owner has ended: its stage is now stale"


def test_a_stage_from_before_the_last_restart_is_stale() -> None:
    prefix = stage_prefix()
    assert not stage_is_stale(f"{prefix}x")
    machine, boot, rest = prefix.removeprefix(STAGE_PREFIX).split("-", 2)
    other_boot = "f" * 8 if boot != "f" * 8 else "e" * 8
    assert stage_is_stale(f"{STAGE_PREFIX}{machine}-{other_boot}-{rest}x")


# --- failing in its last step -----------------------------------------------------------------------------

def test_a_handbook_failing_after_the_packages_were_staged_places_nothing(out: Path, tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE_COURSE, course)
    # No font of the handbook has an emoji: SCORM packages it happily, the handbook (built last) refuses it.
    replace(course, GLYPH_PAGE, "thank the caller", "thank the caller \U0001F9FF")
    before = _snapshot(out)
    result = _build(course, out, cwd=tmp_path)  # problems name their files from the working directory
    _assert_clean_failure(result, before, out)
    assert result.stderr.count(".zip") == 6, "the SCORM and cmi5 packages should have been staged before the failure"
    assert any(line.startswith(f"course/{GLYPH_PAGE}") and "error: no font of the en handbook has a glyph for U+1F9FF" in line
               for line in result.stderr.splitlines()), result.stderr


def test_a_move_into_place_failing_midway_is_undone(out: Path, changed_course: Path) -> None:
    # A folder where the last SCORM 2004 package belongs: the moves before it succeed, that one cannot.
    blocker = out / "phone-basics-1.2.0-zh-Hant-scorm2004-4th-single.zip"
    blocker.unlink()
    blocker.mkdir()
    (blocker / "keep.txt").write_text("someone's folder", encoding="utf-8")
    before = _snapshot(out)
    result = _build(changed_course, out, "-f", "scorm12", "-f", "scorm2004")
    _assert_clean_failure(result, before, out)
    assert (blocker / "keep.txt").read_text(encoding="utf-8") == "someone's folder"
    assert f"{out}: error: cannot write the output {blocker}: Is a directory" in result.stderr


# --- a read-only folder and a full disk -------------------------------------------------------------------

def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, check=False, timeout=60)


def _unmount(folder: Path) -> None:
    if subprocess.run(["umount", str(folder)], capture_output=True, check=False, timeout=60).returncode != 0:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False, timeout=60)


@pytest.fixture(scope="module")
def can_mount(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Mounting needs root (or CAP_SYS_ADMIN); find out by trying."""
    probe = tmp_path_factory.mktemp("mount-probe")
    if shutil.which("mount") is None:
        pytest.skip("no mount command on this machine")
    tried = _mount("-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe))
    if tried.returncode != 0:
        pytest.skip(f"mount is not permitted here ({tried.stderr.strip()}); run as root to test full and "
                    "read-only output folders")
    _unmount(probe)


@pytest.fixture
def read_only_out(out: Path, can_mount: None) -> Iterator[Path]:
    bound = _mount("--bind", str(out), str(out))
    assert bound.returncode == 0, bound.stderr
    try:
        remounted = _mount("-o", "remount,bind,ro", str(out))
        assert remounted.returncode == 0, remounted.stderr
        yield out
    finally:
        _unmount(out)


@pytest.fixture
def full_out(request: pytest.FixtureRequest, tmp_path: Path, earlier: Path, can_mount: None) -> Iterator[Path]:
    """A small disk holding the earlier SCORM 1.2 packages (62 KB) and little room besides."""
    folder = tmp_path / "small-disk"
    folder.mkdir()
    mounted = _mount("-t", "tmpfs", "-o", f"size={request.param}", "tmpfs", str(folder))
    assert mounted.returncode == 0, mounted.stderr
    try:
        for package in earlier.glob("*-scorm12-*.zip"):
            shutil.copy(package, folder / package.name)
        yield folder
    finally:
        _unmount(folder)


@pytest.mark.parametrize("subfolder", ["", "new-subfolder"])
def test_a_read_only_output_folder_is_a_clear_error(read_only_out: Path, changed_course: Path,
                                                    subfolder: str) -> None:
    before = _snapshot(read_only_out)
    target = read_only_out / subfolder if subfolder else read_only_out
    result = _build(changed_course, target, "-f", "scorm12")
    _assert_clean_failure(result, before, read_only_out)
    assert f"{target}: error: the output folder is on a read-only file system" in result.stderr
    assert "fix: choose a writable folder with -o" in result.stderr


# 100 KB: the disk fills while the build itself writes a SCORM package; 300 KB: while a handbook worker
# process writes a PDF, after the packages were staged.
@pytest.mark.parametrize(("full_out", "formats"), [
    pytest.param("100k", ("-f", "scorm12"), id="packages"),
    pytest.param("300k", (), id="handbooks", marks=pytest.mark.slow),
], indirect=["full_out"])
def test_a_full_disk_is_a_clear_error(full_out: Path, changed_course: Path, formats: tuple[str, ...]) -> None:
    before = _snapshot(full_out)
    assert len(before) == 2
    result = _build(changed_course, full_out, *formats)
    _assert_clean_failure(result, before, full_out)
    assert f"{full_out}: error: no space left on the disk of the output folder" in result.stderr
    assert "fix: free some space, or choose a folder on another disk with -o" in result.stderr
    free = os.statvfs(full_out)
    used = (free.f_blocks - free.f_bfree) * free.f_frsize
    assert used <= sum(len(data) for data in before.values()) + 8192, "the failed build left data on the disk"


# --- the same sources give the same bytes -----------------------------------------------------------------

@pytest.mark.slow
def test_two_builds_in_different_places_and_times_are_byte_identical(earlier: Path, tmp_path: Path) -> None:
    """The earlier build ran from another folder, in another time zone, with SOURCE_DATE_EPOCH unset."""
    place = tmp_path / "elsewhere" / "a longer path, with spaces"
    course = place / "my course"
    shutil.copytree(EXAMPLE_COURSE, course)
    env = _env(SOURCE_DATE_EPOCH=None, TZ="Asia/Taipei", LC_ALL="C.UTF-8")
    while time.time() - earlier.stat().st_mtime < 1.5:  # the clock must have moved on since the earlier build
        time.sleep(0.1)
    started = time.time()
    # --no-cache: each build must make its bytes itself (the build cache would hand the second the first's).
    result = _build(course, place / "dist", "--no-cache", cwd=place, env=env)
    assert result.returncode == 0, result.stderr
    assert started - earlier.stat().st_mtime >= 1, "the two builds should be at least a second apart"
    assert _snapshot(place / "dist") == _snapshot(earlier)

    # The other packaging choices too: one package per lesson, SCORM 2004 3rd edition.
    other = ("-f", "scorm12", "-f", "scorm2004", "--mode", "per-lesson", "--scorm2004-edition", "3", "--no-cache")
    first = _build(course, place / "per-lesson-1", *other, cwd=place, env=env)
    second = _build(EXAMPLE_COURSE, tmp_path / "per-lesson-2", *other, env=_env(SOURCE_DATE_EPOCH=None))
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert len(_snapshot(place / "per-lesson-1")) == 4
    assert _snapshot(place / "per-lesson-1") == _snapshot(tmp_path / "per-lesson-2")
