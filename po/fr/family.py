TR = {
"weft %s: --process needs a process id; try 'weft %s --help'\\n":
 "weft %s : --process attend un numéro de processus ; essayez « weft %s --help »\\n",
"weft %s: --process: '%s' is not a process id (a number such as 4243)\\n":
 "weft %s : --process : « %s » n'est pas un numéro de processus (un nombre comme 4243)\\n",
'\\nA program that forked or spawned left one trace per process (FILE and\\nFILE-PID.weft beside it): FILE opens them all, as one run.\\n      --no-children  the trace FILE alone, without its children\'s\\n      --process PID  the trace of process PID alone\\n':
 '\\nUn programme qui a créé des processus (fork, spawn) a laissé une trace par processus\\n(FICHIER et FICHIER-PID.weft à côté) : FICHIER les ouvre toutes, comme une seule exécution.\\n      --no-children  la trace FICHIER seule, sans celles de ses enfants\\n      --process PID  la trace du seul processus PID\\n',
'weft: the trace of child process %u (%s) is missing; shown without it\\n':
 'weft : la trace du processus enfant %u (%s) manque ; affiché sans elle\\n',
'weft: the trace of child process %u (%s) cannot be read: %s; shown without it\\n':
 'weft : la trace du processus enfant %u (%s) est illisible : %s ; affiché sans elle\\n',
'not a weft trace': "ce n'est pas une trace weft",
'it ends inside its header': "elle s'arrête dans son en-tête",
'a trace format this weft cannot read': 'un format de trace que ce weft ne sait pas lire',
'written on a big-endian machine': 'écrite sur une machine gros-boutiste',
'its header is damaged': 'son en-tête est endommagé',
'not enough memory': 'pas assez de mémoire',
'weft: %s: no process %lu in this run; its processes: %s\\n':
 'weft : %s : aucun processus %lu dans cette exécution ; ses processus : %s\\n',
'      --no-children      the trace FILE alone, without the traces of the\\n                         processes it started (FILE-PID.weft)\\n':
 '      --no-children      la trace FICHIER seule, sans les traces des\\n                         processus qu\'il a lancés (FICHIER-PID.weft)\\n',
'The trace of child process %u (%s) could not be read: it is not shown.':
 "La trace du processus enfant %u (%s) n'a pas pu être lue : il n'est pas affiché.",
'weft: weft report, view, render and export read these %u processes as one run from %s (--no-children: the program\'s alone)\\n':
 'weft : weft report, view, render et export lisent ces %u processus comme une seule exécution à partir de %s (--no-children : le programme seul)\\n',
"%s starts process %llu (a copy of this one: fork, or spawn)":
 "%s lance le processus %llu (une copie de celui-ci : fork, ou spawn)",
'%s replaces its program with %s (exec)': '%s remplace son programme par %s (exec)',
'%s ends its process with status %lld': '%s termine son processus avec le statut %lld',
'exec %s': 'exec %s',
}
