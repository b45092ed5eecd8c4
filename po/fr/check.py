# weft check: verdicts for labs and graders (issue 17).
TR = {
"Usage: weft check [OPTIONS] [--] PROGRAM [ARGS...]\\n\\nRecords PROGRAM and gives one verdict, with an exit status of its own:\\n  0 clean, 10 deadlock, 11 crash, 12 hang, 13 race, 14 misuse,\\n  15 potential deadlock, 16 leaked threads, 17 early exit, 20 inconclusive\\n(a run that cannot be trusted whole, or whose races were not checked).\\n\\nOptions:\\n  -o, --output FILE     where to write the trace (default: PROGRAM.weft)\\n      --timeout=S       a run still going after S seconds hangs (default 60)\\n      --shake[=SEED]    perturb the schedule, reproducibly for a SEED\\n      --runs=N          with --shake: N runs, seeds SEED to SEED+N-1; the worst\\n                        verdict is given, with the seed that replays it\\n      --expect=VERDICT  exit 0 when the verdict is VERDICT (clean, deadlock...)\\n      --grading=FILE    lines 'FINDING = error|note' that change how a finding\\n                        weighs (docs/JSON.md lists the findings)\\n      --no-race-check   a program not built with -fsanitize=thread may be clean\\n      --json            the verdict and the findings as JSON on stdout\\n  -h, --help            show this help\\n":
 "Usage : weft check [OPTIONS] [--] PROGRAMME [ARGS...]\\n\\nEnregistre PROGRAMME et rend un verdict, avec son propre code de sortie :\\n  0 propre, 10 interblocage, 11 plantage, 12 blocage, 13 accès concurrent, 14 mauvais usage,\\n  15 interblocage possible, 16 threads abandonnés, 17 sortie prématurée, 20 non concluant\\n(une exécution dont la trace n'est pas entière, ou dont les accès concurrents n'ont pas été vérifiés).\\n\\nOptions :\\n  -o, --output FICHIER  où écrire la trace (par défaut : PROGRAMME.weft)\\n      --timeout=S       une exécution qui dure encore après S secondes est bloquée (60 par défaut)\\n      --shake[=GRAINE]  perturbe l'ordonnancement, à l'identique pour une GRAINE\\n      --runs=N          avec --shake : N exécutions, graines GRAINE à GRAINE+N-1 ; le pire\\n                        verdict est rendu, avec la graine qui le rejoue\\n      --expect=VERDICT  code 0 quand le verdict est VERDICT (clean, deadlock...)\\n      --grading=FICHIER lignes « CONSTAT = error|note » qui changent le poids d'un constat\\n                        (docs/JSON.md les liste)\\n      --no-race-check   un programme compilé sans -fsanitize=thread peut être propre\\n      --json            le verdict et les constats en JSON sur la sortie standard\\n  -h, --help            affiche cette aide\\n",
'weft check: %s\\n':
 'weft check : %s\\n',
'error':
 'erreur',
'note':
 'remarque',
'  caveat: %s\\n':
 '  réserve : %s\\n',
'weft check: replay this run with: weft record --shake=%llu -- %s\\n':
 'weft check : rejouez cette exécution avec : weft record --shake=%llu -- %s\\n',
"weft check: the trace is %s; 'weft report %s' tells more\\n":
 'weft check : la trace est %s ; « weft report %s » en dit plus\\n',
"weft check: --timeout takes a number of seconds above 0, not '%s'\\n":
 'weft check : --timeout prend un nombre de secondes supérieur à 0, pas « %s »\\n',
"weft check: --shake takes a seed, a whole number, not '%s'\\n":
 'weft check : --shake prend une graine, un nombre entier, pas « %s »\\n',
"weft check: --runs takes a number of runs from 1, not '%s'\\n":
 "weft check : --runs prend un nombre d'exécutions à partir de 1, pas « %s »\\n",
"weft check: --expect takes a verdict (clean, deadlock, crash, hang, race, misuse, potential-deadlock, leaked-threads, early-exit, inconclusive), not '%s'\\n":
 'weft check : --expect prend un verdict (clean, deadlock, crash, hang, race, misuse, potential-deadlock, leaked-threads, early-exit, inconclusive), pas « %s »\\n',
"weft check: '%s' needs a value\\n":
 'weft check : « %s » demande une valeur\\n',
"weft check: unknown option '%s'; try 'weft check --help'\\n":
 'weft check : option inconnue « %s » ; essayez « weft check --help »\\n',
'weft check: no program to check; usage: weft check [OPTIONS] -- PROGRAM [ARGS...]\\n':
 'weft check : aucun programme à vérifier ; usage : weft check [OPTIONS] -- PROGRAMME [ARGS...]\\n',
'weft check: --runs needs --shake: without it every run would be the same\\n':
 'weft check : --runs demande --shake : sans lui toutes les exécutions seraient les mêmes\\n',
'weft check: run %u of %u, --shake=%llu\\n':
 'weft check : exécution %u sur %u, --shake=%llu\\n',
"weft check: not enough memory to judge '%s'\\n":
 'weft check : pas assez de mémoire pour juger « %s »\\n',
'weft check: expected %s, got %s\\n':
 'weft check : %s attendu, %s obtenu\\n',
"cannot read the grading file '%s': %s":
 'impossible de lire le fichier de notation « %s » : %s',
"%s:%u: expected 'FINDING = error' or 'FINDING = note'":
 '%s:%u : « CONSTAT = error » ou « CONSTAT = note » attendu',
"%s:%u: unknown finding '%s' (docs/JSON.md lists them)":
 '%s:%u : constat inconnu « %s » (docs/JSON.md les liste)',
'one thread took these locks in both orders:':
 'un même thread a pris ces verrous dans les deux ordres :',
'threads took these locks in opposite orders:':
 'des threads ont pris ces verrous dans des ordres opposés :',
'%s was still blocked (%s %s) when the program ended: it never finished':
 "%s était encore bloqué (%s %s) à la fin du programme : il n'a jamais fini",
'the program still ran at %s, past the time it was given: it hangs, or it is far too slow':
 'le programme tournait encore à %s, au-delà du temps accordé : il est bloqué, ou bien trop lent',
"a thread crashed at %s ('weft report' says which, and where)":
 'un thread a planté à %s (« weft report » dit lequel, et où)',
"a data race on %s ('weft report' shows both accesses)":
 'un accès concurrent sur %s (« weft report » montre les deux accès)',
'a shared variable':
 'une variable partagée',
'the trace has no end: the program or weft was killed':
 "la trace n'a pas de fin : le programme ou weft a été tué",
'the trace lost %llu events':
 'la trace a perdu %llu événements',
'the trace reached --max-size: the middle of the run was dropped':
 "la trace a atteint --max-size : le milieu de l'exécution a été abandonné",
'memory ran out during the analysis':
 "la mémoire a manqué pendant l'analyse",
'data races were not checked: build the program with -fsanitize=thread -g, or pass --no-race-check':
 "les accès concurrents n'ont pas été vérifiés : compilez le programme avec -fsanitize=thread -g, ou passez --no-race-check",
'record a program and give one verdict, for labs and graders':
 'enregistrer un programme et rendre un verdict, pour les TP et la notation',
}
