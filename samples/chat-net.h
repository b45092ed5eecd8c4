/* chat-net.h: the few socket helpers the chat server and its bots share. */
#pragma once

#include <stddef.h>
#include <sys/types.h>

/* A line reader on a socket: read() in chunks, hand out one line at a time. */
typedef struct {
  int fd;
  size_t len;
  char buf[1024];
} LineReader;

/* The next line, without its '\n' (a '\r' before it is dropped too), into
 * line (at most size-1 bytes; longer lines are cut). 1, or 0 at the end of
 * the stream or on an error. */
int line_read(LineReader *r, char *line, size_t size);

/* Writes all of buf; 0, or -1 if the peer has gone. */
int write_all(int fd, const char *buf, size_t len);

/* A TCP socket listening on 127.0.0.1:port (0: a free port); its port is
 * stored in *bound. -1 on error (errno set). */
int listen_loopback(int port, int *bound);

/* A TCP connection to 127.0.0.1:port, or -1. */
int connect_loopback(int port);
