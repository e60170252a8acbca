/*
 * export.c - one synthetic SIS export: output files and headers from the
 * profile, then the student loop.
 *
 * Students are generated one by one and their rows written at once through
 * the four buffered writers, so memory does not grow with the number of
 * students. Headers are the profile's [columns.*] names and code values the
 * profile's canonical codes or its SIS aliases (district by district), so
 * `rcm run --config <profile>.ini` reads the output as it is.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/diag.h"
#include "core/parse.h"
#include "gen/gen_internal.h"

#define GEN_LAST_LABEL 2025 /* the export ends with school year 2024-2025 */

/* mkdir -p: create dir and missing parents. Errors: RCM_ERR_CANTCREAT. */
static rcm_err make_dir(const char *dir, rcm_diag *diag)
{
    char path[4096];
    size_t n = strlen(dir), i;
    struct stat sb;
    if (n >= sizeof path)
        return rcm_fail(diag, RCM_ERR_CANTCREAT, "%s: path too long", dir);
    memcpy(path, dir, n + 1);
    for (i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        path[i] = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return rcm_fail(diag, RCM_ERR_CANTCREAT, "%s: cannot create directory: %s", path,
                            strerror(errno));
        path[i] = dir[i];
    }
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return rcm_fail(diag, RCM_ERR_CANTCREAT, "%s: not a directory", dir);
    return RCM_OK;
}

static int maps_to(const rcm_config *cfg, rcm_codeset set, int code, const char *s)
{
    return rcm_code_lookup(cfg, set, s, strlen(s)) == code;
}

/* The text of every canonical code: canonical itself, or the first SIS
 * alias the profile lists for it (only texts that map back to the code). */
static void code_texts(gen_ctx *c)
{
    const rcm_config *cfg = c->cfg;
    int set;
    for (set = 0; set < RCM_CODES_COUNT; set++) {
        size_t n, code, a;
        const char *const *values = rcm_codeset_values((rcm_codeset)set, &n);
        const rcm_codemap *map = &cfg->codes[set];
        for (code = 0; code < n && code < GEN_MAX_CODES; code++) {
            const char *canon = values[code], *alias = NULL;
            for (a = 0; a < map->n_aliases && !alias; a++)
                if (map->aliases[a].code == (int)code &&
                    maps_to(cfg, (rcm_codeset)set, (int)code, map->aliases[a].sis_value))
                    alias = map->aliases[a].sis_value;
            if (!maps_to(cfg, (rcm_codeset)set, (int)code, canon) && alias)
                canon = alias;
            c->code_text[0][set][code] = canon;
            c->code_text[1][set][code] = alias ? alias : canon;
        }
    }
}

/* The first candidate that no code of `set` maps, or NULL. */
static const char *unmapped(const rcm_config *cfg, rcm_codeset set, const char *const *cands)
{
    for (; *cands; cands++)
        if (rcm_code_lookup(cfg, set, *cands, strlen(*cands)) < 0)
            return *cands;
    return NULL;
}

/* A trailing column no reader knows: a name no configured header uses. */
static const char *extra_header(const rcm_config *cfg)
{
    static const char *const names[] = {"source_system", "sis_vendor", "x_source_system"};
    size_t k, col;
    for (k = 0; k < 2; k++) {
        for (col = 0; col < ENR_COL_COUNT; col++) {
            const char *h = cfg->columns[RCM_FILE_ENROLLMENTS][col];
            if (h && rcm_ieq(names[k], strlen(names[k]), h))
                break;
        }
        if (col == ENR_COL_COUNT)
            return names[k];
    }
    return names[2];
}

/* Catalog codes grouped by the career field of their first row. */
static rcm_err group_catalog(gen_ctx *c, rcm_diag *diag)
{
    const rcm_catalog *cat = &c->cfg->catalog;
    uint32_t f, i, *next;
    c->n_fields = (uint32_t)cat->n_fields;
    c->field_start = rcm_calloc(c->n_fields + 2, sizeof *c->field_start);
    c->field_codes = rcm_calloc(cat->n_codes + 1, sizeof *c->field_codes);
    next = rcm_calloc(c->n_fields + 2, sizeof *next);
    if (!c->field_start || !c->field_codes || !next) {
        free(next);
        return rcm_fail(diag, RCM_ERR_NOMEM, "gen: out of memory");
    }
    for (i = 0; i < cat->n_codes; i++) {
        int field = cat->n_code_rows[i] ? cat->rows[cat->code_rows[i][0]].career_field : -1;
        next[field >= 0 && (uint32_t)field < c->n_fields ? (uint32_t)field + 1
                                                         : c->n_fields + 1]++;
    }
    for (f = 1; f <= c->n_fields + 1; f++) /* counts -> start offsets */
        next[f] += next[f - 1];
    memcpy(c->field_start, next, (c->n_fields + 2) * sizeof *next);
    for (i = 0; i < cat->n_codes; i++) {
        int field = cat->n_code_rows[i] ? cat->rows[cat->code_rows[i][0]].career_field : -1;
        f = field >= 0 && (uint32_t)field < c->n_fields ? (uint32_t)field : c->n_fields;
        c->field_codes[next[f]++] = i;
    }
    free(next);
    return RCM_OK;
}

static void write_headers(gen_ctx *c)
{
    int k;
    for (k = 0; k < RCM_FILE_COUNT; k++) {
        size_t n, col;
        const rcm_column_def *defs = rcm_schema_columns((rcm_file_kind)k, &n);
        for (col = 0; col < n; col++) {
            const char *h = c->cfg->columns[k][col];
            rcm_gen_out_str(&c->out[k], h ? h : defs[col].name);
        }
        if (k == RCM_FILE_ENROLLMENTS)
            rcm_gen_out_str(&c->out[k], c->extra_header);
        rcm_gen_out_end(&c->out[k], 1);
    }
}

/* Open NAME.csv or NAME.csv.gz for each file; the other spellings of the
 * same name are removed, as rcm run would find the input ambiguous. */
static rcm_err open_files(gen_ctx *c, const rcm_gen_options *opt, rcm_diag *diag)
{
    static const char *const spellings[] = {"", ".csv", ".csv.gz"};
    char dir_path[4096];
    int k, s;
    for (k = 0; k < RCM_FILE_COUNT; k++) {
        const char *base = c->cfg->file_base[k] ? c->cfg->file_base[k] : rcm_file_names[k];
        int keep = opt->gzip ? 2 : 1;
        rcm_err err;
        for (s = 0; s < 3; s++) {
            snprintf(dir_path, sizeof dir_path, "%s/%s%s", opt->output_dir, base, spellings[s]);
            if (s != keep && unlink(dir_path) != 0 && errno != ENOENT)
                return rcm_fail(diag, RCM_ERR_CANTCREAT, "%s: cannot remove: %s", dir_path,
                                strerror(errno));
        }
        snprintf(dir_path, sizeof dir_path, "%s/%s%s", opt->output_dir, base, spellings[keep]);
        err = rcm_gen_out_open(&c->out[k], dir_path, opt->gzip,
                               c->cfg->delimiter ? c->cfg->delimiter : ',', diag);
        if (err)
            return err;
    }
    write_headers(c);
    return RCM_OK;
}

static rcm_err close_files(gen_ctx *c, rcm_err err, rcm_diag *diag)
{
    int k;
    for (k = 0; k < RCM_FILE_COUNT; k++) {
        rcm_err e = rcm_gen_out_close(&c->out[k], err ? NULL : diag);
        if (!err)
            err = e;
    }
    return err;
}

static int write_failed(const gen_ctx *c)
{
    int k;
    for (k = 0; k < RCM_FILE_COUNT; k++)
        if (c->out[k].write_errno)
            return 1;
    return 0;
}

static void run_students(gen_ctx *c, rcm_diag *diag)
{
    gen_student st;
    uint64_t i;
    for (i = 0; i < c->students; i++) {
        rcm_gen_student_make(c, i, &st);
        rcm_gen_student_write(c, &st);
        rcm_gen_evidence_write(c, &st);
        if ((i & 0xFFFF) == 0xFFFF) {
            if (write_failed(c))
                return; /* disk full: close reports it */
            rcm_progress(diag, "gen: %" PRIu64 " of %" PRIu64 " students", i + 1, c->students);
        }
    }
}

static void log_summary(const gen_ctx *c, double started, rcm_diag *diag)
{
    int k;
    rcm_log(diag, "gen: students %" PRIu64 ", districts %" PRIu32 ", high schools %" PRIu32
            ", school years %d-%d to %d-%d, %.1fs",
            c->students, c->world.n_districts, c->world.n_schools, c->first_label - 1,
            c->first_label, c->last_label - 1, c->last_label, rcm_now() - started);
    for (k = 0; k < RCM_FILE_COUNT; k++) {
        const uint64_t *m = c->mess[k];
        rcm_log(diag, "gen: %s: %" PRIu64 " rows (duplicates %" PRIu64 ", blanked %" PRIu64
                ", invalid required %" PRIu64 ", unknown student %" PRIu64
                ", unknown credential %" PRIu64 ")",
                rcm_file_names[k], c->out[k].rows, m[GEN_MESS_DUPLICATE], m[GEN_MESS_BLANKED],
                m[GEN_MESS_BAD_REQUIRED], m[GEN_MESS_UNKNOWN_STUDENT], m[GEN_MESS_UNKNOWN_CODE]);
    }
}

static void init_ctx(gen_ctx *c, const rcm_gen_options *opt, const rcm_config *cfg)
{
    static const char *const genders[] = {"U", "Unknown", "?", NULL};
    static const char *const exits[] = {"W9", "ZZ", "UNK", NULL};
    int k;
    c->cfg = cfg;
    c->w = rcm_gen_weights(opt->profile ? opt->profile : "ohio");
    c->students = opt->students;
    c->seed = opt->seed;
    c->last_label = GEN_LAST_LABEL;
    c->first_label = GEN_LAST_LABEL - (opt->years ? opt->years : 6) + 1;
    c->ye_month = cfg->year_end_month ? cfg->year_end_month : 8;
    c->ye_day = cfg->year_end_month ? cfg->year_end_day : 31;
    code_texts(c);
    c->bad_gender = unmapped(cfg, RCM_CODES_GENDER, genders);
    c->unmapped_exit = unmapped(cfg, RCM_CODES_EXIT, exits);
    c->extra_header = extra_header(cfg);
    c->force_from = opt->students / 3;
    for (k = 0; k < GEN_MESS_COUNT; k++) {
        c->pending[RCM_FILE_CREDENTIALS][k] = k != GEN_MESS_BLANKED;
        c->pending[RCM_FILE_ASSESSMENTS][k] = c->pending[RCM_FILE_PROGRAMS][k] =
            k != GEN_MESS_BLANKED && k != GEN_MESS_UNKNOWN_CODE;
        c->pending[RCM_FILE_ENROLLMENTS][k] = k <= GEN_MESS_BAD_REQUIRED;
    }
}

rcm_err rcm_gen_export(const rcm_gen_options *opt, const rcm_config *cfg, rcm_diag *diag)
{
    double started = rcm_now();
    gen_ctx *c;
    rcm_err err = rcm_gen_check_options(opt, diag);
    if (err)
        return err;
    c = rcm_calloc(1, sizeof *c);
    if (!c)
        return rcm_fail(diag, RCM_ERR_NOMEM, "gen: out of memory");
    init_ctx(c, opt, cfg);
    err = make_dir(opt->output_dir, diag);
    if (!err)
        err = rcm_gen_world_init(&c->world, c->students, c->seed, &cfg->catalog, diag);
    if (!err)
        err = group_catalog(c, diag);
    if (!err)
        err = open_files(c, opt, diag);
    if (!err)
        run_students(c, diag);
    err = close_files(c, err, diag);
    if (!err)
        log_summary(c, started, diag);
    rcm_gen_world_release(&c->world);
    free(c->field_codes);
    free(c->field_start);
    free(c);
    return err;
}

int rcm_gen_label(const gen_ctx *c, int32_t days)
{
    return rcm_label_of_date(days, c->ye_month, c->ye_day);
}

const char *rcm_gen_code(const gen_ctx *c, rcm_codeset set, int code, const gen_district *d)
{
    return c->code_text[d && d->sis_codes][set][code];
}

const gen_district *rcm_gen_district_at(const gen_ctx *c, const gen_student *st, int label)
{
    int i, at = 0;
    for (i = 0; i < st->n_rows; i++)
        if (st->rows[i].label <= label)
            at = i;
    return &c->world.districts[c->world.schools[st->rows[at].school].district];
}
