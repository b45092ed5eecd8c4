/* Runs a command with SIGINT and SIGQUIT at their default action: a shell's
 * background job starts with them ignored, and ignored signals are inherited. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 2)
    return 64;
  signal(SIGINT, SIG_DFL);
  signal(SIGQUIT, SIG_DFL);
  execvp(argv[1], argv + 1);
  perror(argv[1]);
  return 127;
}
