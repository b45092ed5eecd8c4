/* weft-annotate.h: user annotations, as Go's trace regions and logs.
 *
 *   #include <weft/weft-annotate.h>
 *   WEFT_REGION_BEGIN("parse");  ...  WEFT_REGION_END("parse");
 *   WEFT_LOG("jobs", "queued job %d", id);
 *
 * Header only, no library to link. The functions are weak references: when
 * the program runs without weft they are NULL and a macro costs one test and
 * branch; under `weft record` the preload defines them and they become events.
 */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

extern void weft_region_begin(const char *name) __attribute__((weak));
extern void weft_region_end(const char *name) __attribute__((weak));
extern void weft_log(const char *category, const char *format, ...)
    __attribute__((weak, format(printf, 2, 3)));
/* Gives a name to a synchronisation object (a heap mutex, a channel). */
extern void weft_name_object(const void *object, const char *name) __attribute__((weak));

#define WEFT_REGION_BEGIN(name)                                                          \
  do {                                                                                   \
    if (weft_region_begin)                                                               \
      weft_region_begin(name);                                                           \
  } while (0)
#define WEFT_REGION_END(name)                                                            \
  do {                                                                                   \
    if (weft_region_end)                                                                 \
      weft_region_end(name);                                                             \
  } while (0)
#define WEFT_LOG(category, ...)                                                          \
  do {                                                                                   \
    if (weft_log)                                                                        \
      weft_log(category, __VA_ARGS__);                                                   \
  } while (0)
#define WEFT_NAME_OBJECT(object, name)                                                   \
  do {                                                                                   \
    if (weft_name_object)                                                                \
      weft_name_object(object, name);                                                    \
  } while (0)

#ifdef __cplusplus
}
#endif
