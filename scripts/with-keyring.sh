#!/usr/bin/env bash
# Runs a command with a Secret Service available, so keytar talks to a real keychain.
# Where a session bus already exists (a desktop session), the command runs as it is.
# On headless Linux it starts a private D-Bus session and an unlocked gnome-keyring-daemon.
set -euo pipefail
if [ "$(uname)" != "Linux" ] || [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || [ -n "${LATCHKEY_KEYRING_STARTED:-}" ]; then
  exec "$@"
fi
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "with-keyring: dbus-run-session or gnome-keyring-daemon missing (apt-get install dbus-x11 gnome-keyring);" >&2
  echo "with-keyring: keychain tests will report that they skipped." >&2
  exec "$@"
fi
export LATCHKEY_KEYRING_STARTED=1
# Each run gets its own keyring folder: daemons of overlapping runs sharing one keyring file
# reload each other's copy, so deleted entries come back and new ones vanish.
XDG_DATA_HOME="$(mktemp -d)"
export XDG_DATA_HOME
exec dbus-run-session -- bash -c '
  # A password on stdin creates and unlocks the login keyring without a prompt. This keyring
  # lives only for this D-Bus session, so the password guards nothing.
  eval "$(echo latchkey-test-keyring | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
  exec "$@"
' with-keyring "$@"
