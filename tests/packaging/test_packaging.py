"""Packaging files (owner: P): identity consistency, icons, Linux install/uninstall scripts.

The bundle itself is built and run by ``packaging/ci-check.sh`` (about a minute); these tests
cover the cheap parts on every run: the .desktop/metainfo/scripts agree with
desktop_app/__init__.py, the committed icons match resources/app-icon.svg, and install.sh /
uninstall.sh do their job on a stand-in bundle inside a throw-away HOME.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app import APP_ID, APP_NAME, APP_SLUG

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
ICONS = ROOT / "desktop_app" / "assets" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def run(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=60, check=False)


def test_linux_files_agree_with_app_identity() -> None:
    r = run([sys.executable, str(ROOT / "packaging" / "check_linux_files.py")])
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"{APP_SLUG} / {APP_ID}" in r.stdout


def test_committed_icons_match_the_svg_source() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    r = run([sys.executable, str(ROOT / "packaging" / "make_icons.py"), "--check"], env=env)
    assert r.returncode == 0, "stale icons, run packaging/make_icons.py:\n" + r.stdout + r.stderr
    for n in SIZES:
        png = (ICONS / f"app-{n}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(png[16:20], "big") == n  # IHDR width


def _fake_bundle(where: Path) -> Path:
    """A folder shaped like dist/<slug>/ whose 'executable' is a shell script."""
    bundle = where / APP_SLUG
    shutil.copytree(ICONS, bundle / "_internal" / "desktop_app" / "assets" / "icons")
    exe = bundle / APP_SLUG
    exe.write_text('#!/bin/sh\necho "fake app $*"\n')
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return bundle


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_install_then_uninstall_under_a_temp_home(tmp_path: Path) -> None:
    bundle = _fake_bundle(tmp_path / "src dir")  # a space in the path on purpose
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": os.environ["PATH"], "HOME": str(home)}
    r = run(["bash", str(LINUX / "install.sh"), str(bundle)], env=env)
    assert r.returncode == 0, r.stdout + r.stderr

    share = home / ".local" / "share"
    lib = home / ".local" / "lib" / APP_SLUG
    desktop = share / "applications" / f"{APP_ID}.desktop"
    text = desktop.read_text()
    assert f"Name={APP_NAME}\n" in text
    assert f"Exec={lib / APP_SLUG}\n" in text
    assert f"Exec={lib / APP_SLUG} --sandbox\n" in text
    assert f"Icon={APP_ID}\n" in text
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    for n in SIZES:
        assert (share / "icons" / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png").is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    launcher = home / ".local" / "bin" / APP_SLUG
    out = run([str(launcher), "--sandbox"], env=env)
    assert out.stdout.strip() == "fake app --sandbox"

    # Re-running upgrades in place.
    assert run(["bash", str(LINUX / "install.sh"), str(bundle)], env=env).returncode == 0

    r = run(["bash", str(LINUX / "uninstall.sh")], env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    left = [
        p
        for p in (home / ".local").rglob("*")
        if (p.is_file() or p.is_symlink()) and p.name != "mimeinfo.cache"
    ]
    assert left == []
    assert bundle.joinpath(APP_SLUG).is_file()  # the source bundle is untouched


def test_install_without_a_bundle_fails_clearly(tmp_path: Path) -> None:
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    r = run(["bash", str(LINUX / "install.sh"), str(tmp_path / "nothing")], env=env)
    assert r.returncode == 1
    assert "no bundle" in r.stderr
    assert not (tmp_path / ".local" / "lib").exists()


def test_uninstall_leaves_a_foreign_launcher_alone(tmp_path: Path) -> None:
    bindir = tmp_path / ".local" / "bin"
    bindir.mkdir(parents=True)
    foreign = bindir / APP_SLUG
    foreign.symlink_to("/usr/bin/true")
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    assert run(["bash", str(LINUX / "uninstall.sh")], env=env).returncode == 0
    assert foreign.is_symlink()
