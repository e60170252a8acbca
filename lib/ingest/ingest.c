/*
 * ingest.c - the read stage (SPEC 3): find the input files, map each header
 * onto the canonical columns, stream the rows through the value rules
 * (rows.c), and reconcile every file (SPEC 3.6).
 *
 * First stage of the pipeline: read -> cohort -> metrics -> suppress ->
 * report. Enrollments are read first, so that credential, assessment and
 * program rows can be checked against the students of accepted enrollment
 * rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/arena.h"
#include "ingest/ingest_internal.h"

/* SPEC 3: each input is NAME, NAME.csv or NAME.csv.gz in --input. */
static const char *const suffixes[3] = {"", ".csv", ".csv.gz"};

/* Rows read before the row count of a file is estimated. */
#define PRESIZE_ROWS 4096u

/* Rows between two looks at the progress counter. */
#define PROGRESS_ROWS 65536u

/* What rcm_ingest_read carries from file to file. */
typedef struct {
    const rcm_config *cfg;
    const rcm_ingest_options *opt;
    rcm_dataset *ds;
    rcm_diag *diag;
    uint64_t total_bytes, done_bytes; /* for progress */
} ingest_run;

static char *concat3(const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    char *s = rcm_malloc(la + lb + lc + 1);
    if (!s)
        return NULL;
    memcpy(s, a, la);
    memcpy(s + la, b, lb);
    memcpy(s + la + lb, c, lc + 1);
    return s;
}

static rcm_dataset *dataset_new(void)
{
    rcm_dataset *ds = rcm_calloc(1, sizeof *ds);
    int k;
    if (!ds)
        return NULL;
    ds->students = rcm_intern_new();
    ds->districts = rcm_intern_new();
    ds->schools = rcm_intern_new();
    ds->names = rcm_intern_new();
    ds->courses = rcm_intern_new();
    for (k = 0; k < RCM_FILE_COUNT; k++)
        ds->files[k].name = rcm_file_names[k];
    ds->catalog.name = "catalog";
    if (!ds->students || !ds->districts || !ds->schools || !ds->names || !ds->courses) {
        rcm_dataset_free(ds);
        return NULL;
    }
    return ds;
}

void rcm_dataset_free(rcm_dataset *ds)
{
    int k;
    if (!ds)
        return;
    free(ds->enr);
    free(ds->cred);
    free(ds->test);
    free(ds->prog);
    rcm_intern_free(ds->students);
    rcm_intern_free(ds->districts);
    rcm_intern_free(ds->schools);
    rcm_intern_free(ds->names);
    rcm_intern_free(ds->courses);
    for (k = 0; k < RCM_FILE_COUNT; k++) {
        free(ds->files[k].path);
        free(ds->files[k].display);
    }
    free(ds->catalog.path);
    free(ds->catalog.display);
    free(ds);
}

/* Which of NAME, NAME.csv, NAME.csv.gz exist as files: a bit per suffix. */
static rcm_err probe_names(const char *dir, const char *base, unsigned *found,
                           uint64_t sizes[3], rcm_diag *diag)
{
    int i;
    *found = 0;
    for (i = 0; i < 3; i++) {
        struct stat sb;
        char *path = concat3(dir, "/", base), *full;
        if (!path)
            return rcm_fail(diag, RCM_ERR_NOMEM, "%s: out of memory", dir);
        full = concat3(path, suffixes[i], "");
        free(path);
        if (!full)
            return rcm_fail(diag, RCM_ERR_NOMEM, "%s: out of memory", dir);
        if (stat(full, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
            *found |= 1u << i;
            sizes[i] = sb.st_size > 0 ? (uint64_t)sb.st_size : 0;
        }
        free(full);
    }
    return RCM_OK;
}

static rcm_err ambiguous(const char *dir, const char *base, unsigned found, rcm_diag *diag)
{
    char list[512];
    size_t used = 0;
    int i, n = 0, total = (found & 1) + (found >> 1 & 1) + (found >> 2 & 1);
    list[0] = '\0';
    for (i = 0; i < 3; i++) {
        if (!(found & 1u << i))
            continue;
        n++;
        used += (size_t)snprintf(list + used, used < sizeof list ? sizeof list - used : 0,
                                 "%s%s%s", n == 1 ? "" : n == total ? " and " : ", ", base,
                                 suffixes[i]);
        if (used >= sizeof list)
            used = sizeof list - 1;
    }
    /* SPEC 3: any two side by side make the input ambiguous (66) */
    return rcm_fail(diag, RCM_ERR_NOINPUT, "%s: ambiguous input: %s %s exist; keep one", dir,
                    list, total == 2 ? "both" : "all");
}

/* Find the file of one kind; fill st->path, st->display, st->present. */
static rcm_err locate(ingest_run *run, const char *dir, rcm_file_kind kind)
{
    rcm_file_stats *st = &run->ds->files[kind];
    const char *base = run->cfg->file_base[kind] ? run->cfg->file_base[kind]
                                                 : rcm_file_names[kind];
    uint64_t sizes[3] = {0, 0, 0};
    unsigned found;
    int i;
    rcm_err err = probe_names(dir, base, &found, sizes, run->diag);
    if (err)
        return err;
    if (found & (found - 1))
        return ambiguous(dir, base, found, run->diag);
    if (!found) {
        if (kind != RCM_FILE_ENROLLMENTS)
            return RCM_OK; /* optional files may be absent */
        return rcm_fail(run->diag, RCM_ERR_NOINPUT,
                        "%s: no %s input: looked for %s, %s.csv and %s.csv.gz", dir,
                        rcm_file_names[kind], base, base, base);
    }
    i = found == 1 ? 0 : found == 2 ? 1 : 2;
    st->display = concat3(base, suffixes[i], "");
    st->path = st->display ? concat3(dir, "/", st->display) : NULL;
    if (!st->path)
        return rcm_fail(run->diag, RCM_ERR_NOMEM, "%s: out of memory", dir);
    st->present = 1;
    run->total_bytes += sizes[i];
    return RCM_OK;
}

/* Map the header row onto the canonical columns (SPEC 3: trimmed, matched
 * case-insensitively; extra columns ignored; a missing required column
 * fails the run). */
static rcm_err map_header(rcm_file_reader *f, const rcm_csv_record *hdr)
{
    size_t col, i;
    for (col = 0; col < f->n_cols; col++) {
        const char *want = f->cfg->columns[f->kind][col];
        int at = -1;
        if (!want)
            want = f->cols[col].name;
        for (i = 0; i < hdr->n_fields; i++) {
            const char *s = hdr->fields[i];
            size_t len = hdr->lens[i];
            rcm_trim(&s, &len);
            if (!rcm_ieq(s, len, want))
                continue;
            if (at >= 0)
                return rcm_fail(f->diag, RCM_ERR_DATA,
                                "%s:%llu: header '%s' appears twice (fields %d and %zu), "
                                "column '%s' is ambiguous",
                                f->st->display, (unsigned long long)hdr->line, want, at + 1,
                                i + 1, f->cols[col].name);
            at = (int)i;
        }
        if (at < 0 && f->cols[col].required)
            return rcm_fail(f->diag, RCM_ERR_DATA,
                            "%s: missing required column '%s' (looked for header '%s')",
                            f->st->display, f->cols[col].name, want);
        f->field_of[col] = at;
        if (f->kind == RCM_FILE_ENROLLMENTS)
            f->ds->enr_columns.present[col] = at >= 0;
    }
    f->n_header = hdr->n_fields;
    return RCM_OK;
}

/* "15.5" style percentage of a fixed-point fraction, trailing zeros cut. */
static void format_percent(char *buf, size_t size, int64_t fraction)
{
    int64_t v = fraction * 100, whole = v / RCM_FIXED_ONE, frac = v % RCM_FIXED_ONE;
    int digits = 6;
    if (!frac) {
        snprintf(buf, size, "%lld", (long long)whole);
        return;
    }
    while (frac % 10 == 0) {
        frac /= 10;
        digits--;
    }
    snprintf(buf, size, "%lld.%0*lld", (long long)whole, digits, (long long)frac);
}

/* SPEC 3.6: rejected rows compared to read rows; above the rate: 65. */
static rcm_err check_reject_rate(const rcm_config *cfg, const rcm_file_stats *st,
                                 rcm_diag *diag)
{
    uint64_t rate = cfg->max_reject_rate > 0 ? (uint64_t)cfg->max_reject_rate : 0;
    uint64_t tenths;
    char limit[32];
    if (!st->read || rate >= (uint64_t)RCM_FIXED_ONE ||
        st->rejected * (uint64_t)RCM_FIXED_ONE <= rate * st->read)
        return RCM_OK;
    tenths = (uint64_t)rcm_div_round((int64_t)st->rejected * 1000, (int64_t)st->read);
    format_percent(limit, sizeof limit, (int64_t)rate);
    return rcm_fail(diag, RCM_ERR_DATA,
                    "%s: %llu of %llu rows rejected (%llu.%llu%%), above "
                    "input.max_reject_rate %s%%",
                    st->display, (unsigned long long)st->rejected,
                    (unsigned long long)st->read, (unsigned long long)(tenths / 10),
                    (unsigned long long)(tenths % 10), limit);
}

static void log_file(rcm_diag *diag, const rcm_file_stats *st, double seconds)
{
    rcm_log(diag,
            "read: %s: %llu row%s, %llu accepted, %llu duplicate%s, %llu rejected, "
            "%llu blanked (%.2f s)",
            st->display, (unsigned long long)st->read, st->read == 1 ? "" : "s",
            (unsigned long long)st->accepted, (unsigned long long)st->duplicates,
            st->duplicates == 1 ? "" : "s", (unsigned long long)st->rejected,
            (unsigned long long)st->blanked, seconds);
}

static void progress(ingest_run *run, const rcm_file_stats *st, uint64_t bytes)
{
    rcm_progress(run->diag, "read: %s: %llu of %llu MiB", st->display,
                 (unsigned long long)((run->done_bytes + bytes) >> 20),
                 (unsigned long long)(run->total_bytes >> 20));
}

/* The dataset array filled by a file grew by doubling: give back the rest. */
static void shrink_rows(const rcm_file_reader *f)
{
    static const size_t elem[RCM_FILE_COUNT] = {sizeof(rcm_enrollment), sizeof(rcm_credential),
                                                sizeof(rcm_assessment), sizeof(rcm_program)};
    rcm_dataset *ds = f->ds;
    void **rows[RCM_FILE_COUNT] = {(void **)&ds->enr, (void **)&ds->cred, (void **)&ds->test,
                                   (void **)&ds->prog};
    size_t n[RCM_FILE_COUNT] = {ds->n_enr, ds->n_cred, ds->n_test, ds->n_prog};
    void *p;
    if (!n[f->kind] || n[f->kind] == f->rows_cap)
        return;
    p = rcm_realloc(*rows[f->kind], n[f->kind] * elem[f->kind]);
    if (p) /* failing to shrink is harmless */
        *rows[f->kind] = p;
}

static rcm_err read_rows(ingest_run *run, rcm_file_reader *f, rcm_csv_reader *r)
{
    const rcm_csv_record *rec;
    uint64_t rows = 0;
    rcm_err err = rcm_csv_next(r, &rec, run->diag);
    if (err)
        return err;
    if (!rec)
        return rcm_fail(run->diag, RCM_ERR_DATA, "%s: empty file: no header row",
                        f->st->display);
    if ((err = map_header(f, rec)) != RCM_OK)
        return err;
    /* parse on the second core while this thread validates; not while a
     * test injects allocation failures, whose count must be deterministic.
     * Started after the header, so it knows which field is the student id
     * (column 0 of every file) and hashes it for the lookahead. */
    if (f->field_of[0] >= 0)
        rcm_csv_set_key_field(r, (size_t)f->field_of[0]);
    if (!rcm_alloc_injection_armed() && rcm_csv_prefetch(r))
        return rcm_fail(run->diag, RCM_ERR_NOMEM, "%s: cannot start the reader thread",
                        f->st->display);
    while ((err = rcm_csv_next(r, &rec, run->diag)) == RCM_OK && rec) {
        if ((err = rcm_ingest_row(f, rec)) != RCM_OK)
            return err;
        if (++rows == PRESIZE_ROWS) /* one rehash instead of ~20 doublings */
            rcm_ingest_presize(f, rcm_csv_estimate_records(r, rows) / 100 * 105);
        if (rows % PROGRESS_ROWS == 0)
            progress(run, f->st, rcm_csv_bytes_read(r));
    }
    return err ? err : rcm_ingest_flush(f);
}

static rcm_err read_file(ingest_run *run, rcm_file_kind kind)
{
    rcm_file_reader f;
    rcm_csv_reader *r;
    rcm_file_stats *st = &run->ds->files[kind];
    double t0 = rcm_now();
    rcm_err err;
    memset(&f, 0, sizeof f);
    f.cfg = run->cfg;
    f.ds = run->ds;
    f.fn = run->opt ? run->opt->fn : NULL;
    f.fn_ctx = run->opt ? run->opt->ctx : NULL;
    f.diag = run->diag;
    f.kind = kind;
    f.st = st;
    f.cols = rcm_schema_columns(kind, &f.n_cols);
    err = rcm_csv_open(st->path, st->display, run->cfg->delimiter ? run->cfg->delimiter : ',',
                       run->opt ? run->opt->chunk_size : 0, &r, run->diag);
    if (err)
        return err;
    f.csv = r;
    err = read_rows(run, &f, r);
    if (!err) {
        st->bytes = rcm_csv_size(r);
        rcm_csv_sha256(r, st->sha256);
        progress(run, st, rcm_csv_bytes_read(r));
        run->done_bytes += rcm_csv_bytes_read(r);
    }
    rcm_csv_close(r);
    rcm_ingest_release(&f);
    shrink_rows(&f);
    if (err)
        return err;
    log_file(run->diag, st, rcm_now() - t0);
    return check_reject_rate(run->cfg, st, run->diag);
}

/* The catalog is listed among the inputs of the manifest (SPEC 8.5). */
static rcm_err catalog_stats(ingest_run *run)
{
    rcm_file_stats *st = &run->ds->catalog;
    const char *path = run->cfg->catalog.path ? run->cfg->catalog.path : run->cfg->catalog_path;
    const char *slash;
    if (!path)
        return RCM_OK;
    slash = strrchr(path, '/');
    st->path = concat3(path, "", "");
    st->display = concat3(slash ? slash + 1 : path, "", "");
    if (!st->path || !st->display)
        return rcm_fail(run->diag, RCM_ERR_NOMEM, "%s: out of memory", path);
    st->present = 1;
    st->read = st->accepted = run->cfg->catalog.n_rows;
    return rcm_source_digest(st->path, st->display, &st->bytes, st->sha256, run->diag);
}

rcm_err rcm_ingest_read(const rcm_config *cfg, const char *input_dir,
                        const rcm_ingest_options *opt, rcm_dataset **out, rcm_diag *diag)
{
    ingest_run run;
    struct stat sb;
    rcm_err err = RCM_OK;
    int k;
    *out = NULL;
    if (stat(input_dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return rcm_fail(diag, RCM_ERR_NOINPUT, "%s: input is not a readable directory",
                        input_dir);
    memset(&run, 0, sizeof run);
    run.cfg = cfg;
    run.opt = opt;
    run.diag = diag;
    run.ds = dataset_new();
    if (!run.ds)
        return rcm_fail(diag, RCM_ERR_NOMEM, "read: out of memory");
    /* find every file before reading any: a missing or ambiguous input
     * fails at once */
    for (k = 0; k < RCM_FILE_COUNT && !err; k++)
        err = locate(&run, input_dir, (rcm_file_kind)k);
    for (k = 0; k < RCM_FILE_COUNT && !err; k++) {
        if (run.ds->files[k].present)
            err = read_file(&run, (rcm_file_kind)k);
        if (!err && k == RCM_FILE_ENROLLMENTS && !run.ds->n_enr)
            err = rcm_fail(diag, RCM_ERR_DATA, "%s: no valid enrollment rows",
                           run.ds->files[k].display);
        if (k == RCM_FILE_ENROLLMENTS) /* later files only look students up */
            rcm_intern_settle(run.ds->students);
    }
    if (!err)
        err = catalog_stats(&run);
    if (err) {
        rcm_dataset_free(run.ds);
        return err;
    }
    *out = run.ds;
    return RCM_OK;
}
