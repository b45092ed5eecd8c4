/* chat-server: a concurrent TCP chat server, one thread per client side.
 *
 * Course mini-project: "Serveur de chat concurrent : chaque client est géré
 * par une goroutine, messages transmis via channels."
 *
 *     chat-server [PORT]            # 0 (the default) picks a free port
 *     chat-server --demo [SCRIPT]   # also plays data/chat/script.txt with bots
 *     chat-server --demo --processes [SCRIPT]   # the bots in a process of their own
 *     chat-server --bug [PORT]      # the classic bug below, for the stuck dump
 *
 * Listens on 127.0.0.1 only. A client sends its name as its first line, then
 * one chat message a line; everyone connected receives "* NAME joined",
 * "NAME: message" and "* NAME left". Try it with `nc 127.0.0.1 PORT`.
 *
 * The threads, as the goroutines of Go's classic chat server:
 *   main       accepts connections
 *   hub        owns the list of clients; the only thread that touches it, so
 *              it needs no mutex. It waits in a select on `events` (joins,
 *              messages, leaves from every client) and on `quit`.
 *   client-N   reads the lines of client N and sends them to the hub
 *   writer-N   writes what the hub puts in client N's `outbox` channel to
 *              its socket, so one slow client never holds up the others
 *   signals    waits for SIGINT/SIGTERM (sigwait) and starts the shutdown
 *
 * Clean shutdown on Ctrl-C: the signals thread closes `quit` and shuts the
 * listening socket down; main stops accepting; the hub says goodbye to every
 * client, closes their outboxes and shuts their sockets down; every thread
 * returns and is joined; main prints a summary and exits 0. With --demo a
 * `director` thread and one `bot-NAME` thread per bot play the script, then
 * the director sends the process a SIGINT: the same shutdown as a Ctrl-C.
 * With --processes the bots and their director run in a child process, forked
 * before the server starts any thread (a threaded process's child may only
 * exec or _exit), and a `wait-bots` thread waits for it in waitpid before the
 * SIGINT: weft shows both processes on one timeline, the fork, and the bots'
 * exit joined to that waitpid.
 *
 * The bug (--bug): when a client leaves, the hub announces it by sending a
 * message on `events`, as clients do. But the hub is the only thread that
 * receives from `events`, and it is busy sending: it blocks for ever, then
 * every client blocks sending to it, while main still waits in accept(). No
 * deadlock can be proven (a new client could connect), so the program just
 * hangs: `weft record`'s watch prints every thread's state (the stuck dump),
 * where the hub "waits to send on events". Go's chat servers have the bug too
 * when the hub writes to its own unbuffered channel.
 *
 * In the viewer: the hub lane in select most of the time; at each message,
 * an arrow from a client-N lane into `events`, then arrows from the hub into
 * every outbox and on to the writer-N lanes. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chat-director.h"
#include "chat-net.h"
#include "sample-util.h"
#include "weft-chan.h"

#ifndef WEFT_DATA_DIR
#define WEFT_DATA_DIR "data"
#endif

#define MAX_CLIENTS 64
#define LINE 256
#define OUTBOX 32

typedef struct Client {
  int id;
  int fd;
  char name[32];
  WeftChan *outbox; /* lines for this client, written by writer-N */
  pthread_t reader, writer;
} Client;

enum { EV_JOIN, EV_SAY, EV_LEAVE };

typedef struct {
  int kind;
  Client *client;
  char text[LINE];
} Event;

static WeftChan *events; /* every client -> the hub */
static WeftChan *quit;   /* closed to shut down (never sent on) */
static int listen_fd;
static bool hub_bug; /* --bug: the hub sends to itself */

/* Sends an event to the hub, unless the server is shutting down. */
static bool to_hub(Event *ev) {
  WeftSelectCase cases[] = {WEFT_CASE_SEND(events, ev), WEFT_CASE_RECV(quit, NULL)};
  return weft_select(cases, 2, WEFT_SELECT_FOREVER) == 0;
}

/* client-N: the first line is the name, then every line is a message. */
static void *client_reader(void *p) {
  Client *c = p;
  LineReader r = {.fd = c->fd};
  Event ev = {.client = c};
  if (line_read(&r, c->name, sizeof c->name) && c->name[0]) {
    ev.kind = EV_JOIN;
    if (to_hub(&ev)) {
      ev.kind = EV_SAY;
      while (line_read(&r, ev.text, sizeof ev.text))
        if (!to_hub(&ev))
          break;
      ev.kind = EV_LEAVE;
      to_hub(&ev);
    }
  } else {
    weft_chan_close(c->outbox); /* never joined: the hub does not know us */
  }
  return NULL;
}

/* writer-N: outbox -> socket, until the hub closes the outbox. */
static void *client_writer(void *p) {
  Client *c = p;
  char line[LINE + 64];
  while (weft_chan_range(c->outbox, line)) {
    size_t n = strlen(line);
    line[n++] = '\n';
    write_all(c->fd, line, n); /* a client that has gone just misses lines */
  }
  /* Hang up: the client sees the end of the stream, and our reader, if it
   * still waits, wakes. The fd itself is closed by main at the very end, so
   * that its number is never reused while a thread could still use it. */
  shutdown(c->fd, SHUT_RDWR);
  return NULL;
}

/* Puts a line in every joined client's outbox. try_send: a client whose
 * outbox is full (it does not read) misses the line instead of blocking
 * the hub, and so everyone else. */
static void broadcast(Client **joined, int n, const char *line) {
  char buf[LINE + 64];
  snprintf(buf, sizeof buf, "%s", line);
  printf("server: %s\n", buf);
  for (int i = 0; i < n; i++)
    if (weft_chan_try_send(joined[i]->outbox, buf) == WEFT_SELECT_DEFAULT)
      printf("server: %s is not reading, dropped a line\n", joined[i]->name);
}

static void *hub(void *arg) {
  (void)arg;
  Client *joined[MAX_CLIENTS];
  int n = 0;
  char line[LINE + 64];
  for (;;) {
    Event ev;
    WeftSelectCase cases[] = {WEFT_CASE_RECV(events, &ev), WEFT_CASE_RECV(quit, NULL)};
    if (weft_select(cases, 2, WEFT_SELECT_FOREVER) == 1)
      break; /* quit closed */
    Client *c = ev.client;
    switch (ev.kind) {
    case EV_JOIN:
      joined[n++] = c;
      snprintf(line, sizeof line, "* %s joined", c->name);
      broadcast(joined, n, line);
      break;
    case EV_SAY:
      snprintf(line, sizeof line, "%s: %s", c->name, ev.text);
      broadcast(joined, n, line);
      break;
    case EV_LEAVE:
      for (int i = 0; i < n; i++)
        if (joined[i] == c) {
          joined[i] = joined[--n];
          break;
        }
      weft_chan_close(c->outbox); /* its writer ends and hangs up */
      if (hub_bug) { /* WRONG: only the hub receives from events */
        Event bye = {EV_SAY, c, ""};
        snprintf(bye.text, sizeof bye.text, "(%s left)", c->name);
        weft_chan_send(events, &bye);
      }
      snprintf(line, sizeof line, "* %s left", c->name);
      broadcast(joined, n, line);
      break;
    }
  }
  /* Shutting down: a last line for everyone still here, then hang up. */
  broadcast(joined, n, "* server shutting down");
  for (int i = 0; i < n; i++)
    weft_chan_close(joined[i]->outbox);
  return NULL;
}

static void *signals(void *arg) {
  sigset_t *set = arg;
  int sig;
  sigwait(set, &sig);
  printf("server: got %s, shutting down\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
  fflush(stdout);
  weft_chan_close(quit);
  shutdown(listen_fd, SHUT_RDWR); /* wakes main in accept() */
  return NULL;
}

typedef struct {
  int port;
  const char *script;
  int result;
  pid_t bots; /* --processes: the bots' process */
} Demo;

static void *director(void *p) {
  Demo *d = p;
  if (d->bots > 0) {
    int status;
    bool exited = waitpid(d->bots, &status, 0) == d->bots && WIFEXITED(status);
    d->result = exited ? WEXITSTATUS(status) : 1;
  } else {
    d->result = chat_director_run(d->port, d->script);
  }
  kill(getpid(), SIGINT); /* the demo is over: shut down as on a Ctrl-C */
  return NULL;
}

/* The bots in a child process: it connects and waits in the listen queue
 * until the server's threads run. */
static pid_t fork_bots(int port, const char *script) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    sigset_t none;
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
    exit(chat_director_run(port, script));
  }
  return pid;
}

int main(int argc, char **argv) {
  /* Before any thread exists: SIGINT and SIGTERM are blocked in every thread
   * (they inherit the mask) and only `signals` takes them, with sigwait. */
  static sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);

  sample_watchdog_start(&argc, argv);
  bool demo = argc > 1 && strcmp(argv[1], "--demo") == 0;
  hub_bug = argc > 1 && strcmp(argv[1], "--bug") == 0;
  int port = 0;
  if (!demo && argc > 1 + hub_bug)
    port = (int)sample_parse_long(argv[1 + hub_bug], "port");
  bool processes = demo && argc > 2 && strcmp(argv[2], "--processes") == 0;
  int script_arg = 2 + processes;
  Demo d = {0, demo && argc > script_arg ? argv[script_arg] : WEFT_DATA_DIR "/chat/script.txt", 0,
            0};

  listen_fd = listen_loopback(port, &port);
  if (listen_fd < 0) {
    perror("chat-server: listen");
    return 1;
  }
  printf("listening on 127.0.0.1:%d (pid %d)\n", port, (int)getpid());
  fflush(stdout);
  if (processes && (d.bots = fork_bots(port, d.script)) < 0) {
    perror("chat-server: fork");
    return 1;
  }

  events = weft_chan_make_named(sizeof(Event), 0, "events");
  quit = weft_chan_make_named(0, 0, "quit");
  pthread_t hub_thread, signals_thread, director_thread;
  weft_go_named("hub", hub, NULL, &hub_thread);
  weft_go_named("signals", signals, &stop_signals, &signals_thread);
  if (demo) {
    d.port = port;
    weft_go_named(processes ? "wait-bots" : "director", director, &d, &director_thread);
  }

  static Client clients[MAX_CLIENTS];
  int nclients = 0;
  for (;;) {
    int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED)
        continue;
      break; /* the listening socket was shut down: quit */
    }
    if (nclients == MAX_CLIENTS) {
      close(fd);
      continue;
    }
    Client *c = &clients[nclients];
    c->id = ++nclients;
    c->fd = fd;
    char name[32]; /* thread names keep 15 characters */
    snprintf(name, sizeof name, "outbox-%d", c->id);
    c->outbox = weft_chan_make_named(LINE + 64, OUTBOX, name);
    snprintf(name, sizeof name, "client-%d", c->id);
    weft_go_named(name, client_reader, c, &c->reader);
    snprintf(name, sizeof name, "writer-%d", c->id);
    weft_go_named(name, client_writer, c, &c->writer);
  }

  pthread_join(signals_thread, NULL);
  pthread_join(hub_thread, NULL);
  /* Wakes the readers of clients still connected (and of any that never
   * sent a name, whose writer then ends too). */
  for (int i = 0; i < nclients; i++)
    shutdown(clients[i].fd, SHUT_RDWR);
  for (int i = 0; i < nclients; i++) {
    pthread_join(clients[i].reader, NULL);
    pthread_join(clients[i].writer, NULL);
    close(clients[i].fd);
    weft_chan_free(clients[i].outbox);
  }
  if (demo)
    pthread_join(director_thread, NULL);
  close(listen_fd);
  weft_chan_free(events);
  weft_chan_free(quit);
  printf("server: shut down cleanly after %d client%s\n", nclients, nclients == 1 ? "" : "s");
  return demo ? d.result : 0;
}
