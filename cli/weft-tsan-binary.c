/* weft-tsan-binary.c: is a program built for ThreadSanitizer, and how to
 * rebuild it if not. The answer is in the ELF file: libtsan among the needed
 * libraries, or its __tsan_init linked in; the sources in the DWARF units. */
#include <elfutils/libdw.h>
#include <fcntl.h>
#include <gelf.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "weft-tsan-binary.h"

static WeftTsanLink section_says_tsan(Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh) {
  Elf_Data *data = elf_getdata(scn, NULL);
  if (!data || !sh->sh_entsize)
    return WEFT_TSAN_NONE;
  size_t n = sh->sh_size / sh->sh_entsize;
  for (size_t i = 0; i < n; i++) {
    if (sh->sh_type == SHT_DYNAMIC) {
      GElf_Dyn dyn;
      if (gelf_getdyn(data, (int)i, &dyn) && dyn.d_tag == DT_NEEDED) {
        const char *lib = elf_strptr(elf, sh->sh_link, dyn.d_un.d_val);
        if (lib && !strncmp(lib, "libtsan.so", 10))
          return WEFT_TSAN_SHARED;
      }
    } else {
      GElf_Sym sym;
      if (gelf_getsym(data, (int)i, &sym) && sym.st_shndx != SHN_UNDEF) {
        const char *name = elf_strptr(elf, sh->sh_link, sym.st_name);
        if (name && !strcmp(name, "__tsan_init"))
          return WEFT_TSAN_STATIC;
      }
    }
  }
  return WEFT_TSAN_NONE;
}

/* A defined __tsan_init without libtsan.so among the needed libraries is
 * the runtime linked in. */
WeftTsanLink weft_program_tsan(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return WEFT_TSAN_NONE;
  elf_version(EV_CURRENT);
  Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
  WeftTsanLink found = WEFT_TSAN_NONE;
  for (Elf_Scn *scn = elf ? elf_nextscn(elf, NULL) : NULL; scn && found != WEFT_TSAN_SHARED;
       scn = elf_nextscn(elf, scn)) {
    GElf_Shdr sh;
    if (gelf_getshdr(scn, &sh) &&
        (sh.sh_type == SHT_DYNAMIC || sh.sh_type == SHT_SYMTAB || sh.sh_type == SHT_DYNSYM)) {
      WeftTsanLink here = section_says_tsan(elf, scn, &sh);
      if (here != WEFT_TSAN_NONE)
        found = here;
    }
  }
  if (elf)
    elf_end(elf);
  close(fd);
  return found;
}

void weft_program_sources(const char *path, const char *name, char *out, size_t size) {
  out[0] = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  Dwarf *dw = fd >= 0 ? dwarf_begin(fd, DWARF_C_READ) : NULL;
  size_t used = 0;
  Dwarf_Off off = 0, next;
  size_t header;
  int listed = 0;
  while (dw && listed < 4 && dwarf_nextcu(dw, off, &next, &header, NULL, NULL, NULL) == 0) {
    Dwarf_Die cu;
    const char *file = dwarf_offdie(dw, off + header, &cu) ? dwarf_diename(&cu) : NULL;
    off = next;
    /* the program's own files, not the C library's start files */
    size_t len = file ? strlen(file) : 0;
    if (len < 3 || strcmp(file + len - 2, ".c") || !strncmp(file, "/usr/", 5))
      continue;
    const char *slash = strrchr(file, '/');
    int n = snprintf(out + used, size - used, "%s%s", listed ? " " : "", slash ? slash + 1 : file);
    if (n < 0 || (size_t)n >= size - used)
      break;
    used += (size_t)n;
    listed++;
  }
  if (dw)
    dwarf_end(dw);
  if (fd >= 0)
    close(fd);
  if (!listed) {
    char copy[4096];
    snprintf(copy, sizeof copy, "%s", name);
    snprintf(out, size, "%s.c", basename(copy));
  }
}
