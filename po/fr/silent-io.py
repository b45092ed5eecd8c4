TR = {
'blocked in I/O or a system call': 'bloqué dans une E/S ou un appel système',
"%s is blocked in <b>%s</b> on <b>%s</b> <span alpha='60%%'>since %s</span>":
 "%s est bloqué dans <b>%s</b> sur <b>%s</b> <span alpha='60%%'>depuis %s</span>",
"%s is blocked in <b>%s</b> <span alpha='60%%'>since %s</span>":
 "%s est bloqué dans <b>%s</b> <span alpha='60%%'>depuis %s</span>",
'is blocked in a system call': 'est bloqué dans un appel système',
' on %s': ' sur %s',
"waits in %s for child process %lld":
 "attend dans %s le processus enfant %lld",
"waits in %s for a child process":
 "attend dans %s un processus enfant",
"is blocked in %s":
 "est bloqué dans %s",
" The child processes waited for are asleep for good themselves: their own traces say why.":
 " Les processus enfants attendus sont eux-mêmes endormis pour de bon : leurs propres traces disent pourquoi.",
}
