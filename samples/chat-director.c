/* chat-director.c: the chat bots and the director that scripts them.
 *
 * Each bot is a thread ("bot-NAME") that only listens: it reads the lines
 * the server sends on its socket and reports each one on the `heard`
 * channel. The director thread speaks for the bots (it writes on their
 * sockets) and, after each step, waits on `heard` until every connected
 * bot has received the expected broadcast. That handshake is what makes the
 * conversation -- and the test's counts -- the same on every run. */
#include "chat-director.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "chat-net.h"
#include "weft-chan.h"

#define MAX_BOTS 16
#define LINE 256

typedef struct {
  char name[32];
  int fd;
  bool connected;
  long heard_lines;
  pthread_t thread;
  WeftChan *heard; /* shared by all bots */
} Bot;

typedef struct {
  Bot *bot;
  char line[LINE];
} Heard;

static void *bot_listen(void *p) {
  Bot *b = p;
  LineReader r = {.fd = b->fd};
  Heard h = {.bot = b};
  while (line_read(&r, h.line, sizeof h.line))
    weft_chan_send(b->heard, &h);
  return NULL; /* the server closed our connection: we have left */
}

static Bot *find_bot(Bot *bots, int *nbots, const char *name, bool create) {
  for (int i = 0; i < *nbots; i++)
    if (strcmp(bots[i].name, name) == 0)
      return &bots[i];
  if (!create || *nbots == MAX_BOTS)
    return NULL;
  Bot *b = &bots[(*nbots)++];
  memset(b, 0, sizeof *b);
  snprintf(b->name, sizeof b->name, "%s", name);
  b->fd = -1;
  return b;
}

/* Waits until `count` bots have heard `expected`; false on a wrong line or
 * if nothing comes for 10 s (a loaded machine is slow, not that slow). */
static bool wait_heard(WeftChan *heard, int count, const char *expected) {
  for (int i = 0; i < count; i++) {
    Heard h;
    WeftSelectCase c[] = {WEFT_CASE_RECV(heard, &h)};
    if (weft_select(c, 1, 10 * WEFT_SECOND) != 0) {
      printf("  FAILED: only %d of %d bots heard \"%s\"\n", i, count, expected);
      return false;
    }
    h.bot->heard_lines++;
    if (strcmp(h.line, expected) != 0) {
      printf("  FAILED: %s heard \"%s\", expected \"%s\"\n", h.bot->name, h.line, expected);
      return false;
    }
  }
  return true;
}

int chat_director_run(int port, const char *script_path) {
  FILE *script = fopen(script_path, "r");
  if (!script) {
    perror(script_path);
    return 1;
  }
  WeftChan *heard = weft_chan_make_named(sizeof(Heard), 64, "heard");
  Bot bots[MAX_BOTS];
  int nbots = 0, connected = 0, step = 0, failed = 0;
  char text[LINE], expected[LINE + 64];

  while (!failed && fgets(text, sizeof text, script)) {
    text[strcspn(text, "\r\n")] = '\0';
    char name[32], verb[16];
    int consumed = 0;
    if (text[0] == '#' || sscanf(text, "%31s %15s %n", name, verb, &consumed) < 2)
      continue;
    const char *rest = text + consumed;
    step++;
    Bot *b = find_bot(bots, &nbots, name, strcmp(verb, "join") == 0);
    if (!b || (strcmp(verb, "join") == 0) == b->connected) {
      printf("step %d: bad step \"%s\"\n", step, text);
      failed = 1;
      break;
    }
    if (strcmp(verb, "join") == 0) {
      b->fd = connect_loopback(port);
      if (b->fd < 0) {
        perror("connect");
        failed = 1;
        break;
      }
      b->connected = true;
      b->heard = heard;
      connected++;
      char tname[48]; /* thread names keep 15 characters */
      snprintf(tname, sizeof tname, "bot-%s", b->name);
      weft_go_named(tname, bot_listen, b, &b->thread);
      char hello[40];
      snprintf(hello, sizeof hello, "%s\n", b->name); /* first line: our name */
      write_all(b->fd, hello, strlen(hello));
      snprintf(expected, sizeof expected, "* %s joined", b->name);
    } else if (strcmp(verb, "say") == 0) {
      char line[LINE + 1];
      snprintf(line, sizeof line, "%s\n", rest);
      write_all(b->fd, line, strlen(line));
      snprintf(expected, sizeof expected, "%s: %s", b->name, rest);
    } else if (strcmp(verb, "leave") == 0) {
      shutdown(b->fd, SHUT_WR); /* the server sees the end of our stream */
      b->connected = false;
      connected--;
      snprintf(expected, sizeof expected, "* %s left", b->name);
    } else {
      printf("step %d: unknown verb \"%s\"\n", step, verb);
      failed = 1;
      break;
    }
    printf("step %d: %s -> heard by %d bot%s\n", step, expected, connected,
           connected == 1 ? "" : "s");
    fflush(stdout);
    if (!wait_heard(heard, connected, expected))
      failed = 1;
    if (strcmp(verb, "leave") == 0 && !failed) {
      pthread_join(b->thread, NULL); /* ends when the server closes the connection */
      close(b->fd);
      b->fd = -1;
    }
  }
  fclose(script);
  for (int i = 0; i < nbots; i++) {
    if (bots[i].fd >= 0) { /* only after a failure: leave, so the bot thread ends */
      shutdown(bots[i].fd, SHUT_RDWR);
      pthread_join(bots[i].thread, NULL);
      close(bots[i].fd);
    }
    printf("%s heard %ld lines\n", bots[i].name, bots[i].heard_lines);
  }
  weft_chan_free(heard);
  printf("%d steps, %s\n", step, failed ? "FAILED" : "all heard as expected");
  return failed;
}
