# Issue 13, the rest: a lock order's lines (a one-thread note, a deadlock cycle).
TR = {
'  %s while holding %s:\\n': '  %s en détenant %s :\\n',
'%s takes %s at %s then %s at %s': '%s prend %s à %s puis %s à %s',
', each the first at %s and the second at %s': ', chacun le premier à %s et le second à %s',
# the viewer's marks
'misuse': 'mauvais usage',
'misuse (a note)': 'mauvais usage (une remarque)',
'Misuse': 'Mauvais usage',
'Misuse (a note)': 'Mauvais usage (une remarque)',
'weft render: out of memory while looking for misuse: some of its marks may be missing\\n':
 'weft render : mémoire épuisée en cherchant les mauvais usages : certaines de leurs marques peuvent manquer\\n',
}
