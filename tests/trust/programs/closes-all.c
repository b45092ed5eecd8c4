/* Closes every descriptor the way daemons do, then uses the numbers:
 * closes-all closefrom|close_range|loop|dup2 N
 * then opens data.txt (and, for dup2, puts it on every number from 3 to 299),
 * writes "mine" into it, and locks a mutex N times. Prints what it read back. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg) {
  long n = (long)arg;
  for (long i = 0; i < n; i++) {
    pthread_mutex_lock(&mu);
    pthread_mutex_unlock(&mu);
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 3)
    return 2;
  const char *how = argv[1];
  long n = atol(argv[2]);
  worker((void *)(n / 2)); /* events before the closes, in the buffers */
  if (!strcmp(how, "closefrom"))
    closefrom(3);
  else if (!strcmp(how, "close_range"))
    close_range(3, ~0U, 0);
  else
    for (int fd = 3; fd < 1024; fd++)
      close(fd);
  int fd = open("data.txt", O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0)
    return 3;
  if (!strcmp(how, "dup2"))
    for (int k = 3; k < 300; k++)
      if (k != fd && dup2(fd, k) != k)
        return 4;
  pthread_t t;
  pthread_create(&t, NULL, worker, (void *)(n / 2));
  pthread_join(t, NULL);
  if (write(fd, "mine", 4) != 4)
    return 5;
  char back[64] = {0};
  if (pread(fd, back, sizeof back - 1, 0) < 0)
    return 6;
  printf("%s\n", back);
  return 0;
}
