/* chat-net.c: socket helpers for the chat server and bots. */
#include "chat-net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int line_read(LineReader *r, char *line, size_t size) {
  for (;;) {
    char *nl = memchr(r->buf, '\n', r->len);
    if (nl || r->len == sizeof r->buf) {
      size_t n = nl ? (size_t)(nl - r->buf) : r->len;
      size_t keep = n > 0 && r->buf[n - 1] == '\r' ? n - 1 : n;
      if (keep > size - 1)
        keep = size - 1;
      memcpy(line, r->buf, keep);
      line[keep] = '\0';
      size_t used = nl ? n + 1 : n;
      memmove(r->buf, r->buf + used, r->len - used);
      r->len -= used;
      return 1;
    }
    ssize_t got = read(r->fd, r->buf + r->len, sizeof r->buf - r->len);
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0)
      return 0; /* end of stream (a last line without '\n' is dropped) */
    r->len += (size_t)got;
  }
}

int write_all(int fd, const char *buf, size_t len) {
  while (len > 0) {
    ssize_t n = send(fd, buf, len, MSG_NOSIGNAL); /* no SIGPIPE if the peer left */
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return -1;
    buf += n;
    len -= (size_t)n;
  }
  return 0;
}

int listen_loopback(int port, int *bound) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* 127.0.0.1 only, never the network */
  socklen_t alen = sizeof addr;
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 16) < 0 ||
      getsockname(fd, (struct sockaddr *)&addr, &alen) < 0) {
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
  }
  *bound = ntohs(addr.sin_port);
  return fd;
}

int connect_loopback(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
  }
  return fd;
}
