TR = {
'Unlocks by a thread that does not hold the mutex': 'Déverrouillages par un thread qui ne détient pas le mutex',
'Locks destroyed while held': 'Verrous détruits alors qu\'ils sont pris',
'Sends on a closed channel': 'Envois sur un canal fermé',
'Channels closed twice': 'Canaux fermés deux fois',
'Closes of a channel never made': 'Fermetures d\'un canal jamais créé',
'WaitGroups made negative': 'WaitGroups rendus négatifs',
'Threads that ended holding a lock': 'Threads terminés en détenant un verrou',
'WaitGroup Add made by the worker it counts': 'Add de WaitGroup fait par le worker qu\'il compte',
'WaitGroup Add racing with Wait': 'Add de WaitGroup en concurrence avec Wait',
'Condition waits without the mutex held': 'Attentes sur une condition sans détenir le mutex',
'Condition waits with two different mutexes': 'Attentes sur une condition avec deux mutex différents',
'Unlocks of a mutex already unlocked': 'Déverrouillages d\'un mutex déjà déverrouillé',
'Unlocks of a mutex never locked': 'Déverrouillages d\'un mutex jamais verrouillé',
'Conditions destroyed while threads wait on them': 'Conditions détruites pendant que des threads les attendent',
'Barriers destroyed while threads wait at them': 'Barrières détruites pendant que des threads y attendent',
'Objects initialised twice': 'Objets initialisés deux fois',
'Threads that join themselves': 'Threads qui se joignent eux-mêmes',
'Joins of a detached thread': 'Jointures d\'un thread détaché',
'Joins of a thread already joined': 'Jointures d\'un thread déjà joint',
'Threads detached twice': 'Threads détachés deux fois',
'Barriers with a count of 0': 'Barrières avec un compte de 0',
'More threads at a barrier than its count': 'Plus de threads à une barrière que son compte',
'Unlocks of a rwlock not held': 'Déverrouillages d\'un rwlock non détenu',
'Rwlocks locked again by their holder': 'Rwlocks reverrouillés par leur détenteur',
'Semaphores initialised with an impossible value': 'Sémaphores initialisés avec une valeur impossible',
'Semaphores posted past their maximum': 'Sémaphores incrémentés au-delà de leur maximum',
'Objects used without being initialised': 'Objets utilisés sans avoir été initialisés',
'Recursive mutexes unlocked more than locked': 'Mutex récursifs déverrouillés plus que verrouillés',
'Error-checking mutexes locked again by their holder': 'Mutex à vérification d\'erreurs reverrouillés par leur détenteur',
'Calls that returned an error': 'Appels qui ont renvoyé une erreur',
'Locks held when the program ended': 'Verrous détenus à la fin du programme',
'Other misuse': 'Autres mauvais usages',
'error %d': 'erreur %d',
'%s waits on %s at %s without holding %s: lock the mutex first; the wait unlocks it while it sleeps and locks it again before it returns.':
 '%s attend %s à %s sans détenir %s : verrouillez d\'abord le mutex ; l\'attente le déverrouille pendant qu\'elle dort et le reverrouille avant de revenir.',
'%s waits on %s at %s with another mutex than %s, which the other waiters use: every thread waiting on one condition must use the same mutex.':
 '%s attend %s à %s avec un autre mutex que %s, celui des autres threads en attente : tous les threads qui attendent une même condition doivent utiliser le même mutex.',
'%s unlocks %s at %s, which was already unlocked: unlock a mutex once, after each lock.':
 '%s déverrouille %s à %s, qui était déjà déverrouillé : déverrouillez un mutex une fois, après chaque verrouillage.',
'%s unlocks %s at %s, which no thread had locked: unlock only a mutex you locked.':
 '%s déverrouille %s à %s, qu\'aucun thread n\'avait verrouillé : ne déverrouillez qu\'un mutex que vous avez verrouillé.',
'%s destroys %s at %s while threads wait on it: wake them and let them return before destroying it.':
 '%s détruit %s à %s pendant que des threads l\'attendent : réveillez-les et laissez-les revenir avant de la détruire.',
'%s destroys %s at %s while threads wait at it: destroy a barrier only once every thread has passed it.':
 '%s détruit %s à %s pendant que des threads y attendent : ne détruisez une barrière qu\'une fois que tous les threads l\'ont passée.',
'%s initialises %s again at %s while it is in use: initialise an object once, or destroy it before initialising it again.':
 '%s initialise de nouveau %s à %s alors qu\'il est en service : initialisez un objet une fois, ou détruisez-le avant de l\'initialiser de nouveau.',
'%s joins itself at %s: pthread_join returned EDEADLK at once, since a thread cannot wait for its own end. Join it from another thread.':
 '%s se joint lui-même à %s : pthread_join a renvoyé EDEADLK aussitôt, car un thread ne peut pas attendre sa propre fin. Joignez-le depuis un autre thread.',
'%s joins %s at %s, which was detached: a thread is either joined or detached, never both.':
 '%s joint %s à %s, qui était détaché : un thread est joint ou détaché, jamais les deux.',
'%s joins %s at %s, which was already joined: join each thread exactly once.':
 '%s joint %s à %s, qui était déjà joint : joignez chaque thread exactement une fois.',
'%s detaches %s at %s, which was already detached: detach a thread once.':
 '%s détache %s à %s, qui était déjà détaché : détachez un thread une seule fois.',
'%s initialises %s with a count of 0 at %s, and pthread_barrier_init returned EINVAL: the count is the number of threads that meet there, at least 1.':
 '%s initialise %s avec un compte de 0 à %s, et pthread_barrier_init a renvoyé EINVAL : le compte est le nombre de threads qui s\'y retrouvent, au moins 1.',
'%s waits at %s at %s, but other threads already filled its count of %u: it waits for threads that will never come. Give the barrier the number of threads that wait at it.':
 '%s attend à %s à %s, mais d\'autres threads ont déjà rempli son compte de %u : il attend des threads qui ne viendront jamais. Donnez à la barrière le nombre de threads qui y attendent.',
'%s unlocks %s at %s without holding it, for reading or for writing: unlock only what you locked.':
 '%s déverrouille %s à %s sans le détenir, ni en lecture ni en écriture : ne déverrouillez que ce que vous avez verrouillé.',
'%s locks %s again at %s while it already holds it, and the call returned EDEADLK: unlock it before taking it again.':
 '%s verrouille de nouveau %s à %s alors qu\'il le détient déjà, et l\'appel a renvoyé EDEADLK : déverrouillez-le avant de le reprendre.',
'%s initialises %s with an impossible value at %s, and sem_init returned EINVAL: the value must be at most SEM_VALUE_MAX.':
 '%s initialise %s avec une valeur impossible à %s, et sem_init a renvoyé EINVAL : la valeur doit être au plus SEM_VALUE_MAX.',
'%s posts %s at %s past its maximum value, and sem_post returned EOVERFLOW: there are far more posts than waits.':
 '%s incrémente %s à %s au-delà de sa valeur maximale, et sem_post a renvoyé EOVERFLOW : il y a bien plus de sem_post que d\'attentes.',
'%s uses %s at %s, which is not an initialised %s: the call returned %s. Call %s on it first; memory from malloc holds no object until then.':
 '%s utilise %s à %s, qui n\'est pas un %s initialisé : l\'appel a renvoyé %s. Appelez d\'abord %s dessus ; la mémoire de malloc ne contient aucun objet avant cela.',
'%s uses %s at %s, which no %s call initialised: call it first; memory from malloc holds no object until then.':
 '%s utilise %s à %s, qu\'aucun appel à %s n\'a initialisé : appelez-le d\'abord ; la mémoire de malloc ne contient aucun objet avant cela.',
'%s unlocks the recursive mutex %s at %s more times than it locked it: each unlock must match a lock.':
 '%s déverrouille le mutex récursif %s à %s plus de fois qu\'il ne l\'a verrouillé : chaque déverrouillage doit répondre à un verrouillage.',
'%s locks %s again at %s while it already holds it: the error-checking mutex returned EDEADLK instead of hanging. Unlock it before locking it again.':
 '%s verrouille de nouveau %s à %s alors qu\'il le détient déjà : le mutex à vérification d\'erreurs a renvoyé EDEADLK au lieu de bloquer. Déverrouillez-le avant de le verrouiller de nouveau.',
'%s calls %s on %s at %s, which returned %s (%s).': '%s appelle %s sur %s à %s, qui a renvoyé %s (%s).',
'%s calls %s at %s, which returned %s (%s).': '%s appelle %s à %s, qui a renvoyé %s (%s).',
'The program was killed by signal %u (%s) while %s held %s, taken at %s.':
 'Le programme a été tué par le signal %u (%s) pendant que %s détenait %s, pris à %s.',
'The program ended while %s held %s, taken at %s: unlock it before the end, so that the code stays right when it runs in a thread.':
 'Le programme s\'est terminé pendant que %s détenait %s, pris à %s : déverrouillez-le avant la fin, pour que le code reste juste quand il s\'exécute dans un thread.',
'\\nNote: %s took these locks in both orders:\\n': '\\nNote : %s a pris ces verrous dans les deux ordres :\\n',
'  One thread alone cannot deadlock this way, but another thread running the same path can: take these locks in one order everywhere.\\n':
 '  Un thread seul ne peut pas s\'interbloquer ainsi, mais un autre thread qui suit le même chemin le peut : prenez ces verrous dans un seul ordre partout.\\n',
'  %s (%zu, a note):\\n': '  %s (%zu, une note) :\\n',
'  %s (%zu):\\n': '  %s (%zu) :\\n',
'weft:   %s, at %s\\n': 'weft :   %s, à %s\\n',
'weft:   %s, at %s (%zu times)\\n': 'weft :   %s, à %s (%zu fois)\\n',
'weft:   and %zu more\\n': 'weft :   et %zu de plus\\n',
'%s waits on %s at %s with %s, which is a %s, not a mutex: pass the mutex that guards the condition, locked.':
 '%s attend %s à %s avec %s, qui est un %s, pas un mutex : passez le mutex qui protège la condition, verrouillé.',
'weft: note: %zu set of locks one thread took in both orders; for where: weft report %s\\n':
 ('weft : note : %zu ensemble de verrous pris dans les deux ordres par un même thread ; pour savoir où : weft report %s\\n',
  'weft : note : %zu ensembles de verrous pris dans les deux ordres par un même thread ; pour savoir où : weft report %s\\n'),
}
