/* Children reaped without a wait that blocks: each child ends at once and
 * main reaps it after it has ended, with waitpid (no flags), wait, wait4,
 * waitid, and a WNOHANG loop. Prints the children's pids, one a line. */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Until the child is a zombie: its end is past when main reaps it. */
static void until_ended(pid_t pid) {
  siginfo_t info;
  do
    info.si_pid = 0;
  while (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT | WNOHANG) == 0 && info.si_pid == 0 &&
         nanosleep(&(struct timespec){0, 2000000}, NULL) == 0);
}

static pid_t child(void) {
  pid_t pid = fork();
  if (pid == 0)
    _exit(0);
  printf("%d\n", (int)pid);
  fflush(stdout);
  until_ended(pid);
  return pid;
}

int main(void) {
  int status;
  pid_t a = child();
  if (waitpid(a, &status, 0) != a)
    return 1;
  pid_t b = child();
  if (wait(&status) != b)
    return 1;
  pid_t c = child();
  struct rusage ru;
  if (wait4(c, &status, 0, &ru) != c)
    return 1;
  pid_t d = child();
  siginfo_t info = {0};
  if (waitid(P_PID, (id_t)d, &info, WEXITED) != 0 || info.si_pid != d)
    return 1;
  pid_t e = child();
  while (waitpid(e, &status, WNOHANG) == 0)
    usleep(1000);
  return 0;
}
