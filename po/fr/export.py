TR = {
'write a trace as JSON for Perfetto and chrome://tracing': 'écrit une trace en JSON pour Perfetto et chrome://tracing',
'Usage: weft export [OPTIONS] FILE\\n\\nWrites a trace as Chrome Trace Event JSON, which ui.perfetto.dev and\\nchrome://tracing open: one track per thread, states as slices, channel\\nmessages and lock hand-offs as flows, deadlocks and misuse as markers.\\n\\nOptions:\\n  -o, --output OUT   where to write (default: FILE with .json; - for stdout)\\n  -h, --help         show this help\\n':
 'Usage : weft export [OPTIONS] FICHIER\\n\\nÉcrit une trace au format JSON Chrome Trace Event, qu\'ouvrent ui.perfetto.dev et\\nchrome://tracing : une piste par thread, les états en tranches, les messages\\ndes canaux et les passages de verrou en flèches, interblocages et erreurs d\'usage en repères.\\n\\nOptions :\\n  -o, --output SORTIE  où écrire (par défaut : FICHIER en .json ; - pour la sortie standard)\\n  -h, --help           affiche cette aide\\n',
"weft export: %s needs a value; try 'weft export --help'\\n": "weft export : %s attend une valeur ; essayez « weft export --help »\\n",
"weft export: unknown option '%s'; try 'weft export --help'\\n": "weft export : option inconnue « %s » ; essayez « weft export --help »\\n",
'weft export: expected one trace file; usage: weft export FILE -o OUT.json\\n': 'weft export : un fichier de trace attendu ; usage : weft export FICHIER -o SORTIE.json\\n',
"weft export: cannot write '%s': %s\\n": "weft export : impossible d'écrire « %s » : %s\\n",
'weft: exported to %s; open it in ui.perfetto.dev or chrome://tracing\\n': 'weft : exporté dans %s ; ouvrez-le dans ui.perfetto.dev ou chrome://tracing\\n',
}
