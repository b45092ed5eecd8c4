#!/usr/bin/env python3
"""Checks French typography in po/fr.po's translations: a space before : ; ? !
when they end a phrase, « guillemets » with a space inside, no English 'quotes'
around a value. Prints each fault with its message; exits 1 if any.
Usage: check-fr.py fr.po"""
import re
import sys

SPACES = ' \u00a0\u202f'


def entries(text):
    """(msgid, [msgstr...]) of every translated entry, C escapes kept."""
    for block in text.split('\n\n'):
        lines = [l for l in block.splitlines() if not l.startswith('#')]
        fields, key = {}, None
        for l in lines:
            m = re.match(r'(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', l)
            if m:
                key = m.group(1)
                fields[key] = m.group(2)
            elif key and l.startswith('"'):
                fields[key] += l[1:-1]
        msgid = fields.get('msgid')
        strs = [v for k, v in fields.items() if k.startswith('msgstr') and v]
        if msgid and strs:
            yield msgid, strs


def faults(s):
    s = s.replace('\\n', '\n').replace('\\t', '\t').replace('\\"', '"')
    for i, c in enumerate(s):
        after = s[i + 1] if i + 1 < len(s) else '\n'
        before = s[i - 1] if i else ''
        if c in ':;?!' and after in ' \n' and before not in SPACES:
            if c == '!' and before == '#' or before == '+':  # "#!", "Ctrl+?"
                continue
            yield "no space before '%s' in ...%s" % (c, s[max(0, i - 20):i + 1])
        if c == '«' and after not in SPACES:
            yield 'no space after « in ...%s' % s[i:i + 20]
        if c == '»' and before not in SPACES:
            yield 'no space before » in ...%s' % s[max(0, i - 20):i + 1]
    for m in re.finditer(r"'%[a-z]+'|'--?[a-z]", s):
        yield "English quotes, use « » in ...%s" % s[max(0, m.start() - 10):m.end() + 10]


def main():
    text = open(sys.argv[1], encoding='utf-8').read()
    bad = 0
    for msgid, strs in entries(text):
        for s in strs:
            for f in faults(s):
                print('%s\n    (msgid: %s)' % (f, msgid[:70]))
                bad += 1
    if bad:
        print('%d typography faults in %s' % (bad, sys.argv[1]))
    return 1 if bad else 0


sys.exit(main())
