TR = {
'%s reaps child process %llu, which had already ended': '%s recueille le processus enfant %llu, qui avait déjà fini',
'weft record: %u process the program started still ran: weft ended it too\\n':
 ('weft record : %u processus lancé par le programme tournait encore : weft l\'a arrêté aussi\\n',
  'weft record : %u processus lancés par le programme tournaient encore : weft les a arrêtés aussi\\n'),
}
