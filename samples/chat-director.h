/* chat-director.h: runs a chat script with bots against a chat server.
 * Used by chat-bots (a program of its own) and by `chat-server --demo`
 * (the same bots as threads of the server, so one trace shows the scene). */
#pragma once

#include <stdbool.h>

/* Connects the script's bots to 127.0.0.1:port and plays the script step by
 * step (see data/chat/script.txt). After each step, waits until every bot
 * still connected has received the line the server broadcast, and checks
 * its text. Prints one line per step. 0 when every step was heard as
 * expected, 1 otherwise. */
int chat_director_run(int port, const char *script_path);
