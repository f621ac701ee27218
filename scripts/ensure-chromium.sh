#!/usr/bin/env bash
# Installs Debian's `chromium` when /usr/bin/chromium is missing, for the HTML-report screenshot test
# (test/cli/report.browser.test.ts). Non-interactive (CI=true, no stdin); needs root or sudo.
# Exits non-zero, loudly, when Chromium cannot be had: the test must fail, never skip.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "ensure-chromium: $CHROMIUM is missing and we are not root (no sudo): install Debian's chromium" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
echo "ensure-chromium: installing Debian's chromium (apt-get)…" >&2
$SUDO apt-get update -qq </dev/null >&2
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core </dev/null >&2
if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: apt-get finished but $CHROMIUM is still missing" >&2
  exit 1
fi
"$CHROMIUM" --version >&2
