TR = {
'Usage: weft export [OPTIONS] FILE\\n\\nWrites a trace as Chrome Trace Event JSON, which ui.perfetto.dev and\\nchrome://tracing open: one track per thread, states as slices, channel\\nmessages and lock hand-offs as flows, each finding of weft report as a\\nmarker with its explanation, and the bookmarks of FILE.notes.\\n\\nOptions:\\n  -o, --output OUT   where to write (default: FILE with .json; - for stdout)\\n  -h, --help         show this help\\n':
 'Usage : weft export [OPTIONS] FICHIER\\n\\nÉcrit une trace au format JSON Chrome Trace Event, qu\'ouvrent ui.perfetto.dev et\\nchrome://tracing : une piste par thread, les états en tranches, les messages\\ndes canaux et les passages de verrou en flèches, chaque constat de weft report\\nen repère avec son explication, et les signets de FICHIER.notes.\\n\\nOptions :\\n  -o, --output SORTIE  où écrire (par défaut : FICHIER en .json ; - pour la sortie standard)\\n  -h, --help           affiche cette aide\\n',
'weft export: warning: %s; exported without its bookmarks\\n':
 'weft export : attention : %s ; exporté sans ses signets\\n',
"weft export: memory ran out during the diagnosis: the findings in '%s' are incomplete\\n":
 "weft export : mémoire épuisée pendant le diagnostic : les constats de « %s » sont incomplets\\n",
'%s writes %s at %s while %s writes it at %s, with no lock or channel between them.':
 '%s écrit %s en %s pendant que %s écrit la même variable en %s, sans verrou ni canal entre les deux.',
'%s writes %s at %s while %s reads it at %s, with no lock or channel between them.':
 '%s écrit %s en %s pendant que %s lit la même variable en %s, sans verrou ni canal entre les deux.',
'%s reads %s at %s while %s writes it at %s, with no lock or channel between them.':
 '%s lit %s en %s pendant que %s écrit la même variable en %s, sans verrou ni canal entre les deux.',
}
