/* weft-start.h: can a program start under the tracer? Every reason it cannot
 * (not found, not executable, a script without "#!", another architecture,
 * statically linked, setuid, a shared library missing) is found before it
 * runs and said in one line, so no trace file is begun for nothing. */
#pragma once

#include <stddef.h>

/* Finds NAME as execvp would, into path, and checks the file itself. 0, or
 * the exit status to use (127 not found, 126 cannot run) once it has printed
 * the reason on stderr. */
int weft_start_check_program(const char *name, char *path, size_t size);

/* Asks the program's own loader, in list mode (as ldd does; no code of the
 * program runs), whether its libraries and the preload load. 0, or the exit
 * status to use once it has printed the reason: 127 a library is missing, as
 * the loader's own status, 126 another loader error, 69 the preload does not
 * load. */
int weft_start_check_libraries(const char *name, const char *path, const char *preload);
