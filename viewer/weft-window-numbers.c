/* weft-window-numbers.c: the statistics pane: per thread, per lock, per
 * channel, the numbers `weft report` gives (same computation); a row
 * selects its thread or object, to step through it with < > or o. Each
 * row's tooltip has the exact nanoseconds. */
#include <string.h>

#include "weft-stats.h"
#include "weft-viewer-private.h"
#include "weft-window-private.h"

/* weft_wait_kind_name()'s identifiers, for people (the tooltips keep the
 * identifiers of `weft report --json`). */
static const char *const wait_labels[WEFT_WAIT_KIND_COUNT] = {
    N_("mutex"), N_("rwlock"), N_("spinlock"), N_("semaphore"), N_("condition variable"),
    N_("barrier"), N_("join"), N_("sleep"), N_("channel send"), N_("channel receive"),
    N_("select"), N_("wait group")};

static char *dur(uint64_t ns) {
  char buf[48];
  weft_format_duration(buf, sizeof buf, (double)ns);
  return g_strdup(buf);
}

static void on_row_clicked(GtkButton *b, WeftWindow *self) {
  guint32 ev = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(b), "event"));
  weft_window_select_and_reveal(self, ev);
}

/* A row: the name in bold, the numbers under it; selects `first`. */
static void add_row(WeftWindow *self, const char *kind, const char *name, const char *numbers,
                    const char *exact, size_t first) {
  char *markup = g_markup_printf_escaped("<b>%s</b>\n<span alpha='75%%'>%s</span>", name, numbers);
  GtkWidget *l = gtk_label_new(NULL);
  gtk_label_set_markup(GTK_LABEL(l), markup);
  gtk_label_set_xalign(GTK_LABEL(l), 0);
  gtk_label_set_wrap(GTK_LABEL(l), TRUE);
  gtk_label_set_wrap_mode(GTK_LABEL(l), PANGO_WRAP_WORD_CHAR);
  GtkWidget *b = gtk_button_new();
  gtk_button_set_child(GTK_BUTTON(b), l);
  gtk_widget_add_css_class(b, "flat");
  gtk_widget_add_css_class(b, "numbers-row");
  gtk_widget_set_tooltip_text(b, exact);
  g_object_set_data(G_OBJECT(b), "event", GUINT_TO_POINTER((guint)first));
  g_object_set_data_full(G_OBJECT(b), "kind", g_strdup(kind), g_free);
  gtk_widget_set_sensitive(b, first != SIZE_MAX);
  g_signal_connect(b, "clicked", G_CALLBACK(on_row_clicked), self);
  gtk_box_append(GTK_BOX(self->numbers), b);
  g_free(markup);
}

static void add_heading(WeftWindow *self, const char *text) {
  GtkWidget *l = gtk_label_new(text);
  gtk_label_set_xalign(GTK_LABEL(l), 0);
  gtk_widget_add_css_class(l, "heading");
  gtk_box_append(GTK_BOX(self->numbers), l);
}

/* The first event of a thread (object 0) or on an object (thread 0). */
static size_t first_event(const WeftEvent *ev, size_t n, uint32_t tid, uint32_t object) {
  for (size_t i = 0; i < n; i++)
    if ((tid && ev[i].thread == tid) || (object && ev[i].object == object))
      return i;
  return SIZE_MAX;
}

static const char *object_name(WeftWindow *self, uint32_t id) {
  const WeftObject *o = weft_trace_object(self->loaded->trace, id);
  return o ? o->name : "?";
}

static void add_threads(WeftWindow *self, const WeftStats *st, const WeftEvent *ev, size_t n) {
  add_heading(self, _("Threads"));
  for (size_t i = 0; i < st->nthreads; i++) {
    const WeftThreadStats *t = &st->threads[i];
    size_t waits = 0;
    for (size_t k = 0; k < n; k++)
      waits += ev[k].thread == t->id && weft_event_begins_wait(ev[k].type);
    GString *why = g_string_new(NULL), *exact = g_string_new(NULL);
    g_string_printf(exact, _("running %llu ns"), (unsigned long long)t->running);
    for (int k = 0; k < WEFT_WAIT_KIND_COUNT; k++)
      if (t->blocked[k]) {
        char *d = dur(t->blocked[k]);
        g_string_append_printf(why, "%s%s %s", why->len ? ", " : "", _(wait_labels[k]), d);
        g_string_append_printf(exact, "\n%s %llu ns", weft_wait_kind_name(k),
                               (unsigned long long)t->blocked[k]);
        g_free(d);
      }
    char *run = dur(t->running), *blocked = dur(t->blocked_total);
    char *text = why->len ? g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "running %s · blocked %s (%s) · %zu wait",
                                                        "running %s · blocked %s (%s) · %zu waits", waits),
                                            run, blocked, why->str, waits)
                          : g_strdup_printf(_("running %s, never blocked"), run);
    add_row(self, "thread", weft_window_thread_name(self, t->id), text, exact->str,
            first_event(ev, n, t->id, 0));
    g_free(text);
    g_free(run);
    g_free(blocked);
    g_string_free(why, TRUE);
    g_string_free(exact, TRUE);
  }
}

static void add_locks(WeftWindow *self, const WeftStats *st, const WeftEvent *ev, size_t n) {
  if (!st->nlocks)
    return;
  add_heading(self, _("Locks"));
  for (size_t i = 0; i < st->nlocks; i++) {
    const WeftLockStats *l = &st->locks[i];
    char *wt = dur(l->wait_total), *wm = dur(l->wait_max), *ht = dur(l->hold_total),
         *hm = dur(l->hold_max);
    char *acq = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%llu acquisition", "%llu acquisitions",
                                            l->acquisitions),
                                (unsigned long long)l->acquisitions);
    char *text = g_strdup_printf(_("%s, %llu contended · waited %s (at most %s) · held %s (at "
                                   "most %s)"),
                                 acq, (unsigned long long)l->contended, wt, wm, ht, hm);
    g_free(acq);
    if (l->top_holder[0]) {
      char *t2 = g_strdup_printf(_("%s · held longest by %s"), text,
                                 weft_window_thread_name(self, l->top_holder[0]));
      g_free(text);
      text = t2;
    }
    char *exact = g_strdup_printf(_("waited %llu ns, at most %llu ns\nheld %llu ns, at most %llu ns"),
                                  (unsigned long long)l->wait_total, (unsigned long long)l->wait_max,
                                  (unsigned long long)l->hold_total, (unsigned long long)l->hold_max);
    add_row(self, "lock", object_name(self, l->object), text, exact,
            first_event(ev, n, 0, l->object));
    g_free(exact);
    g_free(text);
    g_free(wt);
    g_free(wm);
    g_free(ht);
    g_free(hm);
  }
}

/* The most values a channel held at once: sends less receives, by message. */
static uint64_t max_queue(const WeftEvent *ev, size_t n, uint32_t object) {
  int64_t q = 0, max = 0;
  for (size_t i = 0; i < n; i++)
    if (ev[i].object == object) {
      if (ev[i].type == WEFT_EV_CHAN_SEND)
        q++;
      else if (ev[i].type == WEFT_EV_CHAN_RECV && ev[i].arg)
        q--;
      if (q > max)
        max = q;
    }
  return (uint64_t)max;
}

static void add_channels(WeftWindow *self, const WeftStats *st, const WeftEvent *ev, size_t n) {
  if (!st->nchans)
    return;
  add_heading(self, _("Channels"));
  for (size_t i = 0; i < st->nchans; i++) {
    const WeftChanStats *c = &st->chans[i];
    char *sb = dur(c->send_blocked), *rb = dur(c->recv_blocked);
    uint64_t mq = c->capacity ? max_queue(ev, n, c->object) : 0;
    char *size = c->capacity ? g_strdup_printf(_("capacity %llu, at most %llu queued"),
                                               (unsigned long long)c->capacity,
                                               (unsigned long long)mq)
                             : g_strdup(_("unbuffered"));
    char *sends = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%llu send", "%llu sends", c->sends),
                                  (unsigned long long)c->sends);
    char *recvs = g_strdup_printf(
        g_dngettext(GETTEXT_PACKAGE, "%llu receive", "%llu receives", c->receives),
        (unsigned long long)c->receives);
    char *text = g_strdup_printf(_("%s · %s, %s · senders blocked %s, receivers blocked %s%s"), size,
                                 sends, recvs, sb, rb, c->closed ? _(" · closed") : "");
    g_free(size);
    g_free(sends);
    g_free(recvs);
    char *exact = g_strdup_printf(_("senders blocked %llu ns\nreceivers blocked %llu ns"),
                                  (unsigned long long)c->send_blocked,
                                  (unsigned long long)c->recv_blocked);
    add_row(self, "channel", object_name(self, c->object), text, exact,
            first_event(ev, n, 0, c->object));
    g_free(exact);
    g_free(text);
    g_free(sb);
    g_free(rb);
  }
}

void weft_window_update_numbers(WeftWindow *self) {
  GtkWidget *c;
  while ((c = gtk_widget_get_first_child(self->numbers)))
    gtk_box_remove(GTK_BOX(self->numbers), c);
  if (!self->loaded)
    return;
  WeftStats *st = weft_stats_compute(self->loaded->trace);
  if (!st)
    return;
  size_t n;
  const WeftEvent *ev = weft_window_events(self, &n);
  add_threads(self, st, ev, n);
  add_locks(self, st, ev, n);
  add_channels(self, st, ev, n);
  weft_stats_free(st);
}
