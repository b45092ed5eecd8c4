#!/usr/bin/env bash
# Builds the Debian package with dpkg-buildpackage (debian/), checks it with
# lintian (no errors allowed), and leaves it in build-deb/:
#
#   scripts/deb.sh            build-deb/weft_VERSION_amd64.deb
#   scripts/deb.sh --try      then install it with apt, build and record a
#                             program with it as a student would, and remove it
#
# A lab admin then installs it on each machine with
#   sudo apt install ./weft_VERSION_amd64.deb
# Not part of `meson test`: a full build with the viewer, and apt as root.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
try=false
case ${1:-} in
--try) try=true ;;
"") ;;
-h | --help) sed -n '2,12s/^# \{0,1\}//p' "$0"; exit 0 ;;
*) echo "deb.sh: unknown option '$1'; try 'scripts/deb.sh --help'" >&2; exit 64 ;;
esac

# The build's packages, then the packaging tools, installed if missing.
bash "$src/scripts/deps.sh"
tools=(debhelper dpkg-dev fakeroot lintian)
missing=()
for p in "${tools[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "weft: installing ${missing[*]}" >&2
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# dpkg-buildpackage writes beside the source folder: build in a copy.
version=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/weft-$version"
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
  git -C "$src" ls-files -z --cached --others --exclude-standard |
    (cd "$src" && tar --null -T - -cf -) | tar -C "$work/weft-$version" -xf -
else
  tar -C "$src" --exclude='./build*' -cf - . | tar -C "$work/weft-$version" -xf -
fi
out=$src/build-deb
mkdir -p "$out"
echo "weft: building weft $version (log: $out/build.log)" >&2
(cd "$work/weft-$version" && dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1 ||
  { tail -30 "$out/build.log" >&2; echo "deb.sh: dpkg-buildpackage failed" >&2; exit 1; }
deb=weft_${version}_$(dpkg --print-architecture).deb
mv "$work/$deb" "$out/"
lintian --fail-on error --info "$out/$deb" >"$out/lintian.txt" 2>&1 ||
  { cat "$out/lintian.txt" >&2; echo "deb.sh: lintian found errors" >&2; exit 1; }
echo "weft: $out/$deb built; lintian: $(grep -c '^E:' "$out/lintian.txt" || true) errors, $(grep -c '^W:' "$out/lintian.txt" || true) warnings (see $out/lintian.txt)"

$try || exit 0
# As a student on a lab machine: apt install, then a program built with
# pkg-config only, recorded, in an empty environment.
if dpkg-query -W -f='${Status}' weft 2>/dev/null | grep -q "install ok installed"; then
  echo "deb.sh: weft is already installed from a package; --try would remove it" >&2
  exit 1
fi
SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$out/$deb" >/dev/null
trap 'DEBIAN_FRONTEND=noninteractive $SUDO apt-get purge -y -qq weft >/dev/null; rm -rf "$work"' EXIT
cp "$src/samples/worker-pool.c" "$src/samples/sample-util.c" "$src/samples/sample-util.h" "$work/"
cd "$work"
env -i PATH=/usr/bin:/bin HOME="$work" bash -c '
  cc -g -pthread worker-pool.c sample-util.c $(pkg-config --cflags --libs weft-chan) -o pool &&
  ./pool 3 >/dev/null && weft record -- ./pool 6 >/dev/null && weft report pool.weft' >try.txt 2>&1 ||
  { cat try.txt >&2; echo "deb.sh: the installed package did not work" >&2; exit 1; }
grep -q "trace written to pool.weft" try.txt && grep -q "jobs" try.txt ||
  { cat try.txt >&2; echo "deb.sh: the recorded trace lacks the jobs channel" >&2; exit 1; }
echo "weft: installed, built worker-pool.c with pkg-config, recorded it, removed the package: all good"
