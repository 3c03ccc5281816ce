#!/usr/bin/env bash
# Builds the desktop app as a PyInstaller one-folder bundle:
#   dist/<APP_SLUG>/<APP_SLUG>                          the app (run it, or install.sh inside)
#   dist/<APP_SLUG>-<version>-linux-<arch>.tar.gz       the same folder, packed for release
# Installs PyInstaller (the [package] extra) into .venv via scripts/bootstrap.sh first.
# Usage: bash packaging/build.sh         (about 1 minute on 2 cores once .venv exists)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
t0=$(date +%s)
BOOTSTRAP_EXTRAS=package bash scripts/bootstrap.sh
# This checkout, not whatever an editable install elsewhere points at, is what gets bundled.
export PYTHONPATH="$root"
read -r slug version < <(.venv/bin/python -c '
import tomllib, desktop_app
print(desktop_app.APP_SLUG, tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
.venv/bin/python packaging/check_linux_files.py
.venv/bin/python packaging/make_icons.py --check || {
  echo "build.sh: icons are stale: run .venv/bin/python packaging/make_icons.py" >&2; exit 1; }

rm -rf "dist/$slug" build/pyinstaller
QT_QPA_PLATFORM=offscreen .venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller "packaging/$slug.spec"

# Linux integration files travel inside the bundle, so an unpacked tarball can install itself.
mkdir -p "dist/$slug/share"
cp packaging/linux/*.desktop packaging/linux/*.metainfo.xml "dist/$slug/share/"
cp packaging/linux/install.sh packaging/linux/uninstall.sh "dist/$slug/"

tarball="dist/$slug-$version-linux-$(uname -m).tar.gz"
rm -f "$tarball"
tar -C dist -czf "$tarball" "$slug"
t1=$(date +%s)
echo "bundle:  dist/$slug/ $(du -sh "dist/$slug" | cut -f1)"
echo "tarball: $tarball $(du -sh "$tarball" | cut -f1)"
echo "build.sh took $((t1 - t0)) s"
