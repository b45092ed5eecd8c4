/* weft-start.c: why a program cannot start under the tracer, in one line,
 * found before it runs. The kernel's and the loader's own words ("Exec format
 * error", "No such file or directory" for a missing interpreter) name the
 * symptom; a learner needs the cause and what to do. */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "weft-commands.h"
#include "weft-i18n.h"
#include "weft-start.h"

static int cannot_run(const char *name, const char *why) {
  fprintf(stderr, _("weft record: cannot run '%s': %s\n"), name, why);
  return WEFT_EXIT_NOEXEC;
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && !strcmp(s + n - k, suffix);
}

/* The program as execvp would find it: 0, or an errno. */
static int find_program(const char *prog, char *out, size_t size) {
  if (strchr(prog, '/')) {
    snprintf(out, size, "%s", prog);
  } else {
    const char *path = getenv("PATH");
    if (!path)
      path = "/usr/local/bin:/usr/bin:/bin";
    bool found = false;
    while (*path && !found) {
      const char *colon = strchr(path, ':');
      size_t len = colon ? (size_t)(colon - path) : strlen(path);
      snprintf(out, size, "%.*s/%s", (int)len, len ? path : ".", prog);
      found = access(out, F_OK) == 0;
      path += len + (colon ? 1 : 0);
    }
    if (!found)
      return ENOENT;
  }
  struct stat st;
  if (stat(out, &st) < 0)
    return errno;
  if (S_ISDIR(st.st_mode))
    return EISDIR;
  if (access(out, X_OK) < 0)
    return EACCES;
  return 0;
}

static const char *machine_name(unsigned machine, unsigned elf_class) {
  switch (machine) {
  case EM_X86_64: return "x86-64";
  case EM_386: return _("32-bit x86 (i386)");
  case EM_AARCH64: return "ARM64 (aarch64)";
  case EM_ARM: return _("32-bit ARM");
  case EM_RISCV: return elf_class == ELFCLASS32 ? "RISC-V 32" : "RISC-V 64";
  case EM_PPC64: return "POWER (ppc64)";
  case EM_S390: return "IBM Z (s390x)";
  case EM_MIPS: return "MIPS";
  default: return NULL;
  }
}

/* The ELF header of the file (class, data, type, machine), false if none. */
static bool read_ehdr(const char *path, unsigned char ident[EI_NIDENT], unsigned *type,
                      unsigned *machine) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  Elf64_Ehdr h; /* type and machine sit at the same offsets in both classes */
  bool ok = read(fd, &h, sizeof h) >= (ssize_t)offsetof(Elf64_Ehdr, e_version) &&
            !memcmp(h.e_ident, ELFMAG, SELFMAG);
  close(fd);
  if (ok) {
    memcpy(ident, h.e_ident, EI_NIDENT);
    *type = h.e_type;
    *machine = h.e_machine;
  }
  return ok;
}

static int check_machine(const char *name, const unsigned char *ident, unsigned machine) {
  unsigned char own[EI_NIDENT];
  unsigned own_type, own_machine;
  if (!read_ehdr("/proc/self/exe", own, &own_type, &own_machine))
    return 0;
  if (machine == own_machine && ident[EI_CLASS] == own[EI_CLASS] && ident[EI_DATA] == own[EI_DATA])
    return 0;
  const char *theirs = machine_name(machine, ident[EI_CLASS]);
  const char *ours = machine_name(own_machine, own[EI_CLASS]);
  char why[512], unknown[32];
  if (!theirs) {
    snprintf(unknown, sizeof unknown, _("machine %u"), machine);
    theirs = unknown;
  }
  if (ident[EI_CLASS] != own[EI_CLASS] &&
      (machine == own_machine || (machine == EM_386 && own_machine == EM_X86_64)))
    snprintf(why, sizeof why,
             _("it is a %d-bit program and weft traces %d-bit ones; build it without -m32"),
             ident[EI_CLASS] == ELFCLASS32 ? 32 : 64, own[EI_CLASS] == ELFCLASS32 ? 32 : 64);
  else
    snprintf(why, sizeof why,
             _("it is built for %s and this machine runs %s programs; build it here with cc"),
             theirs, ours ? ours : "?");
  return cannot_run(name, why);
}

/* PT_INTERP's path into interp (empty if none), and whether it has PT_DYNAMIC
 * and DF_1_PIE (an executable, not a shared library). */
static bool read_program_headers(const char *path, char *interp, size_t size, bool *dynamic,
                                 bool *pie) {
  *interp = 0;
  *dynamic = *pie = false;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  elf_version(EV_CURRENT);
  Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
  size_t n, raw_size;
  char *raw = elf ? elf_rawfile(elf, &raw_size) : NULL;
  bool ok = raw && elf_kind(elf) == ELF_K_ELF && elf_getphdrnum(elf, &n) == 0;
  for (size_t i = 0; ok && i < n; i++) {
    GElf_Phdr ph;
    if (!gelf_getphdr(elf, (int)i, &ph))
      continue;
    if (ph.p_type == PT_INTERP && ph.p_offset < raw_size && ph.p_filesz > 0)
      snprintf(interp, size, "%.*s", (int)(ph.p_filesz < raw_size - ph.p_offset ? ph.p_filesz
                                                                              : raw_size - ph.p_offset),
               raw + ph.p_offset);
    *dynamic = *dynamic || ph.p_type == PT_DYNAMIC;
  }
  for (Elf_Scn *scn = NULL; ok && (scn = elf_nextscn(elf, scn));) {
    GElf_Shdr sh;
    Elf_Data *data;
    if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_DYNAMIC || !(data = elf_getdata(scn, NULL)))
      continue;
    GElf_Dyn dyn;
    for (int k = 0; gelf_getdyn(data, k, &dyn); k++)
      if (dyn.d_tag == DT_FLAGS_1 && (dyn.d_un.d_val & DF_1_PIE))
        *pie = true;
  }
  if (elf)
    elf_end(elf);
  close(fd);
  return ok;
}

/* The loader drops LD_PRELOAD in a program that changes its user or group or
 * gains capabilities ("secure execution"): it would run untraced. */
static bool secure_execution(const char *path, const struct stat *st) {
  if ((st->st_mode & S_ISUID) && st->st_uid != getuid())
    return true;
  if ((st->st_mode & S_ISGID) && st->st_gid != getgid())
    return true;
  return getuid() != 0 && getxattr(path, "security.capability", NULL, 0) > 0;
}

static int check_script(const char *name, const char *head, size_t n) {
  char interp[PATH_MAX];
  size_t i = 2, k = 0;
  while (i < n && (head[i] == ' ' || head[i] == '\t'))
    i++;
  while (i < n && k + 1 < sizeof interp && head[i] != '\n' && head[i] != ' ' && head[i] != '\t')
    interp[k++] = head[i++];
  interp[k] = 0;
  char why[PATH_MAX + 256];
  if (k && interp[k - 1] == '\r') {
    snprintf(why, sizeof why,
             _("its first line ends with a carriage return (Windows line endings); convert "
               "it with: sed -i 's/\\r$//' %s"),
             name);
    return cannot_run(name, why);
  }
  if (!k)
    return cannot_run(name, _("its '#!' first line names no interpreter"));
  if (access(interp, X_OK) < 0) {
    snprintf(why, sizeof why, _("the interpreter '%s' on its first line does not exist"),
             interp);
    return cannot_run(name, why);
  }
  return 0;
}

int weft_start_check_program(const char *name, char *path, size_t size) {
  int err = find_program(name, path, size);
  bool here = !strchr(name, '/') && access(name, F_OK) == 0;
  if ((err == EACCES || (err == ENOENT && here)) && ends_with(name, ".c")) {
    char why[PATH_MAX + 128], out[PATH_MAX];
    snprintf(out, sizeof out, "%.*s", (int)strlen(name) - 2, name);
    snprintf(why, sizeof why, _("it is C source; build it first: cc -g -pthread %s -o %s"), name,
             out);
    return cannot_run(name, why);
  }
  if (err == ENOENT) {
    if (here)
      fprintf(stderr,
              _("weft record: program '%s' not found in PATH; for the one in this folder, "
                "write ./%s\n"),
              name, name);
    else
      fprintf(stderr, _("weft record: program '%s' not found\n"), name);
    return WEFT_EXIT_NOTFOUND;
  }
  if (err == EISDIR)
    return cannot_run(name, _("it is a folder"));
  struct stat st;
  if (err == EACCES && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
      !(st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH))) {
    char why[PATH_MAX + 64];
    snprintf(why, sizeof why, _("it is not executable; make it so with: chmod +x %s"), name);
    return cannot_run(name, why);
  }
  if (err)
    return cannot_run(name, strerror(err));
  if (stat(path, &st) < 0)
    return cannot_run(name, strerror(errno));

  char head[256];
  ssize_t n = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    n = read(fd, head, sizeof head);
    close(fd);
  }
  if (n < 0)
    return cannot_run(name, strerror(errno));
  if (n >= 2 && head[0] == '#' && head[1] == '!')
    return check_script(name, head, (size_t)n);
  unsigned char ident[EI_NIDENT];
  unsigned type, machine;
  if (!read_ehdr(path, ident, &type, &machine)) {
    if (memchr(head, 0, (size_t)n))
      return cannot_run(name, _("it is not a program: neither an executable (ELF) nor a script"));
    return cannot_run(name, _("it is a script without a '#!' first line; add one, such as "
                              "#!/bin/sh"));
  }
  int rc = check_machine(name, ident, machine);
  if (rc)
    return rc;
  if (type == ET_REL) {
    char why[PATH_MAX + 128];
    snprintf(why, sizeof why, _("it is an object file; link it first: cc -pthread %s -o PROGRAM"),
             name);
    return cannot_run(name, why);
  }
  char interp[PATH_MAX];
  bool dynamic, pie;
  if (type != ET_EXEC && type != ET_DYN)
    return cannot_run(name, _("it is not a program: neither an executable (ELF) nor a script"));
  if (!read_program_headers(path, interp, sizeof interp, &dynamic, &pie))
    return cannot_run(name, _("it is a damaged executable: its program headers cannot be read"));
  if (!*interp && type == ET_DYN && dynamic && !pie)
    return cannot_run(name, _("it is a shared library, not a program"));
  /* No interpreter: statically linked, so the dynamic loader never runs and
   * LD_PRELOAD cannot put the tracer in it. */
  if (!*interp) {
    fprintf(stderr, _("weft record: '%s' is statically linked; the tracer needs a dynamically "
                      "linked program (build it without -static)\n"),
            name);
    return WEFT_EXIT_NOEXEC;
  }
  if (access(interp, X_OK) < 0) {
    char why[PATH_MAX + 128];
    snprintf(why, sizeof why, _("its loader '%s' is not on this system (built for another one?)"),
             interp);
    return cannot_run(name, why);
  }
  if (secure_execution(path, &st)) {
    fprintf(stderr,
            _("weft record: cannot trace '%s': it is setuid, setgid or has capabilities, so the "
              "loader ignores LD_PRELOAD in it; trace a plain copy of it instead\n"),
            name);
    return WEFT_EXIT_NOEXEC;
  }
  return 0;
}

/* Runs LOADER PATH in list mode with the preload, as ldd does (`--list` stops
 * at the first missing library); its output into buf. */
static int loader_list(const char *loader, const char *path, const char *preload, char *buf,
                       size_t size) {
  int out[2];
  if (pipe2(out, O_CLOEXEC) < 0)
    return -1;
  pid_t pid = fork();
  if (pid < 0) {
    close(out[0]);
    close(out[1]);
    return -1;
  }
  if (pid == 0) {
    dup2(out[1], 1);
    dup2(out[1], 2);
    const char *old = getenv("LD_PRELOAD");
    char *ld = NULL;
    if (old && *old && asprintf(&ld, "%s:%s", preload, old) > 0)
      setenv("LD_PRELOAD", ld, 1);
    else
      setenv("LD_PRELOAD", preload, 1);
    setenv("LD_TRACE_LOADED_OBJECTS", "1", 1);
    execl(loader, loader, path, (char *)NULL);
    _exit(127);
  }
  close(out[1]);
  /* Read to the end, keeping what fits: a loader cut short would say less. */
  size_t len = 0;
  char rest[4096];
  for (;;) {
    bool full = len == size - 1;
    ssize_t got = read(out[0], full ? rest : buf + len, full ? sizeof rest : size - 1 - len);
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0)
      break;
    if (!full)
      len += (size_t)got;
  }
  buf[len] = 0;
  close(out[0]);
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int weft_start_check_libraries(const char *name, const char *path, const char *preload) {
  char interp[PATH_MAX];
  bool dynamic, pie;
  if (!read_program_headers(path, interp, sizeof interp, &dynamic, &pie) || !*interp)
    return 0; /* a script: its interpreter is checked when it runs */
  /* Only glibc's loader lists without running the program (musl's would run it). */
  const char *base = strrchr(interp, '/');
  base = base ? base + 1 : interp;
  if (strncmp(base, "ld-linux", 8) && strncmp(base, "ld64.so", 7) && strncmp(base, "ld.so", 5))
    return 0;
  static char out[65536];
  int status = loader_list(interp, path, preload, out, sizeof out);
  if (status < 0)
    return 0;
  /* "\tlibfoo.so.1 => not found", one line per missing library */
  char missing[1024] = "";
  size_t count = 0;
  for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
    char *arrow = strstr(line, " => not found");
    if (arrow) {
      line += strspn(line, " \t");
      size_t used = strlen(missing);
      snprintf(missing + used, sizeof missing - used, "%s%.*s", count++ ? ", " : "",
               (int)(arrow - line), line);
      continue;
    }
    if (strstr(line, "cannot be preloaded")) {
      fprintf(stderr, _("weft record: the tracer cannot be loaded into '%s': %s\n"), name, line);
      return WEFT_EXIT_UNAVAILABLE;
    }
    if (status && !count && (strstr(line, "error") || strstr(line, "not found"))) {
      /* "./prog: /lib/libc.so.6: version `GLIBC_2.99' not found (required by ./prog)" */
      const char *why = line;
      size_t plen = strlen(path);
      if (!strncmp(why, path, plen) && !strncmp(why + plen, ": ", 2))
        why += plen + 2;
      char copy[1024];
      snprintf(copy, sizeof copy, "%s", why);
      return cannot_run(name, copy);
    }
  }
  if (!count)
    return 0;
  char why[2048];
  if (strstr(missing, "libweft-chan"))
    snprintf(why, sizeof why,
             _("the loader cannot find %s; build it with $(pkg-config --cflags --libs "
               "weft-chan), which records where the library is"),
             missing);
  else
    snprintf(why, sizeof why,
             ngettext("the loader cannot find %s, a library it needs; add its folder to "
                      "LD_LIBRARY_PATH, or link with -Wl,-rpath,FOLDER",
                      "the loader cannot find %s, libraries it needs; add their folders to "
                      "LD_LIBRARY_PATH, or link with -Wl,-rpath,FOLDER",
                      count),
             missing);
  cannot_run(name, why);
  return WEFT_EXIT_NOTFOUND;
}
