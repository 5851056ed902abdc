#!/usr/bin/env bash
# Debian packages the document readers and renderers need, installed by the project itself:
#   LibreOffice (Writer and Calc, headless) converts .doc/.wps/.rtf for reading and .docx to .doc
#     for the demo web's attachments;
#   Tesseract with its Simplified Chinese model reads scanned reports;
#   a CJK font lets the project render reports to PDF and to scanned images;
#   Debian's chromium (headless) runs the publication's browser tests (tests/datasette).
# Idempotent: when every package is present it returns at once without touching apt.
# Run as root (CI is), or through sudo when that is available.
set -euo pipefail

PACKAGES=(
  libreoffice-writer-nogui
  libreoffice-calc-nogui
  tesseract-ocr
  tesseract-ocr-chi-sim
  fonts-wqy-zenhei
  chromium
)

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages present: ${PACKAGES[*]}"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "missing system packages (${missing[*]}) and not root: install them as root" >&2
  exit 1
fi

echo "installing system packages: ${missing[*]}"
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends \
  "${missing[@]}"
