TR = {
'deadlock! a lock whose holder is gone': "interblocage ! un verrou dont le détenteur a disparu",
'a lock whose holder is gone': "un verrou dont le détenteur a disparu",
'%s waits for %s, whose holder does not exist in this process any more (a thread that ended holding it, or a lock held by another thread when the process forked): nobody can unlock it.':
 "%s attend %s, dont le détenteur n'existe plus dans ce processus (un thread qui s'est terminé en le tenant, ou un verrou tenu par un autre thread quand le processus a fait fork) : personne ne peut le déverrouiller.",
'a signal handler could still post a semaphore they wait on': "un gestionnaire de signal pourrait encore incrémenter un sémaphore qu'ils attendent",
'another process or a descriptor could still wake them': "un autre processus ou un descripteur pourrait encore les réveiller",
'a thread weft cannot see is still running': "un thread que weft ne voit pas tourne encore",
'weft: child process %lu left no readable trace in %s\\n': "weft : le processus enfant %lu n'a laissé aucune trace lisible dans %s\\n",
'weft: trace of child process %lu written to %s: %zu events, %zu threads\\n': "weft : trace du processus enfant %lu écrite dans %s : %zu événements, %zu threads\\n",
}
