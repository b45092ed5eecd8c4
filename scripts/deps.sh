#!/usr/bin/env bash
# Installs the Debian 12 packages weft needs, only those missing.
set -euo pipefail
packages=(gcc make meson ninja-build pkg-config gettext zlib1g-dev libunwind-dev libdw-dev
  libelf-dev check libjson-glib-dev libgtk-4-dev libcairo2-dev xvfb xauth desktop-file-utils procps
  clang libclang-rt-14-dev locales libtsan2 poppler-utils)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "weft: installing ${missing[*]}" >&2
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# French on a fresh machine: LANG=fr_FR.UTF-8 needs the locale generated
# (the tests check French messages and numbers under it).
if ! locale -a 2>/dev/null | grep -qix 'fr_FR.utf8'; then
  echo "weft: generating the fr_FR.UTF-8 locale" >&2
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO sed -i 's/^# *\(fr_FR.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  grep -q '^fr_FR.UTF-8 UTF-8' /etc/locale.gen || echo 'fr_FR.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
  $SUDO locale-gen >/dev/null
fi
