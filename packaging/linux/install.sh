#!/usr/bin/env bash
# Installs the bundled app for the current user, under ~/.local (no root needed):
#   ~/.local/lib/calendly-assistant/                  the PyInstaller one-folder bundle
#   ~/.local/bin/calendly-assistant                   symlink to its executable
#   $XDG_DATA_HOME/applications/<APP_ID>.desktop      menu entry (XDG_DATA_HOME: ~/.local/share)
#   $XDG_DATA_HOME/icons/hicolor/*/apps/<APP_ID>.*    icons, PNG 16..512 + scalable SVG
#   $XDG_DATA_HOME/metainfo/<APP_ID>.metainfo.xml     AppStream description (software centres)
# Works from an unpacked release tarball (this script sits next to the executable) and from the
# repo after packaging/build.sh (it then takes dist/calendly-assistant). Re-running upgrades.
# Usage: install.sh [BUNDLE_DIR]
set -euo pipefail
SLUG="calendly-assistant"
APP_ID="io.github.desktop_app.SchedulingAssistant"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

bundle="${1:-}"
if [ -z "$bundle" ]; then
  if [ -x "$here/$SLUG" ]; then bundle="$here"; else bundle="$here/../../dist/$SLUG"; fi
fi
if [ ! -x "$bundle/$SLUG" ] || [ ! -d "$bundle/_internal" ]; then
  echo "install.sh: no bundle at $bundle (run packaging/build.sh first)" >&2
  exit 1
fi
bundle="$(cd "$bundle" && pwd)"
# Desktop/metainfo files: next to this script (repo, or copied into the bundle by build.sh).
meta="$here"
[ -f "$meta/$APP_ID.desktop" ] || meta="$bundle/share"
icons="$bundle/_internal/desktop_app/assets/icons"

data="${XDG_DATA_HOME:-$HOME/.local/share}"
libdir="$HOME/.local/lib/$SLUG"
bindir="$HOME/.local/bin"

mkdir -p "$HOME/.local/lib" "$bindir" "$data/applications" "$data/metainfo"
# Copy to a temp folder first, then swap: a failed copy never leaves half an install.
if [ "$bundle" != "$libdir" ]; then
  rm -rf "$libdir.new"
  cp -a "$bundle" "$libdir.new"
  rm -rf "$libdir"
  mv "$libdir.new" "$libdir"
fi
ln -sfn "$libdir/$SLUG" "$bindir/$SLUG"

exe="$libdir/$SLUG"
case "$exe" in *\ *) exe="\"$exe\"" ;; esac  # Exec= needs quotes around a path with spaces
sed -e "s|^Exec=$SLUG|Exec=$exe|" "$meta/$APP_ID.desktop" > "$data/applications/$APP_ID.desktop"
cp "$meta/$APP_ID.metainfo.xml" "$data/metainfo/$APP_ID.metainfo.xml"

for png in "$icons"/app-*.png; do
  n="$(basename "$png" .png)"; n="${n#app-}"
  mkdir -p "$data/icons/hicolor/${n}x${n}/apps"
  cp "$png" "$data/icons/hicolor/${n}x${n}/apps/$APP_ID.png"
done
mkdir -p "$data/icons/hicolor/scalable/apps"
cp "$icons/app.svg" "$data/icons/hicolor/scalable/apps/$APP_ID.svg"

# Refresh caches when the tools exist (desktops pick the files up without them too).
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q "$data/applications" || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$data/icons/hicolor/index.theme" ]; then
  gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
fi
echo "Installed $SLUG to $libdir"
case ":$PATH:" in *":$bindir:"*) ;; *) echo "Note: $bindir is not on PATH; the menu entry works anyway." ;; esac
