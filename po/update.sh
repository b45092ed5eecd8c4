#!/usr/bin/env bash
# Refreshes po/fr.po from the sources: new strings merged in, then filled from
# po/fr/*.py, one file a topic. Prints msgfmt's statistics: every message translated.
set -euo pipefail
cd "$(dirname "$0")/.."
xgettext --keyword=_ --keyword=N_ --keyword=_weft_text --keyword=WEFT_N_ --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 --keyword=P_:1,2 --from-code=UTF-8 --add-comments=TRANSLATORS \
  -o /tmp/weft.pot $(sed 's|^|./|' po/POTFILES.in)
msgmerge --quiet --no-fuzzy-matching --backup=off --update po/fr.po /tmp/weft.pot
python3 po/fill-fr.py po/fr.po po/fr/*.py
msgattrib --no-obsolete -o po/fr.po po/fr.po
msgfmt --statistics -c -o /dev/null po/fr.po
python3 po/check-fr.py po/fr.po
