TR = {
"weft record: '%s' has ThreadSanitizer linked in (-static-libtsan), whose reports weft cannot read; rebuild it with: cc -g -fsanitize=thread %s -o %s (without -static-libtsan)\\n":
 "weft record : « %s » contient ThreadSanitizer lié statiquement (-static-libtsan), dont weft ne peut pas lire les rapports ; recompilez-le avec : cc -g -fsanitize=thread %s -o %s (sans -static-libtsan)\\n",
'Usage: weft record [OPTIONS] [--] PROGRAM [ARGS...]\\n\\nRuns PROGRAM under the tracer and writes its trace.\\n\\nOptions:\\n  -o, --output FILE     where to write the trace (default: PROGRAM.weft)\\n      --no-stacks       do not capture call stacks\\n      --stacks=MODE     all (default), blocking (only where threads block), off\\n      --stack-depth=N   frames per stack, 1 to 64 (default 16)\\n      --on-deadlock=WHAT  exit (default: report, end the program, status 2),\\n                        report (report and leave it hanging), abort (core dump)\\n      --deadlock-ms=N   how often the deadlock check runs, 0 to turn it off\\n                        (default 250; a deadlock is confirmed on two checks)\\n      --race            the program must be built for race detection\\n                        (-fsanitize=thread); says how to rebuild it if not\\n  -h, --help            show this help\\n':
 'Usage : weft record [OPTIONS] [--] PROGRAMME [ARGS...]\\n\\nLance PROGRAMME sous le traceur et écrit sa trace.\\n\\nOptions :\\n  -o, --output FICHIER  où écrire la trace (par défaut : PROGRAMME.weft)\\n      --no-stacks       ne pas capturer les piles d\'appels\\n      --stacks=MODE     all (par défaut), blocking (seulement où les threads bloquent), off\\n      --stack-depth=N   cadres par pile, de 1 à 64 (16 par défaut)\\n      --on-deadlock=QUOI  exit (par défaut : rapport, fin du programme, code 2),\\n                        report (rapport, le programme reste bloqué), abort (core dump)\\n      --deadlock-ms=N   période de la recherche d\'interblocage, 0 pour l\'arrêter\\n                        (250 par défaut ; un interblocage est confirmé sur deux passages)\\n      --race            le programme doit être compilé pour détecter les accès concurrents\\n                        (-fsanitize=thread) ; sinon, dit comment le recompiler\\n  -h, --help            affiche cette aide\\n',
"weft record: '%s' was not built for race detection; rebuild it with: cc -g -fsanitize=thread %s -o %s (and your other flags), then run this again\\n":
 "weft record : « %s » n'est pas compilé pour détecter les accès concurrents ; recompilez-le avec : cc -g -fsanitize=thread %s -o %s (et vos autres options), puis relancez cette commande\\n",
'data race': 'accès concurrent',
'Data race on': 'Accès concurrent sur',
'%s writes %u bytes': '%s écrit %u octets',
'%s reads %u bytes': '%s lit %u octets',
'an unknown place': 'un endroit inconnu',
'%s (thread %u)': '%s (thread %u)',
'a thread weft did not see': 'un thread que weft n\'a pas vu',
'a heap block of %llu bytes allocated at %s': 'un bloc de %llu octets alloué en %s',
'a local variable of %s': 'une variable locale de %s',
'a thread-local variable of %s': 'une variable propre au thread %s',
'the memory at 0x%llx': 'la mémoire en 0x%llx',
'  %s writes %s at %s while %s writes it at %s, with no lock or channel between them.\\n':
 '  %s écrit %s en %s pendant que %s écrit la même variable en %s, sans verrou ni canal entre les deux.\\n',
'  %s writes %s at %s while %s reads it at %s, with no lock or channel between them.\\n':
 '  %s écrit %s en %s pendant que %s lit la même variable en %s, sans verrou ni canal entre les deux.\\n',
'  %s reads %s at %s while %s writes it at %s, with no lock or channel between them.\\n':
 '  %s lit %s en %s pendant que %s écrit la même variable en %s, sans verrou ni canal entre les deux.\\n',
'    %s writes %u bytes:\\n': '    %s écrit %u octets :\\n',
'    %s reads %u bytes:\\n': '    %s lit %u octets :\\n',
'\\nData races: none found by ThreadSanitizer in this run.\\n':
 '\\nAccès concurrents : ThreadSanitizer n\'en a trouvé aucun dans cette exécution.\\n',
'\\nData races (found by ThreadSanitizer):\\n': '\\nAccès concurrents (trouvés par ThreadSanitizer) :\\n',
'  Protect each shared variable with one mutex, or pass the value over a channel, or make it atomic.\\n':
 '  Protégez chaque variable partagée par un mutex, ou passez la valeur par un canal, ou rendez-la atomique.\\n',
'\\nThreadSanitizer also reported (%s):\\n': '\\nThreadSanitizer a aussi signalé (%s) :\\n',
"weft: ThreadSanitizer found %zu data race; 'weft report %s' says where, 'weft view %s' shows it on the lanes\\n":
 ("weft : ThreadSanitizer a trouvé %zu accès concurrent ; « weft report %s » dit où, « weft view %s » le montre sur les lignes\\n",
  "weft : ThreadSanitizer a trouvé %zu accès concurrents ; « weft report %s » dit où, « weft view %s » les montre sur les lignes\\n"),
"weft: ThreadSanitizer also reported %zu finding that is not a data race; 'weft report %s' keeps its words\\n":
 ("weft : ThreadSanitizer a aussi signalé %zu problème qui n'est pas un accès concurrent ; « weft report %s » le cite tel quel\\n",
  "weft : ThreadSanitizer a aussi signalé %zu problèmes qui ne sont pas des accès concurrents ; « weft report %s » les cite tels quels\\n"),
}
