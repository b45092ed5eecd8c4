# The stuck dump, crashes and the course's wrong-answer bugs (issue 10).
TR = {
"Usage: weft record [OPTIONS] [--] PROGRAM [ARGS...]\\n\\nRuns PROGRAM under the tracer and writes its trace.\\n\\nOptions:\\n  -o, --output FILE     where to write the trace (default: PROGRAM.weft)\\n      --no-stacks       do not capture call stacks\\n      --stacks=MODE     all (default), blocking (only where threads block), off\\n      --stack-depth=N   frames per stack, 1 to 64 (default 16)\\n      --on-deadlock=WHAT  exit (default: report, end the program, status 2),\\n                        report (report and leave it hanging), abort (core dump)\\n      --deadlock-ms=N   how often the deadlock check runs, 0 to turn it off\\n                        (default 250; a deadlock is confirmed on two checks)\\n      --timeout=S       after S seconds, print every thread's state and end\\n                        the program (status 124)\\n      --watch=S         when no thread makes progress for S seconds, print\\n                        every thread's state once: suspected hang (default 5)\\n      --no-watch        no such watch\\n      --shake[=SEED]    perturb the schedule at each synchronisation point\\n                        (yields, short sleeps), reproducibly for a SEED\\n      --spurious        condition waits now and then return with no signal\\n      --runs=N          with --shake: run up to N times, seeds SEED, SEED+1...,\\n                        and keep the first run that deadlocks, hangs, crashes\\n                        or exits differently\\nCtrl-C prints every thread's state, then the program ends; Ctrl-\\\\ prints it\\nand the program runs on (unless the program handles these signals itself).\\n  -h, --help            show this help\\n":
 "Usage : weft record [OPTIONS] [--] PROGRAMME [ARGS...]\\n\\nLance PROGRAMME sous le traceur et écrit sa trace.\\n\\nOptions :\\n  -o, --output FICHIER  où écrire la trace (par défaut : PROGRAMME.weft)\\n      --no-stacks       ne pas capturer les piles d'appels\\n      --stacks=MODE     all (par défaut), blocking (seulement où les threads bloquent), off\\n      --stack-depth=N   cadres par pile, de 1 à 64 (16 par défaut)\\n      --on-deadlock=QUOI  exit (par défaut : rapport, fin du programme, code 2),\\n                        report (rapport, le programme reste bloqué), abort (core dump)\\n      --deadlock-ms=N   période de la recherche d'interblocage, 0 pour l'arrêter\\n                        (250 par défaut ; un interblocage est confirmé sur deux passages)\\n      --timeout=S       après S secondes, affiche l'état de chaque thread et\\n                        arrête le programme (code 124)\\n      --watch=S         quand aucun thread n'avance pendant S secondes, affiche\\n                        une fois l'état de chaque thread : blocage suspecté (5 par défaut)\\n      --no-watch        pas de cette surveillance\\n      --shake[=GRAINE]  perturbe l'ordonnancement à chaque point de synchronisation\\n                        (cessions, courtes pauses), à l'identique pour une GRAINE\\n      --spurious        les attentes de condition reviennent parfois sans signal\\n      --runs=N          avec --shake : jusqu'à N exécutions, graines GRAINE, GRAINE+1...,\\n                        garde la première qui s'interbloque, se bloque, plante\\n                        ou se termine autrement\\nCtrl-C affiche l'état de chaque thread, puis le programme s'arrête ; Ctrl-\\\\ l'affiche\\net le programme continue (sauf si le programme traite lui-même ces signaux).\\n  -h, --help            affiche cette aide\\n",
"weft record: --timeout takes a number of seconds above 0, not '%s'\\n":
 'weft record : --timeout prend un nombre de secondes supérieur à 0, pas « %s »\\n',
"weft record: --watch takes a whole number of seconds from 1, not '%s'\\n":
 'weft record : --watch prend un nombre entier de secondes à partir de 1, pas « %s »\\n',
'weft record: the program still ran after --timeout %gs: weft ended it (status %d)\\n':
 "weft record : le programme tournait encore après --timeout %g s : weft l'a arrêté (code %d)\\n",
'Ctrl-C: every thread':
 'Ctrl-C : chaque thread',
'Ctrl-\\\\: every thread':
 'Ctrl-\\\\ : chaque thread',
'--timeout: every thread':
 '--timeout : chaque thread',
'suspected hang':
 'blocage suspecté',
'%s crashed: SIG%s':
 '%s a planté : SIG%s',
'dump':
 'état des threads',
'a thread weft cannot see is still running':
 'un thread que weft ne voit pas tourne encore',
', at %s':
 ', à %s',
'a signal handler could still post a semaphore one waits on':
 "un gestionnaire de signal pourrait encore poster un sémaphore qu'un thread attend",
'another process or a descriptor could still wake one':
 'un autre processus ou un descripteur pourrait encore en réveiller un',
'\\nweft: interrupted (Ctrl-C) at %s; each thread was:\\n\\n':
 '\\nweft : interrompu (Ctrl-C) à %s ; chaque thread était :\\n\\n',
'\\nweft: Ctrl-\\\\ at %s; each thread (the program runs on):\\n\\n':
 '\\nweft : Ctrl-\\\\ à %s ; chaque thread (le programme continue) :\\n\\n',
'\\nweft: still running at %s, past --timeout; each thread was:\\n\\n':
 '\\nweft : tournait encore à %s, au-delà de --timeout ; chaque thread était :\\n\\n',
'\\nweft: suspected hang at %s: every thread waits, but %s, so weft lets the program run; each thread (Ctrl-\\\\ dumps again):\\n\\n':
 '\\nweft : blocage suspecté à %s : chaque thread attend, mais %s, donc weft laisse le programme tourner ; chaque thread (Ctrl-\\\\ pour un nouvel état) :\\n\\n',
'\\nweft: suspected hang at %s: no thread has made progress for %s; each thread (the program runs on; Ctrl-\\\\ dumps again):\\n\\n':
 "\\nweft : blocage suspecté à %s : aucun thread n'a avancé depuis %s ; chaque thread (le programme continue ; Ctrl-\\\\ pour un nouvel état) :\\n\\n",
'\\nweft: thread %u \\"%s\\" crashed: %s (%s)':
 '\\nweft : le thread %u « %s » a planté : %s (%s)',
'thread %u \\"%s\\" ':
 'thread %u « %s » ',
'runs its own code, in no call weft sees':
 'exécute son propre code, hors de tout appel que weft voit',
'is blocked in the system call %s':
 "est bloqué dans l'appel système %s",
'is blocked in system call %ld':
 "est bloqué dans l'appel système %ld",
' on fd %ld':
 ' sur le fd %ld',
'runs, but its stack could not be taken':
 "tourne, mais sa pile n'a pas pu être prise",
'is inside a traced call':
 'est dans un appel tracé',
'hint: a thread that runs its own code and never calls anything weft sees may spin on a plain variable that another thread sets: make it an atomic, or wait on a condition variable.\\n':
 "conseil : un thread qui exécute son propre code sans jamais rien appeler que weft voie tourne peut-être en boucle sur une simple variable qu'un autre thread modifie : rendez-la atomique, ou attendez sur une variable de condition.\\n",
'hint: a thread waits for input on its standard input (fd 0): type a line, or give the program a file with <.\\n':
 'conseil : un thread attend une saisie sur son entrée standard (fd 0) : tapez une ligne, ou donnez un fichier au programme avec <.\\n',
'thread %u \\"%s\\" had not even started\\n':
 "le thread %u « %s » n'avait même pas démarré\\n",
'thread %u \\"%s\\" was running':
 'le thread %u « %s » tournait',
', last seen in %s':
 ', vu pour la dernière fois dans %s',
'weft: %s called exit() while %s still ran: its work was cut short; wait for it (pthread_join, a WaitGroup) before ending the program.\\n':
 ('weft : %s a appelé exit() alors que %s tournait encore : son travail a été interrompu ; attendez-le (pthread_join, un WaitGroup) avant de terminer le programme.\\n',
  'weft : %s a appelé exit() alors que %s tournaient encore : leur travail a été interrompu ; attendez-les (pthread_join, un WaitGroup) avant de terminer le programme.\\n'),
'weft: %s returned while %s still ran: its work was cut short; join it (pthread_join) or wait for it (a WaitGroup) before main returns.\\n':
 ('weft : %s est revenu alors que %s tournait encore : son travail a été interrompu ; joignez-le (pthread_join) ou attendez-le (un WaitGroup) avant que main ne revienne.\\n',
  'weft : %s est revenu alors que %s tournaient encore : leur travail a été interrompu ; joignez-les (pthread_join) ou attendez-les (un WaitGroup) avant que main ne revienne.\\n'),
'weft: warning: %s gave %s the same address, a variable of its own stack (%+lld bytes from its frame), as their argument':
 'weft : attention : %s a donné à %s la même adresse, une variable de sa propre pile (%+lld octets de son cadre), comme argument',
'weft: warning: %s gave %s the same argument, &%s, the address of its own variable %s':
 'weft : attention : %s a donné à %s le même argument, &%s, l\'adresse de sa propre variable %s',
": each thread reads %s when it runs, and by then %s may have changed it. Give each thread its own copy: an array element, or a malloc'ed one.\\n":
 " : chaque thread lit %s quand il s'exécute, et %s l'a peut-être déjà modifiée. Donnez à chaque thread sa propre copie : un élément de tableau, ou une copie allouée avec malloc.\\n",
'weft: warning: %s gave %s the same address in its own stack as their argument':
 'weft : attention : %s a donné à %s la même adresse de sa propre pile comme argument',
": each thread reads it when it runs, and by then %s may have changed it (the &i of a loop?). Give each thread its own copy: an array element, or a malloc'ed one.\\n":
 " : chaque thread la lit quand il s'exécute, et %s l'a peut-être déjà modifiée (le &i d'une boucle ?). Donnez à chaque thread sa propre copie : un élément de tableau, ou une copie allouée avec malloc.\\n",
"weft: every thread's state is in the trace; 'weft report TRACE' shows it\\n":
 "weft : l'état de chaque thread est dans la trace ; « weft report TRACE » l'affiche\\n",
"weft record: --shake takes a seed, a whole number, not '%s'\\n":
 'weft record : --shake prend une graine, un nombre entier, pas « %s »\\n',
"weft record: --runs takes a number from 1 to 100000, not '%s'\\n":
 'weft record : --runs prend un nombre de 1 à 100000, pas « %s »\\n',
'weft record: --runs needs --shake: the same schedule N times finds nothing new\\n':
 'weft record : --runs demande --shake : le même ordonnancement N fois ne trouve rien de nouveau\\n',
'weft: shaking with --shake=%llu\\n':
 'weft : ordonnancement perturbé avec --shake=%llu\\n',
'deadlocked':
 "s'est interbloquée",
'crashed':
 'a planté',
'hung (it ran past --timeout)':
 "s'est bloquée (elle a dépassé --timeout)",
'ended with another status than the first run':
 "s'est terminée avec un autre code que la première",
'printed other lines than the first run':
 "a affiché d'autres lignes que la première",
'weft record: cannot find the weft program itself\\n':
 'weft record : impossible de trouver le programme weft lui-même\\n',
'weft: run %u of %u, --shake=%llu\\n':
 'weft : exécution %u sur %u, --shake=%llu\\n',
'weft: run %u of %u %s; its trace is %s; replay it with: weft record --shake=%llu -- %s\\n':
 "weft : l'exécution %u sur %u %s ; sa trace est %s ; rejouez-la avec : weft record --shake=%llu -- %s\\n",
'weft: %u runs (--shake=%llu to %llu): none deadlocked, hung, crashed or exited differently\\n':
 "weft : %u exécutions (--shake=%llu à %llu) : aucune ne s'est interbloquée, bloquée, n'a planté ni ne s'est terminée autrement\\n",
'weft: warning: %s calls Add on the WaitGroup %s itself, but %s, which started it, waits on %s and may reach Wait first, and Wait then returns at once: call Add in %s before starting each thread':
 "weft : attention : %s appelle lui-même Add sur le WaitGroup %s, mais %s, qui l'a démarré, attend sur %s et peut arriver à Wait avant, et Wait revient alors tout de suite : appelez Add dans %s avant de démarrer chaque thread",
'weft: warning: %s calls Add on the WaitGroup %s from zero after the Wait of %s on it returned: that Wait did not wait for this work; call Add in %s before starting each thread':
 "weft : attention : %s appelle Add sur le WaitGroup %s à partir de zéro après le retour du Wait de %s : ce Wait n'a pas attendu ce travail ; appelez Add dans %s avant de démarrer chaque thread",
'weft: warning: %s calls Add on the WaitGroup %s from zero while %s waits on it: Add races Wait; every Add from zero must come before the Wait it counts for':
 "weft : attention : %s appelle Add sur le WaitGroup %s à partir de zéro pendant que %s l'attend : Add est en concurrence avec Wait ; tout Add à partir de zéro doit précéder le Wait pour lequel il compte",
' (Add at %s)':
 ' (Add à %s)',
'weft: tip: the program was built without -g, so weft names its functions but not their lines; build it with -g (cc -g -pthread ...) to see file.c:42\\n':
 'weft : conseil : le programme a été compilé sans -g, weft nomme donc ses fonctions mais pas leurs lignes ; compilez-le avec -g (cc -g -pthread ...) pour voir fichier.c:42\\n',
', all in %s':
 ', chacun dans %s',
}
