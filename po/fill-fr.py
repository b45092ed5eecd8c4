#!/usr/bin/env python3
"""Fills po/fr.po's empty entries from a dictionary file of translations
(msgid -> msgstr, C-escaped as in the .po; for a message with a plural, a
tuple of the singular and plural msgstr), keeping existing translations.
Usage: fill-fr.py fr.po TRANSLATIONS.py...
po/fr/ holds one file a topic, each a TR dictionary, so that work on different
parts adds translations without touching the same file."""
import re
import sys

po_path = sys.argv[1]
tr = {}
for tr_path in sys.argv[2:]:
    ns = {}
    exec(open(tr_path, encoding='utf-8').read(), ns)
    tr.update(ns['TR'])
text = open(po_path, encoding='utf-8').read()

def fill(m):
    msgid = ''.join(re.findall(r'"(.*)"', m.group(2)))
    if msgid and isinstance(tr.get(msgid), str):
        return m.group(1) + 'msgid ' + m.group(2) + 'msgstr "' + tr[msgid] + '"\n'
    return m.group(0)

def fill_plural(m):
    msgid = ''.join(re.findall(r'"(.*)"', m.group(2)))
    if msgid and isinstance(tr.get(msgid), tuple):
        one, many = tr[msgid]
        return (m.group(1) + 'msgid ' + m.group(2) + 'msgid_plural ' + m.group(3) +
                'msgstr[0] "' + one + '"\nmsgstr[1] "' + many + '"\n')
    return m.group(0)

text = re.sub(r'((?:#.*\n)*)msgid ((?:".*"\n)+)msgstr ""\n(?!")', fill, text)
text = re.sub(r'((?:#.*\n)*)msgid ((?:".*"\n)+)msgid_plural ((?:".*"\n)+)'
              r'msgstr\[0\] ""\nmsgstr\[1\] ""\n(?!")', fill_plural, text)
open(po_path, 'w', encoding='utf-8').write(text)
