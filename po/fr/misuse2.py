# Issue 13, the rest: a lock order's lines (a one-thread note, a deadlock cycle).
TR = {
'  %s while holding %s:\\n': '  %s en détenant %s :\\n',
'%s takes %s at %s then %s at %s': '%s prend %s à %s puis %s à %s',
', each the first at %s and the second at %s': ', chacun le premier à %s et le second à %s',
}
