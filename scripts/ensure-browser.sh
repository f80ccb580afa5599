#!/usr/bin/env bash
# Makes sure the e2e tests have what they need from apt: Debian's chromium (Playwright cannot download
# its own browser here), a CJK font (so Chinese renders in screenshots) and poppler-utils (pdftotext /
# pdftoppm for checking generated PDFs). Installs only what is missing; does nothing when all is there.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
FONT=/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc

missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
[ -f "$FONT" ] || missing+=(fonts-wqy-zenhei)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)

if [ ${#missing[@]} -eq 0 ]; then
  echo "[ensure-browser] chromium, fonts-wqy-zenhei and poppler-utils are present"
  exit 0
fi

echo "[ensure-browser] installing from apt: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "[ensure-browser] ERROR: not root and no sudo; install as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${missing[@]}"

[ -x "$CHROMIUM" ] || { echo "[ensure-browser] ERROR: $CHROMIUM still missing after apt-get" >&2; exit 1; }
[ -f "$FONT" ] || { echo "[ensure-browser] ERROR: $FONT still missing after apt-get" >&2; exit 1; }
echo "[ensure-browser] done"
