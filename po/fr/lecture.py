TR = {
'weft render: out of memory\\n': 'weft render : plus de mémoire\\n',
'Step %zu of %zu: event %zu of %zu, at %s': 'Pas %zu sur %zu : événement %zu sur %zu, à %s',
'Event %zu of %zu, at %s': 'Événement %zu sur %zu, à %s',
"bad steps '%s': write FROM..TO, event numbers from 1 (5..20) or times with a unit (10ms..40ms)":
 "pas « %s » invalides : écrivez DE..À, des numéros d'événement à partir de 1 (5..20) ou des temps avec une unité (10ms..40ms)",
"bad step kind '%s': event, blocking, message or finding":
 "sorte de pas « %s » invalide : event, blocking, message ou finding",
'weft render: --steps and --graph-at both choose the slides; give one\\n':
 'weft render : --steps et --graph-at choisissent tous deux les diapositives ; donnez-en un seul\\n',
"--steps makes pages: write them to a .pdf, or to a folder ending in / (not '%s')":
 "--steps fait des pages : écrivez-les dans un .pdf, ou dans un dossier finissant par / (pas « %s »)",
"weft render: no step in '%s': the run has %zu events and lasts %s\\n":
 "weft render : aucun pas dans « %s » : l'exécution a %zu événements et dure %s\\n",
"weft render: '%s' makes %zu pages, more than %d; take a shorter span or --by blocking\\n":
 "weft render : « %s » fait %zu pages, plus de %d ; prenez un intervalle plus court ou --by blocking\\n",
"Usage: weft pack TRACE -o FILE [OPTIONS]\\n\\nMakes a trace to share: the source lines its stacks name, and a few\\naround each, go into it, so that weft view and weft report show them\\non a machine without the sources; the command line's folders and home\\nfolders are taken out.\\n\\nOptions:\\n  -o, --output FILE     the trace to write\\n      --context N       lines kept before and after each (default 5, up to 50)\\n      --source-root DIR where the sources are, if not beside the trace, the\\n                        program or here (may be given several times)\\n      --keep-paths      keep the command line and paths as recorded\\n  -h, --help            this help\\n\\nExample: weft pack philosophers.weft -o philosophers-td3.weft\\n":
 "Usage : weft pack TRACE -o FICHIER [OPTIONS]\\n\\nFait une trace à partager : les lignes de source que nomment ses piles, et\\nquelques-unes autour de chacune, y entrent, pour que weft view et weft report\\nles montrent sur une machine sans les sources ; les dossiers de la ligne de\\ncommande et les dossiers personnels en sont retirés.\\n\\nOptions :\\n  -o, --output FICHIER  la trace à écrire\\n      --context N       lignes gardées avant et après chacune (5 par défaut, jusqu'à 50)\\n      --source-root DOSSIER  où sont les sources, si elles ne sont pas à côté de la\\n                        trace, du programme ou ici (peut être donné plusieurs fois)\\n      --keep-paths      garder la ligne de commande et les chemins tels qu'enregistrés\\n  -h, --help            cette aide\\n\\nExemple : weft pack philosophers.weft -o philosophers-td3.weft\\n",
'Usage: weft trim TRACE --from T --to T -o OUT\\n\\nWrites the part of a run between two times as a trace of its own:\\nwhat was true at the start of the span (threads alive, locks held,\\nwaits begun, objects made) is set at its start, so it reads as a\\nwhole run in weft view, report and render.\\n\\nOptions:\\n      --from T        start of the span (default: the start of the run)\\n      --to T          end of the span (default: the end of the run)\\n                      T takes a unit: 1.5s, 20ms, 300us, 100ns\\n  -o, --output FILE   the trace to write\\n  -h, --help          this help\\n\\nExample: weft trim philosophers.weft --from 1ms --to 3ms -o cycle.weft\\n':
 "Usage : weft trim TRACE --from T --to T -o SORTIE\\n\\nÉcrit la partie d'une exécution entre deux instants comme une trace à part :\\nce qui était vrai au début de l'intervalle (threads vivants, verrous tenus,\\nattentes commencées, objets créés) est posé à son début, pour qu'elle se lise\\ncomme une exécution entière dans weft view, report et render.\\n\\nOptions :\\n      --from T        début de l'intervalle (par défaut : le début de l'exécution)\\n      --to T          fin de l'intervalle (par défaut : la fin de l'exécution)\\n                      T prend une unité : 1.5s, 20ms, 300us, 100ns\\n  -o, --output FICHIER  la trace à écrire\\n  -h, --help          cette aide\\n\\nExemple : weft trim philosophers.weft --from 1ms --to 3ms -o cycle.weft\\n",
'weft pack: ': 'weft pack : ',
'weft trim: ': 'weft trim : ',
"bad context '%s': a number of lines from 0 to 50": "contexte « %s » invalide : un nombre de lignes de 0 à 50",
"--source-root '%s' is not a folder": "--source-root « %s » n'est pas un dossier",
"too many --source-root folders; '%s' is one more than 8": "trop de dossiers --source-root ; « %s » est un de plus que 8",
"unknown or incomplete option '%s'; try 'weft pack --help'": "option inconnue ou incomplète « %s » ; essayez « weft pack --help »",
"unknown or incomplete option '%s'; try 'weft trim --help'": "option inconnue ou incomplète « %s » ; essayez « weft trim --help »",
"weft pack: no trace given; try 'weft pack --help'\\n": "weft pack : aucune trace donnée ; essayez « weft pack --help »\\n",
"weft trim: no trace given; try 'weft trim --help'\\n": "weft trim : aucune trace donnée ; essayez « weft trim --help »\\n",
'no output file; add -o %s': 'pas de fichier de sortie ; ajoutez -o %s',
"'%s' is the trace itself: write the pack to another file": "« %s » est la trace elle-même : écrivez le paquet dans un autre fichier",
"'%s' is the trace itself: write the cut to another file": "« %s » est la trace elle-même : écrivez la coupe dans un autre fichier",
'weft pack: %s not found, so its lines are not in the pack; say where it is with --source-root DIR\\n':
 'weft pack : %s introuvable, ses lignes ne sont donc pas dans le paquet ; dites où il est avec --source-root DOSSIER\\n',
'weft pack: out of memory\\n': 'weft pack : plus de mémoire\\n',
"weft pack: cannot write '%s': %s\\n": "weft pack : impossible d'écrire « %s » : %s\\n",
"weft trim: cannot write '%s': %s\\n": "weft trim : impossible d'écrire « %s » : %s\\n",
'weft: %s: %zu source lines of %zu file in it': ('weft : %s : %zu lignes de source de %zu fichier dedans', 'weft : %s : %zu lignes de source de %zu fichiers dedans'),
'; paths kept as recorded\\n': ' ; chemins gardés tels qu\'enregistrés\\n',
"; the command line's folders and home folders taken out\\n": " ; dossiers de la ligne de commande et dossiers personnels retirés\\n",
'weft trim: give the span with --from, --to or both\\n': "weft trim : donnez l'intervalle avec --from, --to ou les deux\\n",
'weft trim: --to must be later than --from\\n': 'weft trim : --to doit être après --from\\n',
"weft trim: --from is after the end of the run (%s)\\n": "weft trim : --from est après la fin de l'exécution (%s)\\n",
'weft: %s: %zu events from %s to %s (%zu of them set the scene at its start)\\n':
 'weft : %s : %zu événements de %s à %s (dont %zu posent le décor à son début)\\n',
'\\nWhere they stopped (source lines embedded by weft pack):\\n': '\\nOù ils se sont arrêtés (lignes de source embarquées par weft pack) :\\n',
'make a trace to share: its source lines in it, its paths removed': 'faire une trace à partager : ses lignes de source dedans, ses chemins retirés',
'cut a trace to a span of time, as a trace of its own': "couper une trace à un intervalle de temps, comme une trace à part",
'embedded in the trace': 'embarquée dans la trace',
"weft %s: ": "weft %s : ",
"weft %s: bad time '%s' for %s; write it with a unit, e.g. 1.5s, 20ms, 300us\\n":
 "weft %s : temps « %s » invalide pour %s ; écrivez-le avec une unité, p. ex. 1.5s, 20ms, 300us\\n",
"weft %s: no trace given; try 'weft %s --help'\\n": "weft %s : aucune trace donnée ; essayez « weft %s --help »\\n",
"weft %s: one trace at a time; unexpected '%s'\\n": "weft %s : une trace à la fois ; « %s » inattendu\\n",
"'%s' is the trace itself: write to another file": "« %s » est la trace elle-même : écrivez dans un autre fichier",
"Bookmark %zu of %zu: event %zu of %zu, at %s": "Signet %zu sur %zu : événement %zu sur %zu, à %s",
"weft render: no bookmarks: '%s' does not exist; make some in weft view (Ctrl+B)\\n":
 "weft render : pas de signets : « %s » n'existe pas ; créez-en dans weft view (Ctrl+B)\\n",
"weft render: none of the bookmarks in '%s' is in '%s'\\n": "weft render : aucun des signets de « %s » n'est dans « %s »\\n",
"weft render: '%s' holds no bookmark\\n": "weft render : « %s » ne contient aucun signet\\n",
'Bookmark the playhead, with a title and a note': 'Poser un signet à la tête de lecture, avec un titre et une note',
'Next / previous bookmark': 'Signet suivant / précédent',
'%s is damaged (%s)': '%s est endommagé (%s)',
'not a weft notes file': "pas un fichier de notes de weft",
'written by a newer weft': 'écrit par un weft plus récent',
'no list of bookmarks': 'pas de liste de signets',
'bookmark %u is not an object with event, time_ns and title': "le signet %u n'est pas un objet avec event, time_ns et title",
'The bookmarks cannot be saved: %s': 'Les signets ne peuvent pas être enregistrés : %s',
'Title': 'Titre',
'Bookmark title': 'Titre du signet',
'Note for the class': 'Note pour la classe',
'Bookmark note': 'Note du signet',
'Move the playhead here (k, Shift+k)': 'Mettre la tête de lecture ici (k, Maj+k)',
'Remove the bookmark': 'Retirer le signet',
'(the trace opens without its bookmarks)': "(la trace s'ouvre sans ses signets)",
'Put the playhead where the bookmark goes first (click an event, or step with . and ,), then Ctrl+B':
 "Placez d'abord la tête de lecture où va le signet (cliquez un événement, ou avancez avec . et ,), puis Ctrl+B",
'The bookmarks cannot be saved: mend or remove the damaged notes file, then open the trace again':
 "Les signets ne peuvent pas être enregistrés : réparez ou retirez le fichier de notes endommagé, puis rouvrez la trace",
'Bookmark %zu': 'Signet %zu',
'_Mark the playhead': '_Marquer la tête de lecture',
'Add a bookmark at the playhead (Ctrl+B)': 'Poser un signet à la tête de lecture (Ctrl+B)',
'Bookmarks': 'Signets',
'No bookmarks yet. Ctrl+B marks the playhead with a title and a note, saved beside the trace for the next lecture.':
 "Pas encore de signets. Ctrl+B marque la tête de lecture avec un titre et une note, enregistrés à côté de la trace pour le prochain cours.",
"bad shared playhead '%s': event (the same event number) or time (the same time into each run)":
 "tête de lecture partagée « %s » invalide : event (le même numéro d'événement) ou time (le même temps dans chaque exécution)",
'--compare %s makes slides of two runs: give the steps with --steps, --bookmarks or --graph-at':
 '--compare %s fait des diapositives de deux exécutions : donnez les pas avec --steps, --bookmarks ou --graph-at',
'Step %zu of %zu, at %s into each run': 'Pas %zu sur %zu, à %s dans chaque exécution',
'Step %zu of %zu: event %zu of each run': 'Pas %zu sur %zu : événement %zu de chaque exécution',
"weft view: bad shared playhead '%s': event or time\\n": "weft view : tête de lecture partagée « %s » invalide : event ou time\\n",
"weft view: --compare takes two traces and --shared-playhead; unexpected '%s'\\n":
 "weft view : --compare prend deux traces et --shared-playhead ; « %s » inattendu\\n",
'weft view: --compare needs two traces: weft view --compare BUGGY.weft FIXED.weft\\n':
 'weft view : --compare demande deux traces : weft view --compare BOGUÉE.weft CORRIGÉE.weft\\n',
'not started yet': 'pas encore commencée',
'%s: not started': '%s : pas commencée',
'%s: event %zu of %zu': '%s : événement %zu sur %zu',
"cannot open '%s': %s": "impossible d'ouvrir « %s » : %s",
"not enough memory to read '%s'": "pas assez de mémoire pour lire « %s »",
'%s and %s': '%s et %s',
'Same _time (t)': 'Même _temps (t)',
'The runs share the playhead by time into each run, not by event number':
 "Les exécutions partagent la tête de lecture par le temps écoulé dans chacune, pas par numéro d'événement",
'weft view: %s\\n': 'weft view : %s\\n',
'%s, event %zu of %zu: %s': '%s, événement %zu sur %zu : %s',
'%s: not started yet': '%s : pas encore commencée',
'Usage: weft view [--source-root DIR] [FILE...]\\n       weft view --compare BUGGY.weft FIXED.weft [--shared-playhead event|time]\\n\\nOpens traces in the timeline viewer: one lane per thread, its states,\\nthe arrows between related events, the deadlock in red, and a playhead\\nthat steps through the run event by event, saying each event with its\\nsource line. With no file, opens an empty window (File, Open; or drop a\\ntrace on it).\\n\\nOptions:\\n      --source-root DIR  also look for source files under DIR\\n      --follow           read each trace again as it grows, until its run\\n                         ends (a run being recorded: weft record --view)\\n      --compare A B      two runs in one window, one above the other, with one\\n                         playhead: the same event number in both, or with\\n                         --shared-playhead time, the same time into each run\\n  -h, --help             show this help\\n\\nKeys: Ctrl+O open, + and - zoom, 0 fit, arrows pan, . and , next and\\nprevious event, F5 presentation mode, Ctrl+? all shortcuts.\\n':
 'Usage : weft view [--source-root DOSSIER] [FICHIER...]\\n       weft view --compare BOGUÉE.weft CORRIGÉE.weft [--shared-playhead event|time]\\n\\nOuvre des traces dans la visionneuse : une ligne par thread, ses états,\\nles flèches entre événements liés, l\'interblocage en rouge, et une tête de lecture\\nqui parcourt l\'exécution événement par événement, en disant chacun avec sa\\nligne de source. Sans fichier, ouvre une fenêtre vide (Fichier, Ouvrir ; ou déposez\\nune trace dessus).\\n\\nOptions :\\n      --source-root DOSSIER  cherche aussi les fichiers source sous DOSSIER\\n      --follow           relit chaque trace à mesure qu\'elle grandit, jusqu\'à la fin\\n                         de son exécution (une exécution en cours : weft record --view)\\n      --compare A B      deux exécutions dans une fenêtre, l\'une au-dessus de l\'autre, avec\\n                         une tête de lecture : le même numéro d\'événement dans les deux, ou\\n                         avec --shared-playhead time, le même temps dans chaque exécution\\n  -h, --help                 affiche cette aide\\n\\nTouches : Ctrl+O ouvrir, + et - zoom, 0 tout voir, flèches pour se déplacer, . et ,\\névénement suivant et précédent, F5 mode présentation, Ctrl+? tous les raccourcis.\\n',
"      --view            open the viewer on the run as it goes: lanes grow as\\n                        the trace is written; it stays open when the run ends\\n":
 "      --view            ouvre la visionneuse sur l'exécution en cours : les lignes grandissent\\n                        à mesure que la trace s'écrit ; elle reste ouverte à la fin\\n",
'weft record: --view needs a display; recording without the viewer (open the trace afterwards with weft view)\\n':
 "weft record : --view demande un écran ; enregistrement sans la visionneuse (ouvrez ensuite la trace avec weft view)\\n",
'weft record: cannot start the viewer; open the trace with weft view\\n':
 'weft record : impossible de lancer la visionneuse ; ouvrez la trace avec weft view\\n',
"Export the step at the playhead as a slide: its sentence, the timeline, the wait-for graph":
 "Exporter le pas à la tête de lecture en diapositive : sa phrase, la chronologie, le graphe d'attente",
'Export This _Step as a Slide…': 'Exporter ce _pas en diapositive…',
'_Bookmark the Playhead': 'Poser un _signet à la tête de lecture',
'Put the playhead on the step to show first (click an event, or step with . and ,)':
 "Placez d'abord la tête de lecture sur le pas à montrer (cliquez un événement, ou avancez avec . et ,)",
'Export This Step as a Slide': 'Exporter ce pas en diapositive',
'Usage: weft render FILE -o OUT.png|OUT.svg|OUT.pdf [OPTIONS]\\n\\nDraws the timeline of a trace: one lane per thread, its states, the\\narrows between related events, and any deadlock in red.\\n\\nOptions:\\n  -o, --output FILE   the image to write; its extension picks the format\\n      --from T        start of the window (default: the start of the run)\\n      --to T          end of the window (default: the end of the run)\\n                      T takes a unit: 1.5s, 20ms, 300us, 100ns\\n  -W, --width W       width in pixels (default 1600)\\n  -H, --height H      height in pixels (default: fits the lanes)\\n      --scale S       text and lane size, 1 to 3 (default 1)\\n      --dark          dark theme\\n      --no-arrows     no arrows (or --arrows=channel,lock,signal,create,join)\\n      --no-legend     no legend\\n      --fold-idle     fold the stretches where nothing happens (a hang after\\n                      a short story), each marked with its real length\\n      --graph-at T    a slide of the moment T instead: what happens\\n                      there in a sentence, the timeline with the playhead\\n                      at T, the wait-for graph (who waits for what, who\\n                      holds it, any deadlock in red), the channels\' buffers\\n      --steps A..B    one slide per step from A to B (event numbers as the\\n                      viewer counts them, or times: 10ms..40ms): pages of\\n                      one PDF, or step-001.png... in a folder (-o DIR/)\\n      --by KIND       the steps: event (default), blocking, message, finding\\n      --bookmarks[=NOTES]  one slide per bookmark (those among --steps,\\n                      if given), with its title and note; NOTES: the\\n                      notes file (default: FILE.notes, as weft view saves it)\\n      --compare OTHER the slides show OTHER\'s run below FILE\'s, at a\\n                      shared playhead (a buggy run and its fix)\\n      --shared-playhead event|time  the same event number (default), or\\n                      the same time into each run\\n  -h, --help          this help\\n\\nExample: weft render philosophers.weft -o philosophers.png --from 10ms --to 40ms\\n':
 'Usage : weft render FICHIER -o SORTIE.png|SORTIE.svg|SORTIE.pdf [OPTIONS]\\n\\nDessine la chronologie d\'une trace : une ligne par thread, ses états, les\\nflèches entre événements liés, et tout interblocage en rouge.\\n\\nOptions :\\n  -o, --output FICHIER  l\'image à écrire ; son extension choisit le format\\n      --from T        début de la fenêtre (par défaut : le début de l\'exécution)\\n      --to T          fin de la fenêtre (par défaut : la fin de l\'exécution)\\n                      T prend une unité : 1.5s, 20ms, 300us, 100ns\\n  -W, --width L       largeur en pixels (1600 par défaut)\\n  -H, --height H      hauteur en pixels (par défaut : celle des lignes)\\n      --scale S       taille du texte et des lignes, de 1 à 3 (1 par défaut)\\n      --dark          thème sombre\\n      --no-arrows     pas de flèches (ou --arrows=channel,lock,signal,create,join)\\n      --no-legend     pas de légende\\n      --fold-idle     replie les moments où rien ne se passe (une attente sans\\n                      fin après une courte histoire), chacun marqué de sa vraie durée\\n      --graph-at T    plutôt une diapositive de l\'instant T : ce qui s\'y passe\\n                      en une phrase, la chronologie avec la tête de lecture\\n                      à T, le graphe d\'attente (qui attend quoi, qui le\\n                      détient, tout interblocage en rouge), les tampons des canaux\\n      --steps A..B    une diapositive par pas de A à B (numéros d\'événement comme\\n                      les compte la visionneuse, ou des temps : 10ms..40ms) : les\\n                      pages d\'un PDF, ou step-001.png... dans un dossier (-o DOSSIER/)\\n      --by SORTE      les pas : event (par défaut), blocking, message, finding\\n      --bookmarks[=NOTES]  une diapositive par signet (ceux parmi --steps,\\n                      si donné), avec son titre et sa note ; NOTES : le\\n                      fichier de notes (par défaut : FICHIER.notes, comme weft view l\'enregistre)\\n      --compare AUTRE les diapositives montrent l\'exécution d\'AUTRE sous celle de\\n                      FICHIER, à une tête de lecture partagée (une exécution boguée et sa correction)\\n      --shared-playhead event|time  le même numéro d\'événement (par défaut), ou\\n                      le même temps depuis le début de chaque exécution\\n  -h, --help          cette aide\\n\\nExemple : weft render philosophers.weft -o philosophers.png --from 10ms --to 40ms\\n',
}
