# The analysis (analysis/): deadlock hints, misuse sentences, folded stacks,
# the tracer's live deadlock line.
TR = {
'  This run did not deadlock, but another may: take these locks in one order everywhere.\\n':
 "  Cette exécution ne s'est pas bloquée, mais une autre le peut : prenez ces verrous dans un seul ordre partout.\\n",
'  %s (thread %u) %s %s\\n': '  %s (thread %u) %s %s\\n',
"weft: %s (%zu threads); run under 'weft record' for the report\\n":
 "weft : %s (%zu threads) ; lancez sous « weft record » pour le rapport\\n",
'hint: nobody ever sends on %s: %s waits to receive from it at %s.\\n': (
 'indice : personne n\'envoie jamais sur %s : %s attend d\'y recevoir à %s.\\n',
 'indice : personne n\'envoie jamais sur %s : %s attendent d\'y recevoir à %s.\\n'),
'ended without closing it': "s'est terminé sans le fermer",
'does not close it': 'ne le ferme pas',
' at %s': ' à %s',
'hint: %s is never closed: %s waits to receive from it at %s (a range loop ends only when the channel is closed); its only sender, %s, %s. Close it once the last value is sent.\\n': (
 "indice : %s n'est jamais fermé : %s attend d'y recevoir à %s (une boucle de lecture ne finit que quand le canal est fermé) ; son seul émetteur, %s, %s. Fermez-le une fois la dernière valeur envoyée.\\n",
 "indice : %s n'est jamais fermé : %s attendent d'y recevoir à %s (une boucle de lecture ne finit que quand le canal est fermé) ; son seul émetteur, %s, %s. Fermez-le une fois la dernière valeur envoyée.\\n"),
'hint: %s is never closed: %s waits to receive from it at %s, and none of its senders will send again or close it. Close it once the last value is sent.\\n': (
 "indice : %s n'est jamais fermé : %s attend d'y recevoir à %s, et aucun de ses émetteurs n'enverra plus ni ne le fermera. Fermez-le une fois la dernière valeur envoyée.\\n",
 "indice : %s n'est jamais fermé : %s attendent d'y recevoir à %s, et aucun de ses émetteurs n'enverra plus ni ne le fermera. Fermez-le une fois la dernière valeur envoyée.\\n"),
'hint: nobody receives from %s any more: %s waits to send on it at %s. Is a receiver missing, or did it stop early?\\n': (
 "indice : plus personne ne reçoit de %s : %s attend d'y envoyer à %s. Manque-t-il un récepteur, ou s'est-il arrêté trop tôt ?\\n",
 "indice : plus personne ne reçoit de %s : %s attendent d'y envoyer à %s. Manque-t-il un récepteur, ou s'est-il arrêté trop tôt ?\\n"),
'hint: the WaitGroup %s still counts %lld and Done was never called: Add was last called by %s at %s. Each Add needs a Done.\\n':
 "indice : le WaitGroup %s compte encore %lld et Done n'a jamais été appelé : Add a été appelé en dernier par %s à %s. Chaque Add demande un Done.\\n",
'hint: the WaitGroup %s still counts %lld: Add was called %u time(s), last by %s at %s, and Done %u time(s), last by %s at %s. Each Add needs a Done, and Add must come before the thread starts.\\n':
 "indice : le WaitGroup %s compte encore %lld : Add a été appelé %u fois, en dernier par %s à %s, et Done %u fois, en dernier par %s à %s. Chaque Add demande un Done, et Add doit précéder le démarrage du thread.\\n",
'hint: %s was locked by %s at %s, and %s ended without unlocking it: every way out of the critical section, early returns and error paths too, must unlock.\\n':
 "indice : %s a été verrouillé par %s à %s, et %s s'est terminé sans le déverrouiller : chaque sortie de la section critique, retours anticipés et chemins d'erreur compris, doit déverrouiller.\\n",
', ': ', ',
'%s takes %s then %s': '%s prend %s puis %s',
'hint: the cause is the order of the locks: %s. Take them in one order everywhere. A run without weft may finish, but only by luck.\\n':
 "indice : la cause est l'ordre des verrous : %s. Prenez-les dans un seul ordre partout. Une exécution sans weft peut finir, mais seulement par chance.\\n",
'weft: %s\\n\\n': 'weft : %s\\n\\n',
'%s unlocks %s at %s, but another thread holds it: only the thread that locked a mutex may unlock it.':
 "%s déverrouille %s à %s, mais un autre thread le détient : seul le thread qui a verrouillé un mutex peut le déverrouiller.",
'%s destroys %s at %s while it is locked: unlock it first, and destroy it only once no thread uses it.':
 "%s détruit %s à %s alors qu'il est verrouillé : déverrouillez-le d'abord, et ne le détruisez qu'une fois qu'aucun thread ne s'en sert.",
'%s sends on %s at %s after it was closed: only the sender closes a channel, once it has sent its last value.':
 "%s envoie sur %s à %s après sa fermeture : seul l'émetteur ferme un canal, une fois sa dernière valeur envoyée.",
'%s closes %s at %s, which was already closed: close a channel once, from its only sender.':
 "%s ferme %s à %s, qui était déjà fermé : fermez un canal une seule fois, depuis son seul émetteur.",
'%s closes a channel that was never made, at %s.': "%s ferme un canal qui n'a jamais été créé, à %s.",
'%s makes the WaitGroup %s negative at %s: more Done than Add.':
 '%s rend le WaitGroup %s négatif à %s : plus de Done que de Add.',
'%s ended while holding %s, taken at %s: no other thread can take it again. Unlock it on every way out of the critical section.':
 "%s s'est terminé en détenant %s, pris à %s : aucun autre thread ne peut plus le prendre. Déverrouillez-le à chaque sortie de la section critique.",
'%s misuses %s at %s.': '%s utilise mal %s à %s.',
'<signal handler>': '<gestionnaire de signal>',
'%s%s on %s\\n': '%s%s sur %s\\n',
}
TR.update({
'weft: deadlock, explained above; to see it on the timeline: weft view %s\\n':
 "weft : interblocage, expliqué ci-dessus ; pour le voir sur la chronologie : weft view %s\\n",
'weft: %zu potential deadlock (locks taken in opposite orders); for both stacks: weft report %s\\n': (
 'weft : %zu interblocage possible (verrous pris dans des ordres opposés) ; pour les deux piles : weft report %s\\n',
 'weft : %zu interblocages possibles (verrous pris dans des ordres opposés) ; pour les deux piles : weft report %s\\n'),
'weft: %zu thread was still blocked when the program ended; for where: weft report %s\\n': (
 'weft : %zu thread était encore bloqué à la fin du programme ; pour savoir où : weft report %s\\n',
 'weft : %zu threads étaient encore bloqués à la fin du programme ; pour savoir où : weft report %s\\n'),
'weft: %zu misuse of a lock or channel; for what and where: weft report %s\\n': (
 "weft : %zu mauvais usage d'un verrou ou d'un canal ; pour quoi et où : weft report %s\\n",
 "weft : %zu mauvais usages de verrous ou de canaux ; pour quoi et où : weft report %s\\n"),
})
TR.update({
"%s waits for %s, whose holder does not exist in this process any more (a thread that ended holding it, or a lock held by another thread when the process forked): nobody can unlock it.":
 "%s attend %s, dont le détenteur n'existe plus dans ce processus (un thread qui s'est terminé en le détenant, ou un verrou détenu par un autre thread au moment du fork) : personne ne peut le déverrouiller.",
'weft: %s (not enough memory to describe it)\\n': 'weft : %s (pas assez de mémoire pour le décrire)\\n',
'deadlock! a lock whose holder is gone': "interblocage ! un verrou dont le détenteur n'existe plus",
})
TR.update({
'hint: %s was asked for in the signal handler %s, which interrupted %s while it held it. A handler may only call async-signal-safe functions: set a volatile sig_atomic_t flag there and act on it outside.\\n':
 "indice : %s a été demandé dans le gestionnaire de signal %s, qui a interrompu %s alors qu'il le détenait. Un gestionnaire ne peut appeler que des fonctions sûres pour les signaux (async-signal-safe) : positionnez-y un drapeau volatile sig_atomic_t et agissez en dehors.\\n",
})
