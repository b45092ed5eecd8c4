TR = {
'%s reaps child process %llu, which had already ended': '%s recueille le processus enfant %llu, qui avait déjà fini',
}
