/*
 * internal.h - what the files of the config stage share with each other and
 * with no one else (config.c reads the INI, keys.c knows every section and
 * key of SPEC 2 and 6, catalog.c reads the credential catalog of SPEC 3.5).
 * Later stages include config/config.h only.
 */
#ifndef RCM_CONFIG_INTERNAL_H
#define RCM_CONFIG_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "config/config.h"

/* rcm_config_slurp results besides errno values. */
#define RCM_SLURP_NOT_FILE (-1) /* a FIFO, device or socket: never read */
#define RCM_SLURP_TOO_BIG (-2)  /* more than RCM_SLURP_MAX bytes */
#define RCM_SLURP_MAX ((size_t)64 << 20)

/* Read the whole regular file at `path` into a NUL-terminated heap buffer
 * (*buf, *len; the caller frees *buf with free()). Returns 0, an errno value
 * when the file cannot be opened or read (EISDIR for a directory; ENOMEM),
 * RCM_SLURP_NOT_FILE for anything but a regular file (opened without
 * blocking, so a FIFO never hangs the run), or RCM_SLURP_TOO_BIG. */
int rcm_config_slurp(const char *path, char **buf, size_t *len);
/* Words for a non-zero rcm_config_slurp result ("not a regular file"). */
const char *rcm_config_slurp_error(int e);

/* Fill every field of cfg with its default (SPEC 2, 6 and config.h). Strings
 * point to static text; cfg->arena and cfg->path are left alone. */
void rcm_config_defaults(rcm_config *cfg);

/* Whether a section name (len bytes, not NUL-terminated) exists (SPEC 2). */
int rcm_config_section_known(const char *section, size_t len);

/* NULL when `key` is a key of the known `section`, else the reason it is not
 * (for the message after "[section] key: "). */
const char *rcm_config_key_problem(const char *section, const char *key);

/* Whether two keys of `section` name the same setting: [codes.*] keys match
 * case-insensitively, all others exactly (SPEC 2). */
int rcm_config_key_same(const char *section, const char *a, const char *b);

/* Parse `value` (trimmed) for section.key and store it in cfg. `where` is
 * "FILE:LINE" or "--set", written first in any message. Errors:
 * RCM_ERR_CONFIG (bad value), RCM_ERR_NOMEM. Copies live in cfg->arena. */
rcm_err rcm_config_apply(rcm_config *cfg, const char *where, const char *section,
                         const char *key, const char *value, rcm_diag *diag);

/* One (section, key, value) being applied, and where it came from. */
typedef struct {
    rcm_config *cfg;
    const char *where, *section, *key, *value;
    rcm_diag *diag;
} rcm_config_kv;

/* RCM_ERR_CONFIG: "WHERE: [section] key: 'value' is not valid (want WANT)". */
rcm_err rcm_config_bad(const rcm_config_kv *kv, const char *want);
/* RCM_ERR_CONFIG for one item s[0..len) of a comma-separated list. */
rcm_err rcm_config_bad_item(const rcm_config_kv *kv, const char *s, size_t len, const char *want);
/* RCM_ERR_NOMEM naming the key. */
rcm_err rcm_config_nomem(const rcm_config_kv *kv);

/* List values (lists.c). Each replaces what was there as a whole and writes
 * nothing on error. */
/* Names from `names[first..n_names)` (case-insensitive), at least
 * `min_items`: out[i] = 1 for each listed name, 0 for the others. */
rcm_err rcm_config_set_list(const rcm_config_kv *kv, const char *const *names, size_t n_names,
                            size_t first, size_t min_items, const char *want, uint8_t *out);
/* cert_attainment_enrolled.grades (SPEC 6.3). */
rcm_err rcm_config_set_grades(const rcm_config_kv *kv, const char *want);
/* oh_pfs.grades (SPEC 6.4). */
rcm_err rcm_config_set_letters(const rcm_config_kv *kv, const char *want);
/* [columns.FILE] key: column `col` of file `file` (SPEC 2). */
rcm_err rcm_config_set_column(const rcm_config_kv *kv, int file, int col);
/* [codes.SET] key: canonical code `code` of `set` (SPEC 2). */
rcm_err rcm_config_set_aliases(const rcm_config_kv *kv, int set, int code);

/* Read the catalog at `path` into *cat (SPEC 3.5). Everything is allocated
 * from `arena`. Errors: RCM_ERR_CONFIG (unreadable, or an invalid row: the
 * message names path:LINE), RCM_ERR_NOMEM. */
rcm_err rcm_catalog_load(rcm_catalog *cat, rcm_arena *arena, const char *path, rcm_diag *diag);

#endif
