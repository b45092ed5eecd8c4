/* weft-source.c: finding a frame's source file. */
#include "weft-source.h"

#include <glib.h>
#include <string.h>

#include "weft-stack-view.h"

/* Directories looked into below each place, and entries read at most: a
 * source tree, not a whole disk. */
#define SEARCH_DEPTH 3
#define SEARCH_ENTRIES 4000

static char *search(const char *dir, const char *base, int depth, int *budget) {
  char *here = g_build_filename(dir, base, NULL);
  if (g_file_test(here, G_FILE_TEST_IS_REGULAR))
    return here;
  g_free(here);
  if (depth == 0)
    return NULL;
  GDir *d = g_dir_open(dir, 0, NULL);
  if (!d)
    return NULL;
  char *found = NULL;
  const char *name;
  while (!found && (name = g_dir_read_name(d)) && (*budget)-- > 0) {
    if (name[0] == '.')
      continue; /* .git and the like */
    char *sub = g_build_filename(dir, name, NULL);
    if (g_file_test(sub, G_FILE_TEST_IS_DIR) && !g_file_test(sub, G_FILE_TEST_IS_SYMLINK))
      found = search(sub, base, depth - 1, budget);
    g_free(sub);
  }
  g_dir_close(d);
  return found;
}

/* `name` joined to one of the places, the first that is a file. */
static char *under_places(const char *const *places, int n, const char *name) {
  for (int i = 0; i < n && name && *name; i++)
    if (places[i]) {
      char *p = g_build_filename(places[i], name, NULL);
      if (g_file_test(p, G_FILE_TEST_IS_REGULAR))
        return p;
      g_free(p);
    }
  return NULL;
}

char *weft_source_find(const char *compiled, const char *file, const char *trace_path,
                       const char *root) {
  if (compiled && g_path_is_absolute(compiled) && g_file_test(compiled, G_FILE_TEST_IS_REGULAR))
    return g_strdup(compiled);
  if (!file || !*file)
    return NULL;
  if (g_path_is_absolute(file) && g_file_test(file, G_FILE_TEST_IS_REGULAR))
    return g_strdup(file);
  char *trace_dir = trace_path ? g_path_get_dirname(trace_path) : NULL;
  const char *places[] = {trace_dir, root};
  /* a relative compiled path (weft pack keeps them relative to the
   * program's folder), then the name, as given under each place */
  char *found = compiled && !g_path_is_absolute(compiled) ? under_places(places, 2, compiled) : NULL;
  if (!found)
    found = under_places(places, 2, file);
  char *base = g_path_get_basename(file);
  for (int i = 0; i < 2 && !found; i++)
    if (places[i]) {
      int budget = SEARCH_ENTRIES;
      found = search(places[i], base, SEARCH_DEPTH, &budget);
    }
  g_free(base);
  g_free(trace_dir);
  return found;
}
