/*
 * config.c - the config stage: reads the INI profile (SPEC 2) with inih,
 * applies the --set overrides, validates every section and key, and loads the
 * credential catalog the profile names (SPEC 3.5).
 *
 * It runs before the pipeline proper (read -> cohort -> metrics -> suppress ->
 * report); every later stage reads the rcm_config built here and nothing
 * writes to it afterwards. Work is done in three passes so that each error
 * can name FILE:LINE (or --set), the section and the key:
 *   1. the file is read into (section, key, value, line) entries; unknown
 *      sections and keys, a key given twice and syntax errors stop here;
 *   2. each --set replaces the entry of its key or adds one;
 *   3. every entry is parsed into rcm_config (keys.c, lists.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/internal.h"
#include "core/diag.h"
#include "core/parse.h"

/* inih's line buffer, counting CR, LF and the NUL: longer lines are an error. */
#define MAX_LINE 65536

/* One key = value of the file (line > 0) or of --set (line 0). */
typedef struct entry {
    struct entry *next;
    const char *section, *key, *value;
    unsigned line;
} entry;

/* State of pass 1: the file bytes, the physical line inih is on, and the
 * entries read so far. */
typedef struct {
    rcm_config *cfg;
    rcm_diag *diag;
    rcm_err err;
    const char *buf;
    size_t len, pos;
    unsigned line;
    int at_line_start;
    const char *section; /* the current [section], NULL before the first */
    entry *head, **tail;
} reader;

/* Open `path` for reading without blocking (a FIFO would wait for a writer)
 * and check that it is a regular file of sane size; see rcm_config_slurp. */
static int open_regular(const char *path, FILE **out)
{
    struct stat sb;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), e;
    if (fd < 0)
        return errno ? errno : ENOENT;
    if (fstat(fd, &sb) != 0)
        e = errno ? errno : EIO;
    else if (S_ISDIR(sb.st_mode))
        e = EISDIR;
    else if (!S_ISREG(sb.st_mode))
        e = RCM_SLURP_NOT_FILE;
    else if ((uint64_t)sb.st_size > RCM_SLURP_MAX)
        e = RCM_SLURP_TOO_BIG;
    else if (!(*out = fdopen(fd, "rb")))
        e = errno ? errno : ENOMEM;
    else
        return 0;
    close(fd);
    return e;
}

int rcm_config_slurp(const char *path, char **buf, size_t *len)
{
    FILE *f = NULL;
    void *data = NULL;
    size_t n = 0, cap = 0, got;
    int err = open_regular(path, &f);
    if (err)
        return err;
    do {
        if (n > RCM_SLURP_MAX) { /* it grew after fstat */
            err = RCM_SLURP_TOO_BIG;
            break;
        }
        if (rcm_grow(&data, &cap, n + 65536 + 1, 1)) {
            err = ENOMEM;
            break;
        }
        got = fread((char *)data + n, 1, cap - n - 1, f);
        n += got;
    } while (got);
    if (!err && ferror(f))
        err = errno ? errno : EIO;
    fclose(f);
    if (err) {
        free(data);
        return err;
    }
    ((char *)data)[n] = '\0';
    *buf = data;
    *len = n;
    return 0;
}

const char *rcm_config_slurp_error(int e)
{
    if (e == RCM_SLURP_NOT_FILE)
        return "not a regular file (a FIFO, device or socket)";
    if (e == RCM_SLURP_TOO_BIG)
        return "larger than 64 MiB";
    return strerror(e);
}

/* Lowercase hex SHA-256 of the config bytes, for the manifest (SPEC 8.5). */
static int sha256_hex(const char *buf, size_t len, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0, i;
    if (!EVP_Digest(buf, len, md, &n, EVP_sha256(), NULL) || n != 32)
        return -1;
    for (i = 0; i < n; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[64] = '\0';
    return 0;
}

/* Directory of `path` ("." when it has none): paths in the profile are
 * relative to it (SPEC 2). */
static const char *dir_of(rcm_arena *arena, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return rcm_arena_strndup(arena, ".", 1);
    return rcm_arena_strndup(arena, path, slash == path ? 1 : (size_t)(slash - path));
}

/* A NUL byte or a line inih cannot hold is an error before parsing. */
static rcm_err check_bytes(const rcm_config *cfg, const char *buf, size_t len, rcm_diag *diag)
{
    size_t i, start = 0;
    unsigned line = 1;
    for (i = 0; i <= len; i++) {
        if (i == len || buf[i] == '\n') {
            if (i - start > MAX_LINE - 3)
                return rcm_fail(diag, RCM_ERR_CONFIG, "%s:%u: line longer than %d bytes",
                                cfg->path, line, MAX_LINE - 3);
            start = i + 1;
            line++;
        } else if (buf[i] == '\0') {
            return rcm_fail(diag, RCM_ERR_CONFIG, "%s:%u: NUL byte in the file", cfg->path,
                            line);
        }
    }
    return RCM_OK;
}

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

/* At the start of each physical line: a "[section]" header must name a known
 * section (SPEC 2). inih calls nothing for a section without keys, so the
 * headers are checked here, where the line number is known. */
static void note_section(reader *r)
{
    const char *p = r->buf + r->pos, *end = r->buf + r->len, *nl, *close, *q;
    if (r->pos == 0 && r->len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl)
        nl = end;
    while (p < nl && is_blank(*p))
        p++;
    if (p == nl || *p != '[' || !(close = memchr(p, ']', (size_t)(nl - p))))
        return; /* not a header, or one inih reports as a syntax error */
    for (q = close + 1; q < nl && is_blank(*q); q++)
        ;
    if (q < nl && *q != ';' && *q != '#') {
        r->err = rcm_fail(r->diag, RCM_ERR_CONFIG, "%s:%u: [%.*s]: text after the section header",
                          r->cfg->path, r->line, (int)(close - p - 1), p + 1);
        return;
    }
    if (!rcm_config_section_known(p + 1, (size_t)(close - p - 1))) {
        r->err = rcm_fail(r->diag, RCM_ERR_CONFIG, "%s:%u: [%.*s]: unknown section",
                          r->cfg->path, r->line, (int)(close - p - 1), p + 1);
        return;
    }
    r->section = rcm_arena_strndup(r->cfg->arena, p + 1, (size_t)(close - p - 1));
    if (!r->section)
        r->err = rcm_fail(r->diag, RCM_ERR_NOMEM, "%s:%u: out of memory", r->cfg->path, r->line);
}

/* inih's fgets-like reader over the file bytes; it counts physical lines so
 * that every message can name FILE:LINE (inih's handler is not told it). */
static char *read_line(char *str, int num, void *stream)
{
    reader *r = stream;
    size_t n = 0, max;
    if (r->err || r->pos >= r->len || num < 2)
        return NULL;
    if (r->at_line_start) {
        r->line++;
        note_section(r);
        if (r->err)
            return NULL;
    }
    max = (size_t)num - 1;
    while (n < max && r->pos < r->len) {
        char c = r->buf[r->pos++];
        str[n++] = c;
        if (c == '\n')
            break;
    }
    str[n] = '\0';
    r->at_line_start = str[n - 1] == '\n';
    return str;
}

static rcm_err append_entry(reader *r, const char *section, const char *key, const char *value,
                            unsigned line)
{
    entry *e = rcm_arena_alloc(r->cfg->arena, sizeof *e);
    if (!e || !(e->key = rcm_arena_strndup(r->cfg->arena, key, strlen(key))) ||
        !(e->value = rcm_arena_strndup(r->cfg->arena, value, strlen(value))))
        return rcm_fail(r->diag, RCM_ERR_NOMEM, "%s: out of memory", r->cfg->path);
    e->section = section;
    e->line = line;
    *r->tail = e;
    r->tail = &e->next;
    return RCM_OK;
}

/* The entry of section.key, or NULL. */
static entry *find_entry(reader *r, const char *section, const char *key)
{
    entry *e;
    for (e = r->head; e; e = e->next)
        if (strcmp(e->section, section) == 0 && rcm_config_key_same(section, e->key, key))
            return e;
    return NULL;
}

/* Pass 1, per key: unknown or repeated keys are errors (SPEC 2). */
static rcm_err add_file_entry(reader *r, const char *key, const char *value)
{
    const char *problem;
    entry *first;
    if (!r->section)
        return rcm_fail(r->diag, RCM_ERR_CONFIG, "%s:%u: %s: key before any [section]",
                        r->cfg->path, r->line, key);
    problem = rcm_config_key_problem(r->section, key);
    if (problem)
        return rcm_fail(r->diag, RCM_ERR_CONFIG, "%s:%u: [%s] %s: %s", r->cfg->path, r->line,
                        r->section, key, problem);
    first = find_entry(r, r->section, key);
    if (first)
        return rcm_fail(r->diag, RCM_ERR_CONFIG, "%s:%u: [%s] %s: given twice (first on line %u)",
                        r->cfg->path, r->line, r->section, key, first->line);
    return append_entry(r, r->section, key, value, r->line);
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
    reader *r = user;
    (void)section; /* inih truncates long names: r->section is the full one */
    if (r->err)
        return 0;
    r->err = add_file_entry(r, name, value);
    return r->err == RCM_OK;
}

/* Pass 1: the file into entries. Inline comments are " ;" (SPEC 2, as
 * Debian's inih reads them); lines may be long; no multi-line values. */
static rcm_err parse_file(reader *r)
{
    int rc;
    ini_allow_multiline = false;
    ini_use_stack = false;
    ini_allow_realloc = true;
    ini_max_line = MAX_LINE;
    ini_stop_on_first_error = true;
    rc = ini_parse_stream(read_line, r, on_key, r);
    if (r->err)
        return r->err;
    if (rc == -2)
        return rcm_fail(r->diag, RCM_ERR_NOMEM, "%s: out of memory", r->cfg->path);
    if (rc > 0)
        return rcm_fail(r->diag, RCM_ERR_CONFIG, "%s:%u: expected '[section]' or 'key = value'",
                        r->cfg->path, r->line);
    if (rc < 0)
        return rcm_fail(r->diag, RCM_ERR_SOFTWARE, "%s: inih failed (%d)", r->cfg->path, rc);
    return RCM_OK;
}

/* One --set split into its parts (arena copies). */
typedef struct {
    const char *section, *key, *value;
} set_parts;

static char *trimmed_copy(rcm_arena *arena, const char *s, size_t len)
{
    rcm_trim(&s, &len);
    return rcm_arena_strndup(arena, s, len);
}

/* "section.key=value": the part before the first '=' splits at its last dot,
 * so "columns.enrollments.student_id=SSID" is [columns.enrollments]
 * student_id (SPEC 2). No '=' or no dot is a usage error. */
static rcm_err split_set(rcm_arena *arena, const char *assignment, set_parts *out,
                         rcm_diag *diag)
{
    const char *eq = strchr(assignment, '='), *dot = NULL, *p;
    for (p = assignment; eq && p < eq; p++)
        if (*p == '.')
            dot = p;
    if (!eq || !dot)
        return rcm_fail(diag, RCM_ERR_USAGE, "--set '%s': want SECTION.KEY=VALUE", assignment);
    out->section = trimmed_copy(arena, assignment, (size_t)(dot - assignment));
    out->key = trimmed_copy(arena, dot + 1, (size_t)(eq - dot - 1));
    out->value = trimmed_copy(arena, eq + 1, strlen(eq + 1));
    if (!out->section || !out->key || !out->value)
        return rcm_fail(diag, RCM_ERR_NOMEM, "--set: out of memory");
    if (!*out->section || !*out->key)
        return rcm_fail(diag, RCM_ERR_USAGE, "--set '%s': want SECTION.KEY=VALUE", assignment);
    return RCM_OK;
}

/* Pass 2: a --set overrides its key in the file or adds it; it is checked
 * like a line of the file (a path it gives is relative to the config file
 * too), and a later --set of the same key wins. */
static rcm_err add_set_entry(reader *r, const set_parts *sp)
{
    const char *problem;
    entry *e;
    if (!rcm_config_section_known(sp->section, strlen(sp->section)))
        return rcm_fail(r->diag, RCM_ERR_CONFIG, "--set: [%s]: unknown section", sp->section);
    problem = rcm_config_key_problem(sp->section, sp->key);
    if (problem)
        return rcm_fail(r->diag, RCM_ERR_CONFIG, "--set: [%s] %s: %s", sp->section, sp->key,
                        problem);
    e = find_entry(r, sp->section, sp->key);
    if (!e)
        return append_entry(r, sp->section, sp->key, sp->value, 0);
    e->value = sp->value;
    e->line = 0;
    return RCM_OK;
}

/* Pass 3: every entry into rcm_config, in file order, then the --set ones. */
static rcm_err apply_entries(reader *r)
{
    char where[4096 + 16];
    entry *e;
    rcm_err err;
    for (e = r->head; e; e = e->next) {
        if (e->line)
            snprintf(where, sizeof where, "%s:%u", r->cfg->path, e->line);
        else
            snprintf(where, sizeof where, "--set");
        err = rcm_config_apply(r->cfg, where, e->section, e->key, e->value, r->diag);
        if (err)
            return err;
    }
    return RCM_OK;
}

/* Read, hash and parse the file (pass 1). */
static rcm_err read_file(reader *r)
{
    rcm_config *cfg = r->cfg;
    char *buf = NULL;
    size_t len = 0;
    rcm_err err;
    int e = rcm_config_slurp(cfg->path, &buf, &len);
    if (e == ENOMEM)
        return rcm_fail(r->diag, RCM_ERR_NOMEM, "%s: out of memory", cfg->path);
    if (e == RCM_SLURP_TOO_BIG)
        return rcm_fail(r->diag, RCM_ERR_CONFIG, "%s: config %s", cfg->path,
                        rcm_config_slurp_error(e));
    if (e)
        return rcm_fail(r->diag, RCM_ERR_NOINPUT, "%s: cannot read config: %s", cfg->path,
                        rcm_config_slurp_error(e));
    if (sha256_hex(buf, len, cfg->sha256)) {
        free(buf);
        return rcm_fail(r->diag, RCM_ERR_NOMEM, "%s: SHA-256 failed", cfg->path);
    }
    err = check_bytes(cfg, buf, len, r->diag);
    if (!err) {
        r->buf = buf;
        r->len = len;
        r->at_line_start = 1;
        err = parse_file(r);
        r->buf = NULL;
    }
    free(buf);
    return err;
}

/* The whole load into cfg (whose arena the caller frees on error). */
static rcm_err load(rcm_config *cfg, const char *path, const rcm_setting *sets, size_t n_sets,
                    rcm_diag *diag)
{
    reader r;
    set_parts *parts = NULL;
    size_t i;
    rcm_err err;
    memset(&r, 0, sizeof r);
    r.cfg = cfg;
    r.diag = diag;
    r.tail = &r.head;
    /* a malformed --set is a usage error, found before any file is read */
    if (n_sets && !(parts = rcm_arena_alloc(cfg->arena, n_sets * sizeof *parts)))
        return rcm_fail(diag, RCM_ERR_NOMEM, "--set: out of memory");
    for (i = 0; i < n_sets; i++)
        if ((err = split_set(cfg->arena, sets[i].assignment ? sets[i].assignment : "",
                             &parts[i], diag)))
            return err;
    cfg->path = rcm_arena_strndup(cfg->arena, path, strlen(path));
    cfg->dir = cfg->path ? dir_of(cfg->arena, cfg->path) : NULL;
    if (!cfg->dir)
        return rcm_fail(diag, RCM_ERR_NOMEM, "%s: out of memory", path);
    rcm_config_defaults(cfg);
    if ((err = read_file(&r)))
        return err;
    for (i = 0; i < n_sets; i++)
        if ((err = add_set_entry(&r, &parts[i])))
            return err;
    if ((err = apply_entries(&r)))
        return err;
    if (!cfg->catalog_path)
        return rcm_fail(diag, RCM_ERR_CONFIG,
                        "%s: [input] catalog: missing (the profile must name its credential "
                        "catalog)",
                        cfg->path);
    return rcm_catalog_load(&cfg->catalog, cfg->arena, cfg->catalog_path, diag);
}

/* Load the profile at `path` with its --set overrides and its catalog (see
 * config.h). On error nothing is allocated and *out is NULL. */
rcm_err rcm_config_load(const char *path, const rcm_setting *sets, size_t n_sets,
                        rcm_config **out, rcm_diag *diag)
{
    rcm_arena *arena;
    rcm_config *cfg;
    rcm_err err;
    if (out)
        *out = NULL;
    if (!out || (n_sets && !sets))
        return rcm_fail(diag, RCM_ERR_SOFTWARE, "rcm_config_load: no place for the result");
    if (!path || !*path)
        return rcm_fail(diag, RCM_ERR_USAGE, "no config file given (--config FILE)");
    arena = rcm_arena_new();
    cfg = arena ? rcm_arena_alloc(arena, sizeof *cfg) : NULL;
    if (!cfg) {
        rcm_arena_free(arena);
        return rcm_fail(diag, RCM_ERR_NOMEM, "%s: out of memory", path);
    }
    cfg->arena = arena;
    err = load(cfg, path, sets, n_sets, diag);
    if (err) {
        rcm_arena_free(arena);
        return err;
    }
    *out = cfg;
    return RCM_OK;
}

/* Free everything of a loaded config; NULL is a no-op. */
void rcm_config_free(rcm_config *cfg)
{
    if (cfg)
        rcm_arena_free(cfg->arena);
}
