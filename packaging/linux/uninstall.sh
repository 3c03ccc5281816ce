#!/usr/bin/env bash
# Removes what install.sh put under ~/.local. User settings, logs and the keyring entry
# (token) are kept; remove them from the app (sign out) or by hand if wanted.
set -euo pipefail
SLUG="calendly-assistant"
APP_ID="io.github.desktop_app.SchedulingAssistant"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
libdir="$HOME/.local/lib/$SLUG"
bin="$HOME/.local/bin/$SLUG"

# Only remove the symlink if it is ours (points into our lib folder).
if [ -L "$bin" ] && [ "$(readlink "$bin")" = "$libdir/$SLUG" ]; then rm -f "$bin"; fi
rm -rf "$libdir" "$libdir.new"
rm -f "$data/applications/$APP_ID.desktop" "$data/metainfo/$APP_ID.metainfo.xml"
rm -f "$data"/icons/hicolor/*/apps/"$APP_ID".png "$data/icons/hicolor/scalable/apps/$APP_ID.svg"
if command -v update-desktop-database >/dev/null 2>&1 && [ -d "$data/applications" ]; then
  update-desktop-database -q "$data/applications" || true
fi
echo "Uninstalled $SLUG"
