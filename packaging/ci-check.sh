#!/usr/bin/env bash
# CI step for the packaged app: builds the bundle from this checkout (packaging/build.sh), checks
# it holds the Qt plugins and data the app needs, runs `dist/<slug>/<slug> --self-test` offscreen
# (must exit 0) and `--sandbox --screenshot`, and installs + uninstalls it into a throw-away HOME.
# Usage: bash packaging/ci-check.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
t0=$(date +%s)
passed=0
home="$(mktemp -d)"
# The closing line counts the checks ("N passed, N failed"), so CI logs end on a verdict.
trap 'rc=$?; rm -rf "$home"; [ "$rc" = 0 ] || echo "packaging: $passed passed, 1 failed"' EXIT
bash packaging/build.sh
passed=$((passed + 1))  # build + identity/icon checks
slug="$(PYTHONPATH="$root" .venv/bin/python -c 'import desktop_app; print(desktop_app.APP_SLUG)')"
app_id="$(PYTHONPATH="$root" .venv/bin/python -c 'import desktop_app; print(desktop_app.APP_ID)')"
bundle="$root/dist/$slug"
internal="$bundle/_internal"

fail=0
for f in \
  PySide6/Qt/plugins/platforms/libqoffscreen.so \
  PySide6/Qt/plugins/platforms/libqxcb.so \
  PySide6/Qt/plugins/imageformats/libqsvg.so \
  PySide6/Qt/plugins/iconengines/libqsvgicon.so \
  PySide6/Qt/plugins/tls/libqopensslbackend.so \
  tzdata/zoneinfo/Europe/Paris \
  certifi/cacert.pem \
  desktop_app/assets/icons/app.svg \
  desktop_app/assets/icons/app-256.png; do
  if [ ! -e "$internal/$f" ]; then echo "MISSING in bundle: $f"; fail=1; fi
done
if [ -n "$(find "$bundle" -xtype l)" ]; then echo "dangling symlinks:"; find "$bundle" -xtype l; fail=1; fi
for unwanted in pytest mypy PySide6/QtSql.abi3.so PySide6/QtQml.abi3.so; do
  if [ -e "$internal/$unwanted" ]; then echo "UNWANTED in bundle: $unwanted"; fail=1; fi
done
[ "$fail" = 0 ] || exit 1
passed=$((passed + 1))  # bundle contents

# Run it away from the source tree, with no PYTHONPATH, like a user would; zoneinfo forced
# onto the bundled tzdata (PYTHONTZPATH empty) as on Windows.
(cd "$home" && env -u PYTHONPATH HOME="$home" XDG_CONFIG_HOME="$home/.config" \
  XDG_DATA_HOME="$home/.local/share" XDG_STATE_HOME="$home/.local/state" \
  XDG_CACHE_HOME="$home/.cache" PYTHONTZPATH="" QT_QPA_PLATFORM=offscreen \
  timeout 180 "$bundle/$slug" --self-test)
echo "bundle --self-test: exit 0"
passed=$((passed + 1))
(cd "$home" && env -u PYTHONPATH HOME="$home" XDG_CONFIG_HOME="$home/.config" \
  XDG_DATA_HOME="$home/.local/share" XDG_STATE_HOME="$home/.local/state" \
  XDG_CACHE_HOME="$home/.cache" QT_QPA_PLATFORM=offscreen \
  timeout 180 "$bundle/$slug" --sandbox --screenshot "$home/shot.png")
[ "$(stat -c %s "$home/shot.png")" -gt 10000 ] || { echo "bundle --screenshot: picture too small"; exit 1; }
echo "bundle --screenshot: $(stat -c %s "$home/shot.png") bytes"
rm -f "$home/shot.png"
passed=$((passed + 1))

# Install into the throw-away HOME from the bundle's own copy of install.sh, then uninstall.
env HOME="$home" XDG_DATA_HOME="$home/.local/share" bash "$bundle/install.sh" >/dev/null
for f in ".local/lib/$slug/$slug" ".local/bin/$slug" ".local/share/applications/$app_id.desktop" \
  ".local/share/metainfo/$app_id.metainfo.xml" ".local/share/icons/hicolor/48x48/apps/$app_id.png" \
  ".local/share/icons/hicolor/scalable/apps/$app_id.svg"; do
  [ -e "$home/$f" ] || { echo "install.sh did not create ~/$f"; exit 1; }
done
grep -q "^Exec=$home/.local/lib/$slug/$slug\$" "$home/.local/share/applications/$app_id.desktop" \
  || { echo "installed .desktop has a wrong Exec line"; exit 1; }
if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate "$home/.local/share/applications/$app_id.desktop"
fi
passed=$((passed + 1))  # install
env HOME="$home" XDG_DATA_HOME="$home/.local/share" bash "$home/.local/lib/$slug/uninstall.sh" >/dev/null
# (the self-test's log under ~/.local/state is the app's, not the installer's)
left="$(find "$home/.local/lib" "$home/.local/bin" "$home/.local/share" \( -type f -o -type l \) \
  ! -name mimeinfo.cache 2>/dev/null || true)"
[ -z "$left" ] || { echo "uninstall.sh left files:"; echo "$left"; exit 1; }
passed=$((passed + 1))  # uninstall
echo "install.sh / uninstall.sh: ok"
echo "packaging CI check took $(( $(date +%s) - t0 )) s"
echo "packaging: $passed passed, 0 failed"
