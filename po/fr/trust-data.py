# Issue #11, the data's safety: damaged traces, memory, files, lost events.
TR = {
'weft: %s: %u malformed records skipped\\n': 'weft : %s : %u enregistrements malformés ignorés\\n',
"weft report: not enough memory to analyse '%s'\\n": "weft report : pas assez de mémoire pour analyser « %s »\\n",
'weft report: memory ran out during the diagnosis: the findings below are incomplete\\n':
 'weft report : la mémoire a manqué pendant le diagnostic : les constats ci-dessous sont incomplets\\n',
'\\nweft: %s (not enough memory to describe it)\\n': '\\nweft : %s (pas assez de mémoire pour le décrire)\\n',
'%u malformed record was skipped.': ('%u enregistrement malformé a été ignoré.', '%u enregistrements malformés ont été ignorés.'),
}
TR.update({
"weft record: %.*s needs a value before '--'\\n": "weft record : %.*s attend une valeur avant « -- »\\n",
"weft record: %s needs a value; try 'weft record --help'\\n": "weft record : %s attend une valeur ; essayez « weft record --help »\\n",
})
TR.update({
"weft record: --mode takes octal permissions such as 600 or 644, not '%s'\\n":
 "weft record : --mode prend des permissions en octal comme 600 ou 644, pas « %s »\\n",
"it is a symbolic link; give the trace's own path": "c'est un lien symbolique ; donnez le chemin de la trace elle-même",
'it is a directory': "c'est un répertoire",
'it is not a regular file (a FIFO, a socket or a device)': "ce n'est pas un fichier ordinaire (un tube nommé, une socket ou un périphérique)",
'it is the program itself': "c'est le programme lui-même",
"weft record: will not write the trace to '%s': %s\\n": "weft record : la trace ne sera pas écrite dans « %s » : %s\\n",
})
TR.update({
'\\nTrace files:\\n      --mode=OCTAL      their permissions (default 600: only you can read them)\\n':
 '\\nFichiers de trace :\\n      --mode=OCTAL      leurs permissions (600 par défaut : vous seul pouvez les lire)\\n',
})
TR.update({
'Unfinished: the trace has no end (the program or weft record was killed); it stops at its last flushed chunk.\\n':
 "Inachevée : la trace n'a pas de fin (le programme ou weft record a été tué) ; elle s'arrête à son dernier bloc écrit.\\n",
})
TR.update({
'weft: cannot write the trace any more (%s) %.3f s into the run: it stops there; the program runs on\\n':
 "weft : impossible d'écrire la trace plus avant (%s) à %.3f s du début : elle s'arrête là ; le programme continue\\n",
'weft record: the trace is incomplete: %llu events lost after %s\\n': 'weft record : la trace est incomplète : %llu événements perdus après %s\\n',
'\\nTrace files:\\n      --mode=OCTAL      their permissions (default 600: only you can read them)\\n      --strict          exit with status 74 when events were lost\\n':
 '\\nFichiers de trace :\\n      --mode=OCTAL      leurs permissions (600 par défaut : vous seul pouvez les lire)\\n      --strict          sortir avec le statut 74 si des événements ont été perdus\\n',
})
TR.update({
'weft: trace written to %s: %llu events, %u threads\\n': 'weft : trace écrite dans %s : %llu événements, %u threads\\n',
})
TR.update({
"weft record: --max-size takes a size from 2M up, such as 500M or 2G, or 0 for no bound, not '%s'\\n":
 "weft record : --max-size prend une taille à partir de 2M, comme 500M ou 2G, ou 0 pour aucune limite, pas « %s »\\n",
'      --max-size=SIZE   bound each trace file (default 1G; 0: no bound): past\\n                        half of it, the start of the run is kept and the rest\\n                        of the bound holds the last part, the middle dropped\\n':
 '      --max-size=TAILLE borne chaque fichier de trace (1G par défaut ; 0 : sans borne) :\\n                        passé la moitié, le début de l\'exécution est gardé et le reste\\n                        de la borne contient la dernière partie, le milieu est abandonné\\n',
'weft record: the trace reached --max-size (%s): it keeps the start and the end of the run; %llu chunks (%s) from the middle were dropped\\n':
 "weft record : la trace a atteint --max-size (%s) : elle garde le début et la fin de l'exécution ; %llu blocs (%s) du milieu ont été abandonnés\\n",
'Bounded: the trace reached --max-size (%s); it keeps the start and the end of the run, %llu chunks (%s) from the middle were dropped.\\n':
 "Bornée : la trace a atteint --max-size (%s) ; elle garde le début et la fin de l'exécution, %llu blocs (%s) du milieu ont été abandonnés.\\n",
})
TR.update({
'The trace reached its size bound: %s from the middle of the run were dropped; the start and the end are shown.':
 "La trace a atteint sa taille limite : %s du milieu de l'exécution ont été abandonnés ; le début et la fin sont montrés.",
})
TR.update({
"weft record: a long run: 'weft report %s' gives its findings\\n": "weft record : une longue exécution : « weft report %s » en donne les constats\\n",
})
