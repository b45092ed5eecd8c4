TR = {
'blocked in I/O or a system call': 'bloqué dans une E/S ou un appel système',
"%s is blocked in <b>%s</b> on <b>%s</b> <span alpha='60%%'>since %s</span>":
 "%s est bloqué dans <b>%s</b> sur <b>%s</b> <span alpha='60%%'>depuis %s</span>",
"%s is blocked in <b>%s</b> <span alpha='60%%'>since %s</span>":
 "%s est bloqué dans <b>%s</b> <span alpha='60%%'>depuis %s</span>",
'is blocked in a system call': 'est bloqué dans un appel système',
' on %s': ' sur %s',
}
