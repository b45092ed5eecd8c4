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
