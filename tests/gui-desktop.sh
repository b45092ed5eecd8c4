#!/bin/sh
# Validates the viewer's desktop file (skipped when the validator is absent).
command -v desktop-file-validate >/dev/null || { echo "no desktop-file-validate: skipping"; exit 77; }
exec desktop-file-validate "$1"
