/*
 * pipeline.c - rcm_run and rcm_validate: read -> cohort -> metrics ->
 * suppress -> report, with outputs committed only when every stage
 * succeeded (SPEC 8.7).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cohort/cohort.h"
#include "core/arena.h"
#include "core/diag.h"
#include "core/parse.h"
#include "ingest/ingest.h"
#include "metrics/metrics.h"
#include "report/manifest.h"
#include "report/outset.h"
#include "report/stream.h"
#include "report/report.h"
#include "suppress/suppress.h"

/* Reject lines: written to rejects.csv (when there is an output) and
 * counted by file, action and reason code for the Data quality sheet. */
typedef struct {
    FILE *f;
    rcm_reason_count *counts;
    size_t n, cap;
    char codes[64][48];  /* distinct reason codes seen (stable storage) */
    size_t n_codes;
    int nomem;           /* the last failure was out of memory, not a write */
} reject_sink;

static const char *intern_code(reject_sink *s, const char *reason)
{
    size_t len = strcspn(reason, ":"), i;
    if (len >= sizeof s->codes[0])
        len = sizeof s->codes[0] - 1;
    for (i = 0; i < s->n_codes; i++)
        if (strncmp(s->codes[i], reason, len) == 0 && s->codes[i][len] == '\0')
            return s->codes[i];
    if (s->n_codes == 64)
        return "other";
    memcpy(s->codes[s->n_codes], reason, len);
    s->codes[s->n_codes][len] = '\0';
    return s->codes[s->n_codes++];
}

static int file_kind_of(const char *display)
{
    int k;
    for (k = 0; k < RCM_FILE_COUNT; k++)
        if (strncmp(display, rcm_file_names[k], strlen(rcm_file_names[k])) == 0)
            return k;
    return RCM_FILE_COUNT;
}

/* A rejected value as read, kept readable and the file valid UTF-8 (SPEC
 * 8): bytes that are not UTF-8 text, and NULs, are written as \xNN. */
static void put_value(FILE *f, const char *v, size_t len)
{
    char buf[1024];
    size_t i, n = 0;
    if (rcm_valid_text(v, len)) {
        rcm_csv_put_field(f, v, len);
        return;
    }
    for (i = 0; i < len && n + 4 < sizeof buf; i++) {
        unsigned char c = (unsigned char)v[i];
        size_t k = 1;
        if (c >= 0x80 || c == 0) { /* keep whole valid sequences, escape the rest */
            k = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
            if (c == 0 || k == 1 || i + k > len || !rcm_valid_text(v + i, k) ||
                n + k >= sizeof buf) {
                n += (size_t)snprintf(buf + n, sizeof buf - n, "\\x%02X", c);
                continue;
            }
        }
        memcpy(buf + n, v + i, k);
        n += k;
        i += k - 1;
    }
    rcm_csv_put_field(f, buf, n);
}

static int sink_reject(void *ctx, const rcm_reject *r)
{
    reject_sink *s = ctx;
    const char *code = intern_code(s, r->reason);
    int kind = file_kind_of(r->file);
    size_t i;
    if (s->f) {
        rcm_csv_put_field(s->f, r->file, strlen(r->file));
        fprintf(s->f, ",%llu,", (unsigned long long)r->line);
        rcm_csv_put_field(s->f, r->column, strlen(r->column));
        putc(',', s->f);
        put_value(s->f, r->value, r->value_len);
        putc(',', s->f);
        rcm_csv_put_field(s->f, r->reason, strlen(r->reason));
        fputs(r->blanked ? ",blanked\n" : ",rejected\n", s->f);
        if (ferror(s->f))
            return -1;
    }
    for (i = 0; i < s->n; i++)
        if (s->counts[i].file == kind && s->counts[i].blanked == r->blanked &&
            s->counts[i].reason == code) {
            s->counts[i].count++;
            return 0;
        }
    if (rcm_grow((void **)&s->counts, &s->cap, s->n + 1, sizeof *s->counts)) {
        s->nomem = 1; /* ingest reports -1 as a write error: read_inputs corrects it */
        return -1;
    }
    s->counts[s->n].file = (uint8_t)kind;
    s->counts[s->n].blanked = (uint8_t)r->blanked;
    s->counts[s->n].reason = code;
    s->counts[s->n].count = 1;
    s->n++;
    return 0;
}

static int cmp_reasons(const void *pa, const void *pb)
{
    const rcm_reason_count *a = pa, *b = pb;
    if (a->file != b->file)
        return a->file < b->file ? -1 : 1;
    if (a->blanked != b->blanked)
        return a->blanked < b->blanked ? -1 : 1;
    return strcmp(a->reason, b->reason);
}

/* Everything one run owns, released in one place. */
typedef struct {
    const rcm_options *opt;
    rcm_config *cfg;
    rcm_dataset *ds;
    rcm_cohort *cohort;
    rcm_results *res;
    rcm_outset out;
    int have_out;
    reject_sink rejects;
    rcm_outfile *rejects_file;
    time_t started;
    /* metrics.csv and metrics_public.csv, streamed block by block */
    rcm_csv_stream *csv;
    FILE *full, *public_csv;
    rcm_outfile *full_file, *public_file;
    uint64_t n_status[RCM_STATUS_COUNT];
    /* copies of the detail strings handed to the writer threads, by detail
     * id (on_block); freed after the threads stopped */
    char **details;
    size_t details_cap;
} run_state;

static void release(run_state *r)
{
    size_t i;
    rcm_csv_stream_finish(r->csv, NULL); /* writer threads stop before their files close */
    for (i = 0; i < r->details_cap; i++)
        free(r->details[i]);
    free(r->details);
    if (r->rejects.f)
        fclose(r->rejects.f);
    if (r->full)
        fclose(r->full);
    if (r->public_csv)
        fclose(r->public_csv);
    if (r->have_out)
        rcm_outset_release(&r->out);
    free(r->rejects.counts);
    rcm_results_free(r->res);
    rcm_cohort_free(r->cohort);
    rcm_dataset_free(r->ds);
    rcm_config_free(r->cfg);
}

static rcm_err open_rejects(run_state *r, rcm_diag *diag)
{
    rcm_err err;
    if (!r->opt->output_dir)
        return RCM_OK;
    r->have_out = 1; /* release() frees a half-opened set too */
    if ((err = rcm_outset_open(&r->out, r->opt->output_dir, diag)))
        return err;
    /* rejects.csv holds student identifiers: 0600, never published */
    if ((err = rcm_outset_add(&r->out, "rejects.csv", 0600, &r->rejects.f, &r->rejects_file,
                              diag)))
        return err;
    fputs("file,line,column,value,reason,action\n", r->rejects.f);
    return RCM_OK;
}

static rcm_err read_inputs(run_state *r, rcm_diag *diag)
{
    rcm_ingest_options io;
    rcm_err err;
    const rcm_options *opt = r->opt;
    r->started = time(NULL);
    if ((err = rcm_config_load(opt->config_path, opt->sets, opt->n_sets, &r->cfg, diag)))
        return err;
    if ((err = open_rejects(r, diag)))
        return err;
    memset(&io, 0, sizeof io);
    io.fn = sink_reject;
    io.ctx = &r->rejects;
    if ((err = rcm_ingest_read(r->cfg, opt->input_dir, &io, &r->ds, diag))) {
        if (err == RCM_ERR_IO && r->rejects.nomem)
            return rcm_fail(diag, RCM_ERR_NOMEM, "out of memory counting reject reasons");
        return err;
    }
    if (r->rejects.n) /* qsort of an empty, NULL array is undefined */
        qsort(r->rejects.counts, r->rejects.n, sizeof *r->rejects.counts, cmp_reasons);
    if (r->rejects.f) {
        FILE *f = r->rejects.f;
        r->rejects.f = NULL;
        if ((err = rcm_outset_close(&r->out, r->rejects_file, f, diag)) ||
            (err = rcm_outset_checksum(r->rejects_file, diag)))
            return err;
    }
    return RCM_OK;
}

/* Fixed document time for the workbook: SOURCE_DATE_EPOCH when set, else
 * the year_end of the latest school year in the data (reproducible). */
static int64_t source_epoch(const run_state *r)
{
    const char *env = getenv("SOURCE_DATE_EPOCH");
    uint64_t v;
    if (env && !rcm_parse_uint(env, strlen(env), (uint64_t)1 << 40, &v))
        return (int64_t)v;
    return (int64_t)rcm_year_end(r->ds->max_label ? r->ds->max_label : 2000,
                                 r->cfg->year_end_month, r->cfg->year_end_day) * 86400;
}

static rcm_err write_students(run_state *r, const rcm_report_input *in, rcm_diag *diag)
{
    FILE *f = NULL;
    rcm_outfile *of;
    rcm_err err = rcm_outset_add(&r->out, "students.csv", 0600, &f, &of, diag);
    if (err)
        return err;
    if ((err = rcm_report_write_students_csv(in, f, diag))) {
        fclose(f);
        return err == RCM_ERR_IO ? rcm_fail(diag, err, "students.csv: write failed") : err;
    }
    if ((err = rcm_outset_close(&r->out, of, f, diag)))
        return err;
    return rcm_outset_checksum(of, diag);
}

static rcm_err write_manifest(run_state *r, rcm_diag *diag)
{
    rcm_manifest_input m;
    rcm_outfile *of;
    FILE *f = NULL;
    rcm_err err;
    int i;
    memset(&m, 0, sizeof m);
    m.cfg = r->cfg;
    m.ds = r->ds;
    m.cohort = r->cohort;
    for (i = 0; i < r->out.n_files; i++)
        m.outputs[m.n_outputs++] = &r->out.files[i];
    m.started = r->started;
    m.finished = time(NULL);
    if ((err = rcm_outset_add(&r->out, "manifest.json", 0644, &f, &of, diag)))
        return err;
    if ((err = rcm_report_write_manifest(&m, f, diag))) {
        fclose(f);
        return err;
    }
    return rcm_outset_close(&r->out, of, f, diag);
}

static rcm_err write_outputs(run_state *r, rcm_diag *diag)
{
    rcm_report_input in;
    rcm_outfile *xl;
    rcm_err err;
    double t0 = rcm_now();
    memset(&in, 0, sizeof in);
    in.cfg = r->cfg;
    in.ds = r->ds;
    in.cohort = r->cohort;
    in.res = r->res;
    in.public_status = r->res->public_status;
    in.reasons = r->rejects.counts;
    in.n_reasons = r->rejects.n;
    in.source_epoch = source_epoch(r);
    if (r->opt->student_detail && (err = write_students(r, &in, diag)))
        return err;
    if ((err = rcm_outset_add(&r->out, "report.xlsx", 0644, NULL, &xl, diag)) ||
        (err = rcm_report_write_xlsx(&in, xl->tmp_path, diag)) ||
        (err = rcm_outset_sync(xl, diag)) || (err = rcm_outset_checksum(xl, diag)))
        return err;
    if ((err = write_manifest(r, diag)) || (err = rcm_outset_commit(&r->out, diag)))
        return err;
    rcm_log(diag, "report: %d files written to %s (%.2f s)", r->out.n_files, r->out.dir,
            rcm_now() - t0);
    return RCM_OK;
}

/* A stage that failed without saying why gets a message naming it, so the
 * person reading the cron mail knows where (e.g. "suppress: out of memory or
 * system failure"). */
static rcm_err stage_failed(rcm_err err, const char *stage, rcm_diag *diag)
{
    if (err && !diag->message[0])
        rcm_fail(diag, err, "%s: %s", stage, rcm_strerror(err));
    return err;
}

/*
 * The detail string of detail id `d`, as a copy the run owns. The writer
 * threads may still be writing queued blocks when rcm_metrics_compute
 * fails, and it frees its results -- detail strings included -- before it
 * returns; so the threads are handed copies that live until release().
 * Detail ids are stable (appended, never renumbered). NULL: out of memory.
 */
static const char *detail_copy(run_state *r, const rcm_results *res, uint16_t d)
{
    size_t len;
    if (d >= r->details_cap) {
        size_t cap = r->details_cap;
        if (rcm_grow((void **)&r->details, &cap, (size_t)d + 1, sizeof *r->details))
            return NULL;
        memset(r->details + r->details_cap, 0, (cap - r->details_cap) * sizeof *r->details);
        r->details_cap = cap;
    }
    if (!r->details[d]) {
        len = strlen(res->details[d]);
        if (!(r->details[d] = rcm_malloc(len + 1)))
            return NULL;
        memcpy(r->details[d], res->details[d], len + 1);
    }
    return r->details[d];
}

/* The sink of the metric stage: each finished (metric, detail, year) block
 * is suppressed (SPEC 7) and written to both metrics files at once. */
static rcm_err on_block(void *ctx, const rcm_results *res, const rcm_metric_row *rows, size_t n,
                        uint8_t *status)
{
    run_state *r = ctx;
    const char *detail;
    rcm_err err;
    size_t i;
    if ((err = rcm_suppress_rows(r->cfg, &r->cohort->entities, rows, n, status)))
        return err;
    for (i = 0; i < n; i++)
        r->n_status[status[i] < RCM_STATUS_COUNT ? status[i] : 0]++;
    if (!(detail = detail_copy(r, res, rows[0].detail)))
        return RCM_ERR_NOMEM;
    return rcm_csv_stream_push(r->csv, detail, rows, n, status);
}

static rcm_err open_metrics_files(run_state *r, rcm_diag *diag)
{
    rcm_err err;
    if ((err = rcm_outset_add(&r->out, "metrics.csv", 0644, &r->full, &r->full_file, diag)) ||
        (err = rcm_outset_add(&r->out, "metrics_public.csv", 0644, &r->public_csv,
                              &r->public_file, diag)))
        return err;
    if (rcm_csv_stream_start(r->cfg, r->cohort, r->full, r->public_csv, &r->csv))
        return rcm_fail(diag, RCM_ERR_NOMEM, "report: out of memory");
    return RCM_OK;
}

/* The writer hashed every byte it wrote: no read-back for the checksum. */
static rcm_err close_metrics_file(run_state *r, FILE **f, rcm_outfile *of,
                                  const rcm_csv_digest *dg, rcm_diag *diag)
{
    FILE *fp = *f;
    *f = NULL;
    memcpy(of->sha256, dg->sha256, sizeof of->sha256);
    of->bytes = dg->bytes;
    return rcm_outset_close(&r->out, of, fp, diag);
}

/* Metrics, suppression and the two metrics files in one pass: rows stream
 * from the metric stage to the files block by block. */
static rcm_err compute_and_stream(run_state *r, rcm_diag *diag)
{
    rcm_csv_digest digest[2];
    rcm_row_sink sink;
    rcm_err err;
    double t0;
    if ((err = open_metrics_files(r, diag)))
        return err;
    sink.fn = on_block;
    sink.ctx = r;
    if ((err = stage_failed(rcm_metrics_compute(r->cohort, &sink, &r->res, diag), "metrics",
                            diag)))
        return err == RCM_ERR_IO ? rcm_fail(diag, err, "metrics.csv: write failed") : err;
    t0 = rcm_now();
    err = rcm_csv_stream_finish(r->csv, digest);
    r->csv = NULL;
    if (err) /* a writer thread ran out of memory, or its write failed */
        return rcm_fail(diag, err, "metrics.csv: %s",
                        err == RCM_ERR_NOMEM ? "out of memory" : "write failed");
    if ((err = close_metrics_file(r, &r->full, r->full_file, &digest[0], diag)) ||
        (err = close_metrics_file(r, &r->public_csv, r->public_file, &digest[1], diag)))
        return err;
    rcm_log(diag,
            "suppress: %llu public rows, %llu suppressed (n), %llu (bounds), %llu "
            "(complementary); metrics files flushed (%.2f s)",
            (unsigned long long)r->res->n_rows_total,
            (unsigned long long)r->n_status[RCM_STATUS_SUPPRESSED_N],
            (unsigned long long)r->n_status[RCM_STATUS_SUPPRESSED_BOUNDS],
            (unsigned long long)r->n_status[RCM_STATUS_SUPPRESSED_COMPLEMENT], rcm_now() - t0);
    return RCM_OK;
}

/* A fresh run: empty state, no error recorded yet. */
static void begin(run_state *r, const rcm_options *opt, rcm_diag *diag)
{
    memset(r, 0, sizeof *r);
    r->opt = opt;
    diag->err = RCM_OK;
    diag->message[0] = '\0';
}

rcm_err rcm_run(const rcm_options *opt, rcm_diag *diag)
{
    run_state r;
    rcm_err err;
    begin(&r, opt, diag);
    if (!opt->output_dir)
        return rcm_fail(diag, RCM_ERR_USAGE, "run needs --output");
    if (!(err = stage_failed(read_inputs(&r, diag), "read", diag)) &&
        !(err = stage_failed(rcm_cohort_build(r.cfg, r.ds, &r.cohort, diag), "cohort", diag)) &&
        !(err = compute_and_stream(&r, diag)))
        err = stage_failed(write_outputs(&r, diag), "report", diag);
    release(&r);
    return err;
}

rcm_err rcm_validate(const rcm_options *opt, rcm_diag *diag)
{
    run_state r;
    rcm_err err;
    begin(&r, opt, diag);
    err = stage_failed(read_inputs(&r, diag), "read", diag);
    if (!err && r.have_out)
        err = rcm_outset_commit(&r.out, diag);
    if (!err) {
        int k;
        for (k = 0; k < RCM_FILE_COUNT; k++) {
            const rcm_file_stats *fs = &r.ds->files[k];
            if (fs->present)
                rcm_log(diag,
                        "validate: %s: read %llu = accepted %llu + duplicates %llu + rejected "
                        "%llu; blanked %llu",
                        fs->display, (unsigned long long)fs->read,
                        (unsigned long long)fs->accepted, (unsigned long long)fs->duplicates,
                        (unsigned long long)fs->rejected, (unsigned long long)fs->blanked);
        }
    }
    release(&r);
    return err;
}
