/* crawler: a parallel web crawler with a bounded number of fetchers.
 *
 * Course mini-project: "Crawler web parallèle : exploration de liens en
 * parallèle, synchronisation des résultats." (Go's tour ends with the same
 * exercise, "Web Crawler".)
 *
 *     crawler [--depth N] [--fetchers N] [SOURCE] [START]
 *
 * SOURCE, where the pages come from:
 *     --graph FILE   a link graph, offline (default: data/sites/graph.txt)
 *     --serve DIR    real HTTP: starts a tiny static server on 127.0.0.1
 *                    (a free port) serving DIR, and crawls it
 *                    (data/sites/site has the same pages as graph.txt)
 *     --http PORT    real HTTP from a server already on 127.0.0.1:PORT, e.g.
 *                    python3 -m http.server -b 127.0.0.1 -d data/sites/site 8000
 * START is the first page (default /index.html). Only links that stay on the
 * site (they start with '/') are followed.
 *
 * How it is parallel: N `fetcher-K` threads take pages from the `todo`
 * channel, fetch them (the slow part: 3 ms a page offline, a TCP round trip
 * over HTTP) and record what they found in the visited set -- shared by all
 * fetchers, so guarded by the mutex `visited_mu`. A page enters the visited
 * set when it is first seen, so it is fetched once even if ten pages link to
 * it. main hands out the pages one depth at a time and waits for the
 * level's WaitGroup: the crawl is breadth-first, so every page is reached
 * at its shortest distance and the result is the same on every run,
 * whatever the scheduling.
 *
 * In the viewer: the fetcher lanes busy in parallel, at most N at a time;
 * short waits on `visited_mu`; main blocked on the WaitGroup between levels.
 * With --serve, the `http-server` lane answers them one by one. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "chat-net.h"
#include "sample-util.h"
#include "weft-chan.h"

#ifndef WEFT_DATA_DIR
#define WEFT_DATA_DIR "data"
#endif

#define MAX_PAGES 256
#define MAX_LINKS 32
#define URL 128

/* ---- where pages come from --------------------------------------------- */

typedef struct {
  char url[URL];
  int nlinks;
  char links[MAX_LINKS][URL];
} GraphPage;

static GraphPage graph[MAX_PAGES]; /* offline mode: read once, then read-only */
static int graph_size;
static int http_port; /* HTTP mode when not 0 */

static void load_graph(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) {
    perror(path);
    exit(1);
  }
  char line[4096];
  while (fgets(line, sizeof line, f) && graph_size < MAX_PAGES) {
    char *colon = strchr(line, ':');
    if (line[0] != '/' || !colon)
      continue; /* comments, blank lines */
    GraphPage *p = &graph[graph_size++];
    *colon = '\0';
    snprintf(p->url, sizeof p->url, "%.*s", URL - 1, line);
    for (char *tok = strtok(colon + 1, " \t\r\n"); tok && p->nlinks < MAX_LINKS;
         tok = strtok(NULL, " \t\r\n"))
      snprintf(p->links[p->nlinks++], URL, "%.*s", URL - 1, tok);
  }
  fclose(f);
}

typedef struct {
  int nlinks;
  char links[MAX_LINKS][URL];
  char error[64]; /* empty when the fetch worked */
} Fetched;

/* The fake fetcher: the page's links from the graph, after a delay that
 * stands for the network. Read-only data: no lock needed. */
static void fetch_offline(const char *url, Fetched *out) {
  sample_sleep_ms(3);
  for (int i = 0; i < graph_size; i++)
    if (strcmp(graph[i].url, url) == 0) {
      out->nlinks = graph[i].nlinks;
      memcpy(out->links, graph[i].links, sizeof out->links);
      return;
    }
  snprintf(out->error, sizeof out->error, "not found");
}

/* Every href="..." of an HTML page. */
static void parse_links(const char *html, Fetched *out) {
  for (const char *p = strstr(html, "href=\""); p && out->nlinks < MAX_LINKS;
       p = strstr(p, "href=\"")) {
    p += 6;
    const char *end = strchr(p, '"');
    if (!end)
      break;
    snprintf(out->links[out->nlinks++], URL, "%.*s", (int)(end - p), p);
    p = end;
  }
}

/* GET url over HTTP/1.0 from 127.0.0.1:http_port. */
static void fetch_http(const char *url, Fetched *out) {
  int fd = connect_loopback(http_port);
  if (fd < 0) {
    snprintf(out->error, sizeof out->error, "connect: %s", strerror(errno));
    return;
  }
  char req[URL + 64];
  snprintf(req, sizeof req, "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", url);
  static const size_t cap = 64 * 1024;
  char *body = malloc(cap + 1);
  size_t len = 0;
  if (body && write_all(fd, req, strlen(req)) == 0) {
    ssize_t n;
    while (len < cap && ((n = read(fd, body + len, cap - len)) > 0 || (n < 0 && errno == EINTR)))
      if (n > 0)
        len += (size_t)n;
  }
  close(fd);
  if (!body)
    return;
  body[len] = '\0';
  int status = 0;
  if (sscanf(body, "HTTP/%*s %d", &status) != 1)
    snprintf(out->error, sizeof out->error, "bad response");
  else if (status != 200)
    snprintf(out->error, sizeof out->error, status == 404 ? "not found" : "HTTP %d", status);
  else
    parse_links(body, out);
  free(body);
}

/* ---- the tiny static server (--serve) ----------------------------------- */

typedef struct {
  int fd;
  const char *root;
} Server;

/* One request at a time: enough for a few fetchers, and easy to read. */
static void *http_server(void *p) {
  Server *s = p;
  for (;;) {
    int c = accept4(s->fd, NULL, NULL, SOCK_CLOEXEC);
    if (c < 0) {
      if (errno == EINTR || errno == ECONNABORTED)
        continue;
      return NULL; /* main shut the socket down: the crawl is over */
    }
    LineReader r = {.fd = c};
    char line[512], path[URL] = "";
    if (line_read(&r, line, sizeof line))
      sscanf(line, "GET %127s", path);
    while (line_read(&r, line, sizeof line) && line[0]) {
    } /* the headers, up to the blank line */
    char file[1024];
    FILE *f = NULL;
    if (path[0] == '/' && !strstr(path, "..")) { /* never outside the root */
      snprintf(file, sizeof file, "%s%s", s->root, path);
      f = fopen(file, "r");
    }
    char head[128], body[16384];
    size_t n = f ? fread(body, 1, sizeof body, f) : 0;
    if (f) {
      fclose(f);
      snprintf(head, sizeof head,
               "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: %zu\r\n\r\n", n);
    } else {
      n = (size_t)snprintf(body, sizeof body, "not found\n");
      snprintf(head, sizeof head, "HTTP/1.0 404 Not Found\r\nContent-Length: %zu\r\n\r\n", n);
    }
    write_all(c, head, strlen(head));
    write_all(c, body, n);
    close(c);
  }
}

/* ---- the crawl ---------------------------------------------------------- */

typedef struct {
  char url[URL];
  int depth;
  int nlinks;
  char error[64];
} Page;

/* The visited set, and what the fetchers found: guarded by visited_mu. */
static pthread_mutex_t visited_mu = PTHREAD_MUTEX_INITIALIZER;
static Page pages[MAX_PAGES];
static int npages;
static int next_level[MAX_PAGES]; /* indexes into pages: found at depth+1 */
static int nnext;
static int external_links;

/* Adds url at depth unless already seen; under visited_mu. */
static void visit_locked(const char *url, int depth) {
  for (int i = 0; i < npages; i++) /* a linear search: the site is small */
    if (strcmp(pages[i].url, url) == 0)
      return;
  if (npages == MAX_PAGES)
    return;
  Page *p = &pages[npages];
  snprintf(p->url, sizeof p->url, "%s", url);
  p->depth = depth;
  p->nlinks = -1; /* not fetched (yet) */
  next_level[nnext++] = npages++;
}

typedef struct {
  int page; /* index into pages */
  WeftChan *todo;
  WeftWaitGroup *level;
} Job;

typedef struct {
  WeftChan *todo;
} Fetcher;

static void *fetcher(void *p) {
  Fetcher *f = p;
  Job job;
  while (weft_chan_range(f->todo, &job)) {
    char url[URL];
    int depth;
    pthread_mutex_lock(&visited_mu);
    snprintf(url, sizeof url, "%s", pages[job.page].url); /* pages may be growing */
    depth = pages[job.page].depth;
    pthread_mutex_unlock(&visited_mu);

    Fetched got = {0};
    if (http_port)
      fetch_http(url, &got); /* the slow part, without the lock */
    else
      fetch_offline(url, &got);

    pthread_mutex_lock(&visited_mu);
    Page *page = &pages[job.page];
    page->nlinks = got.error[0] ? 0 : got.nlinks;
    snprintf(page->error, sizeof page->error, "%s", got.error);
    for (int i = 0; i < got.nlinks; i++) {
      if (got.links[i][0] != '/')
        external_links++; /* leaves the site: not followed */
      else
        visit_locked(got.links[i], depth + 1);
    }
    pthread_mutex_unlock(&visited_mu);
    weft_wg_done(job.level);
  }
  return NULL;
}

static int page_cmp(const void *a, const void *b) {
  const Page *x = a, *y = b;
  return x->depth != y->depth ? x->depth - y->depth : strcmp(x->url, y->url);
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);
  int depth = 4, nfetchers = 3;
  const char *graph_path = WEFT_DATA_DIR "/sites/graph.txt", *serve_root = NULL;
  const char *start = "/index.html";
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--depth") == 0 && i + 1 < argc)
      depth = (int)sample_parse_long(argv[++i], "--depth");
    else if (strcmp(argv[i], "--fetchers") == 0 && i + 1 < argc)
      nfetchers = (int)sample_parse_long(argv[++i], "--fetchers");
    else if (strcmp(argv[i], "--graph") == 0 && i + 1 < argc)
      graph_path = argv[++i];
    else if (strcmp(argv[i], "--serve") == 0 && i + 1 < argc)
      serve_root = argv[++i];
    else if (strcmp(argv[i], "--http") == 0 && i + 1 < argc)
      http_port = (int)sample_parse_long(argv[++i], "--http");
    else if (argv[i][0] == '/')
      start = argv[i];
    else {
      fprintf(stderr, "usage: crawler [--depth N] [--fetchers N] "
                      "[--graph FILE | --serve DIR | --http PORT] [START]\n");
      return 2;
    }
  }
  if (nfetchers < 1 || nfetchers > 64) {
    fprintf(stderr, "crawler: --fetchers must be between 1 and 64\n");
    return 2;
  }

  Server server = {-1, serve_root};
  pthread_t server_thread;
  if (serve_root) {
    server.fd = listen_loopback(0, &http_port);
    if (server.fd < 0) {
      perror("crawler: listen");
      return 1;
    }
    weft_go_named("http-server", http_server, &server, &server_thread);
    printf("serving %s on http://127.0.0.1:%d/\n", serve_root, http_port);
  } else if (!http_port) {
    load_graph(graph_path);
  }

  WeftChan *todo = weft_chan_make_named(sizeof(Job), 0, "todo");
  Fetcher f = {todo};
  pthread_t fetchers[64];
  for (int i = 0; i < nfetchers; i++) {
    char name[32];
    snprintf(name, sizeof name, "fetcher-%d", i + 1);
    weft_go_named(name, fetcher, &f, &fetchers[i]);
  }

  pthread_mutex_lock(&visited_mu);
  visit_locked(start, 0);
  pthread_mutex_unlock(&visited_mu);

  /* One level at a time: hand out the pages found at distance d, wait for
   * them all, then the pages they revealed are the next level. */
  int fetched = 0;
  for (int d = 0; d < depth; d++) {
    int level[MAX_PAGES], n;
    pthread_mutex_lock(&visited_mu);
    n = nnext;
    memcpy(level, next_level, sizeof *level * (size_t)n);
    nnext = 0;
    pthread_mutex_unlock(&visited_mu);
    if (n == 0)
      break;
    WeftWaitGroup wg = WEFT_WAITGROUP_INIT;
    weft_wg_add(&wg, n);
    for (int i = 0; i < n; i++) {
      Job job = {level[i], todo, &wg};
      weft_chan_send(todo, &job); /* a free fetcher takes it */
    }
    weft_wg_wait(&wg);
    fetched += n;
  }
  weft_chan_close(todo);
  for (int i = 0; i < nfetchers; i++)
    pthread_join(fetchers[i], NULL);
  if (serve_root) {
    shutdown(server.fd, SHUT_RDWR); /* ends the server's accept loop */
    pthread_join(server_thread, NULL);
    close(server.fd);
  }
  weft_chan_free(todo);

  /* Only main runs now: no lock needed any more. */
  qsort(pages, (size_t)npages, sizeof *pages, page_cmp);
  int errors = 0, beyond = 0;
  for (int i = 0; i < npages; i++) {
    Page *p = &pages[i];
    if (p->nlinks < 0) {
      beyond++;
      printf("depth %d  %-24s not fetched (depth limit)\n", p->depth, p->url);
    } else if (p->error[0]) {
      errors++;
      printf("depth %d  %-24s error: %s\n", p->depth, p->url, p->error);
    } else {
      printf("depth %d  %-24s %d link%s\n", p->depth, p->url, p->nlinks, p->nlinks == 1 ? "" : "s");
    }
  }
  printf("fetched %d pages (%d errors) with %d fetchers, depth limit %d; "
         "%d more pages beyond it; %d external link(s) not followed\n",
         fetched, errors, nfetchers, depth, beyond, external_links);
  return 0;
}
