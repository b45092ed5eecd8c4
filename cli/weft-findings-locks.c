/* weft-findings-locks.c: inversions, order notes and leaks in words. */
#include "weft-findings-locks.h"

#include "weft-deadlock-text.h"
#include "weft-findings-text.h"
#include "weft-i18n.h"
#include "weft-thread-names.h"

static const char *object_name(const WeftTrace *t, uint32_t id) {
  const WeftObject *o = id ? weft_trace_object(t, id) : NULL;
  return o ? o->name : "?";
}

/* Both lines of one lock order: the fix moves one of them. */
static void print_edge_sites(FILE *out, const WeftTrace *t, const WeftLockEdge *e, const char *a,
                             const char *b) {
  fprintf(out, _("    %s was taken at:\n"), a);
  weft_findings_stack(out, t, e->first_stack, a, "      ");
  fprintf(out, _("    %s was asked for at:\n"), b);
  weft_findings_stack(out, t, e->second_stack, b, "      ");
}

void weft_print_inversion(FILE *out, const WeftTrace *t, const WeftInversion *inv) {
  fprintf(out, _("\nPotential deadlock: locks taken in opposite orders (a lock-order inversion):\n"));
  for (size_t k = 0; k < inv->n; k++) {
    const WeftLockEdge *e = &inv->edges[k];
    char who[128];
    weft_thread_display_name(t, e->thread, who, sizeof who);
    const char *a = object_name(t, e->first), *b = object_name(t, e->second);
    fprintf(out, _("  %s asked for %s while holding %s.\n"), who, b, a);
    print_edge_sites(out, t, e, a, b);
  }
  fprintf(out, _("  This run did not deadlock, but another may: take these locks in one order "
                 "everywhere.\n"));
}

void weft_print_order_note(FILE *out, const WeftTrace *t, const WeftInversion *inv) {
  char who[128];
  weft_thread_display_name(t, inv->edges[0].thread, who, sizeof who);
  fprintf(out, _("\nNote: %s took these locks in both orders:\n"), who);
  for (size_t k = 0; k < inv->n; k++) {
    const WeftLockEdge *e = &inv->edges[k];
    const char *a = object_name(t, e->first), *b = object_name(t, e->second);
    fprintf(out, _("  %s while holding %s:\n"), b, a);
    print_edge_sites(out, t, e, a, b);
  }
  fprintf(out, _("  One thread alone cannot deadlock this way, but another thread running the "
                 "same path can: take these locks in one order everywhere.\n"));
}

void weft_print_leak(FILE *out, const WeftTrace *t, const WeftLeak *l) {
  char who[128];
  weft_thread_display_name(t, l->thread, who, sizeof who);
  const char *object = l->object ? object_name(t, l->object) : NULL;
  fprintf(out, _("  %s (thread %u) %s %s\n"), who, l->thread, weft_wait_phrase(l->event),
          object ? object : "");
  weft_findings_stack(out, t, l->stack, object, "      ");
}
