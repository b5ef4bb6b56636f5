#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian packages that the tests and the demo need, only those missing (a no-op when all are there):
# speech synthesisers with exact phoneme timings (festival with English and other-language voices) and their texts
# (corpus and test fixtures), sox, and ffmpeg for the audio-format tests and the demo's preview. Uses sudo when not
# run as root.
set -euo pipefail

PACKAGES=(espeak-ng libespeak-ng1 festival festvox-kallpc16k festvox-kdlpc16k festvox-us-slt-hts flite sox ffmpeg
          festvox-italp16k festvox-itapc16k festvox-czech-dita festvox-czech-krb festvox-czech-machac festvox-czech-ph
          festvox-suopuhe-lj festvox-suopuhe-mv festvox-ru
          fortunes fortunes-de fortunes-es fortunes-it fortunes-ru fortunes-pl fortunes-br fortunes-cs fortunes-bg
          fortunes-eo)
# The commands the tests run, by package: one missing from PATH means its package is missing too.
declare -A COMMANDS=([espeak-ng]=espeak-ng [festival]=festival [flite]=flite [sox]=sox [ffmpeg]=ffmpeg)

missing=()
for package in "${PACKAGES[@]}"; do
    command=${COMMANDS[$package]:-}
    if [ -n "$command" ] && ! command -v "$command" >/dev/null 2>&1; then
        missing+=("$package")
    elif ! dpkg-query -W -f '${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_system_packages: no apt-get here; install these Debian/Ubuntu packages (or their equivalents):" \
         "${missing[*]}" >&2
    exit 1
fi
SUDO=()
[ "$(id -u)" -eq 0 ] || SUDO=(sudo)
echo "install_system_packages: installing ${missing[*]}"
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
