#!/usr/bin/env bash
# docs/TEACHING.md's grading script, as the document prints it, on the course's
# bug gallery: every bug found, every fix clean.
# Usage: test-teaching.sh WEFT SAMPLES_DIR SOURCE_ROOT
set -u
WEFT=$(realpath "$1")
SAMPLES=$(realpath "$2")
DOC=$(realpath "$3")/docs/TEACHING.md
. "$(dirname "$0")/test-lib.sh"
# the indented block that starts with #!/bin/sh
sed -n '/^    #!\/bin\/sh$/,/^$/p' "$DOC" | sed 's/^    //' >grade.sh
[ -s grade.sh ] || fail "no grading script in $DOC"
mkdir bin && ln -s "$WEFT" bin/weft
PATH="$PWD/bin:$PATH" sh grade.sh "$SAMPLES" >grade.out 2>&1 || fail "the grading script: $(cat grade.out)"
[ -s grade.out ] && fail "the grading script complained: $(cat grade.out)"
exit 0
