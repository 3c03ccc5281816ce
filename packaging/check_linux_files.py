"""Check that the Linux integration files agree with desktop_app/__init__.py and pyproject.toml.

APP_NAME, APP_ID and APP_SLUG are the single source of the app's identity; the .desktop entry,
the AppStream metainfo and the install scripts repeat them (they must work without Python), so
this script fails the build when they drift. Also runs `desktop-file-validate` and
`appstreamcli validate --no-net` when those tools are installed.

    .venv/bin/python packaging/check_linux_files.py      # exit 0 = consistent and valid
"""

from __future__ import annotations

import ast
import configparser
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"


def app_constants() -> dict[str, str]:
    """APP_NAME / APP_ID / APP_SLUG (and __version__) read from desktop_app/__init__.py."""
    tree = ast.parse((ROOT / "desktop_app" / "__init__.py").read_text())
    out: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                    out[target.id] = node.value.value
    return out


def main() -> int:
    c = app_constants()
    name, app_id, slug = c["APP_NAME"], c["APP_ID"], c["APP_SLUG"]
    with open(ROOT / "pyproject.toml", "rb") as f:
        version = tomllib.load(f)["project"]["version"]
    errors: list[str] = []

    def expect(what: str, got: object, want: object) -> None:
        if got != want:
            errors.append(f"{what}: {got!r}, expected {want!r}")

    desktop = LINUX / f"{app_id}.desktop"
    metainfo = LINUX / f"{app_id}.metainfo.xml"
    spec = ROOT / "packaging" / f"{slug}.spec"
    for path in (desktop, metainfo, spec):
        if not path.exists():
            errors.append(f"missing {path.relative_to(ROOT)}")
    if errors:
        print("\n".join(errors))
        return 1

    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(desktop)
    d = entry["Desktop Entry"]
    expect("desktop Name", d.get("Name"), name)
    expect("desktop Icon", d.get("Icon"), app_id)
    expect("desktop Exec", d.get("Exec", "").split()[0], slug)
    expect("desktop StartupWMClass", d.get("StartupWMClass"), slug)
    for section in entry.sections():
        if section.startswith("Desktop Action "):
            expect(f"[{section}] Exec", entry[section].get("Exec", "").split()[0], slug)

    root = ET.parse(metainfo).getroot()
    expect("metainfo id", root.findtext("id"), app_id)
    expect("metainfo name", root.findtext("name"), name)
    expect("metainfo launchable", root.findtext("launchable"), f"{app_id}.desktop")
    expect("metainfo binary", root.findtext("provides/binary"), slug)
    release = root.find("releases/release")
    expect("metainfo newest release", None if release is None else release.get("version"), version)

    for script in ("install.sh", "uninstall.sh"):
        text = (LINUX / script).read_text()
        expect(f"{script} SLUG", re.search(r'^SLUG="([^"]*)"', text, re.M)[1], slug)  # type: ignore[index]
        expect(f"{script} APP_ID", re.search(r'^APP_ID="([^"]*)"', text, re.M)[1], app_id)  # type: ignore[index]

    if shutil.which("desktop-file-validate"):
        r = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True)
        if r.returncode != 0 or "error" in r.stdout:
            errors.append("desktop-file-validate: " + (r.stdout + r.stderr).strip())
    else:
        print("note: desktop-file-validate not installed, .desktop not validated")
    if shutil.which("appstreamcli"):
        r = subprocess.run(
            ["appstreamcli", "validate", "--no-net", str(metainfo)], capture_output=True, text=True
        )
        if r.returncode != 0:
            errors.append("appstreamcli validate: " + (r.stdout + r.stderr).strip())
    else:
        print("note: appstreamcli not installed, metainfo not validated")

    if errors:
        print("\n".join(errors))
        return 1
    print(f"linux files consistent with {slug} / {app_id} / {version!s}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
