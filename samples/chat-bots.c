/* chat-bots: a scripted client for chat-server.
 *
 *     chat-server 0              # prints "listening on 127.0.0.1:PORT"
 *     chat-bots PORT [SCRIPT]    # SCRIPT: data/chat/script.txt by default
 *
 * Connects the script's bots (one thread each), has them join, talk and
 * leave, and checks that every bot hears every broadcast. Exit status 0 when
 * all went as expected. `chat-server --demo` runs the same bots inside the
 * server, so that one `weft record` shows both sides. */
#include <stdio.h>
#include <stdlib.h>

#include "chat-director.h"
#include "sample-util.h"

#ifndef WEFT_DATA_DIR
#define WEFT_DATA_DIR "data"
#endif

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: chat-bots PORT [SCRIPT]\n");
    return 2;
  }
  int port = (int)sample_parse_long(argv[1], "port");
  const char *script = argc > 2 ? argv[2] : WEFT_DATA_DIR "/chat/script.txt";
  return chat_director_run(port, script);
}
