#!/usr/bin/env bash
# Installs the Debian packages the test tiers need, when missing: Chromium for the browser tier, coturn for
# the TURN relay, poppler-utils (pdftotext) to read report PDFs back, dcmtk to make and send DICOM studies,
# zip/unzip to build and read DICOM bundles.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v turnserver >/dev/null 2>&1 || need+=(coturn)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v storescu >/dev/null 2>&1 || need+=(dcmtk)
command -v zip >/dev/null 2>&1 || need+=(zip)
command -v unzip >/dev/null 2>&1 || need+=(unzip)

if [ ${#need[@]} -eq 0 ]; then
  echo "setup:test-deps: all present (chromium, coturn, poppler-utils, dcmtk, zip, unzip)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "setup:test-deps: need root (or sudo) to install: ${need[*]}" >&2
    exit 1
  fi
fi
echo "setup:test-deps: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "setup:test-deps: installed ${need[*]}"
