#!/bin/sh
# Writes site/ from graph.txt: one small HTML page per line, with its links.
# Run it from data/sites/ after editing graph.txt.
set -eu
rm -rf site
grep -v '^#' graph.txt | grep -v '^$' | while IFS= read -r line; do
  page=${line%%:*}
  links=${line#*:}
  mkdir -p "site$(dirname "$page")"
  {
    printf '<!DOCTYPE html>\n<html><head><title>%s</title></head>\n<body>\n<h1>%s</h1>\n<ul>\n' "$page" "$page"
    for link in $links; do
      printf '<li><a href="%s">%s</a></li>\n' "$link" "$link"
    done
    printf '</ul>\n</body></html>\n'
  } >"site$page"
done
