#!/usr/bin/env bash
# Builds and installs weft with meson: the `weft` command (and the viewer when
# GTK4 is there), libweft-preload.so, libweft-chan.so, its headers and
# weft-chan.pc.
#
#   sudo scripts/install.sh           into /usr/local, then ldconfig
#   scripts/install.sh --user         into ~/.local, no root needed
#   scripts/install.sh --prefix DIR  [--build-dir DIR] [--uninstall] [-- MESON_OPTION...]
#
# Outside /usr, weft-chan.pc carries an rpath, so programs built with
# `pkg-config --libs weft-chan` run without LD_LIBRARY_PATH.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
prefix=/usr/local builddir= uninstall=false

usage() { sed -n '2,11s/^# \{0,1\}//p' "$0"; }
die() { echo "install.sh: $1" >&2; exit "${2:-1}"; }

while [ $# -gt 0 ]; do
  case $1 in
  --user) prefix=${HOME:?}/.local ;;
  --prefix) [ $# -ge 2 ] || die "--prefix needs a folder" 64; prefix=$2; shift ;;
  --prefix=*) prefix=${1#*=} ;;
  --build-dir) [ $# -ge 2 ] || die "--build-dir needs a folder" 64; builddir=$2; shift ;;
  --build-dir=*) builddir=${1#*=} ;;
  --uninstall) uninstall=true ;;
  -h | --help) usage; exit 0 ;;
  --) shift; break ;;
  *) die "unknown option '$1'; try 'scripts/install.sh --help'" 64 ;;
  esac
  shift
done
case $prefix in /*) ;; *) prefix=$(pwd)/$prefix ;; esac

# Root installs what the build needs; anyone else must already have it.
if [ "$(id -u)" = 0 ]; then
  bash "$src/scripts/deps.sh"
else
  for tool in meson ninja cc pkg-config; do
    command -v $tool >/dev/null ||
      die "'$tool' is missing: run 'sudo bash scripts/deps.sh' once, then this again" 69
  done
fi

mkdir -p "$prefix" 2>/dev/null || true
[ -w "$prefix" ] || die "cannot write to $prefix: run it as root (sudo), or use --user for ~/.local" 73

# One build folder per prefix, since the prefix is compiled in.
if [ -z "$builddir" ]; then
  key=$(printf '%s' "$prefix" | cksum | cut -d' ' -f1)
  if [ -w "$src" ]; then builddir=$src/build-install-$key; else builddir=${TMPDIR:-/tmp}/weft-build-$(id -u)-$key; fi
fi

# Outside /usr, libraries go to PREFIX/lib: one pkg-config folder to name.
libdir=lib
[ "$prefix" = /usr ] && libdir=lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo .)
options=(-Dprefix="$prefix" -Dlibdir="$libdir" -Dtests=false -Dsamples=false "$@")
if [ -f "$builddir/build.ninja" ]; then
  meson configure "$builddir" "${options[@]}" >/dev/null
else
  meson setup "$builddir" "$src" -Dbuildtype=release "${options[@]}" >"${builddir}.log" 2>&1 ||
    { tail -20 "${builddir}.log" >&2; die "meson setup failed (whole log: ${builddir}.log)"; }
  rm -f "${builddir}.log"
fi

if $uninstall; then
  ninja -C "$builddir" uninstall >/dev/null
  if [ "$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then ldconfig; fi
  echo "weft: removed from $prefix"
  exit 0
fi
ninja -C "$builddir" >/dev/null || die "the build failed; see the errors above"
meson install -C "$builddir" --no-rebuild --quiet
# The loader's cache, for the new libweft-chan.so (ld.so.conf covers /usr/local).
if [ "$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then ldconfig; fi
# The viewer's desktop entry, MIME type (.weft files open in it) and icon,
# as the Debian package's triggers do.
share=$prefix/share
if [ -f "$share/applications/org.weft.Viewer.desktop" ]; then
  ! command -v update-desktop-database >/dev/null || update-desktop-database -q "$share/applications" || true
  ! command -v update-mime-database >/dev/null || update-mime-database "$share/mime" || true
  ! command -v gtk-update-icon-cache >/dev/null || gtk-update-icon-cache -q -t -f "$share/icons/hicolor" || true
fi

echo "weft $(sed -n "s/^ *version: '\(.*\)',/\1/p" "$src/meson.build" | head -1) installed in $prefix"
pcdir=$prefix/$libdir/pkgconfig
need=()
case ":$PATH:" in *":$prefix/bin:"*) ;; *) [ "$prefix" = /usr ] || need+=("PATH=\"$prefix/bin:\$PATH\"") ;; esac
PKG_CONFIG_PATH= pkg-config --exists weft-chan 2>/dev/null &&
  [ "$(PKG_CONFIG_PATH= pkg-config --variable=prefix weft-chan)" = "$prefix" ] ||
  need+=("PKG_CONFIG_PATH=\"$pcdir\${PKG_CONFIG_PATH:+:\$PKG_CONFIG_PATH}\"")
if [ ${#need[@]} -gt 0 ]; then
  echo "Your shell needs, in ~/.bashrc (or ~/.profile):"
  echo "    export ${need[*]}"
fi
echo "Then, in any folder:"
echo "    cc -g -pthread pool.c \$(pkg-config --cflags --libs weft-chan) -o pool && weft record -- ./pool"
