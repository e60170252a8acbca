/*
 * xlsx.c - the board workbook report.xlsx (SPEC 8.6): entry point.
 *
 * Last stage of the pipeline (read -> cohort -> metrics -> suppress ->
 * report). Gathers, in one pass over the metric rows, the rows each sheet
 * shows into lookup tables, then writes the sheets in order with
 * libxlsxwriter in constant_memory mode (a state has ~1,200 schools; rows
 * are streamed to temporary files in the output directory). Everything
 * shown comes from the public view: each row's status from suppression
 * (SPEC 7) decides which cells are hidden.
 *
 * workbook_close() frees the workbook whether or not it succeeds, so the
 * workbook is never touched after it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/parse.h"
#include "report/outset.h"
#include "report/xlsx_internal.h"

/* The workbook's scratch folder in the output directory (see below). */
#define XLSX_SCRATCH ".rcm-tmp-xlsx"

/* Every line the workbook can show, in SPEC 6 order: the label of the
 * Summary, and a short one for the narrow columns of Schools. */
static const struct {
    uint8_t metric;
    const char *detail;
    uint8_t kind, schools, groups;
    const char *label, *short_label;
} line_defs[] = {
    {RCM_METRIC_ACGR, "4yr", XV_RATE, 1, 1, "Graduation rate, 4-year", "Graduation rate, 4-year"},
    {RCM_METRIC_ACGR, "5yr", XV_RATE, 0, 1, "Graduation rate, 5-year", "Graduation rate, 5-year"},
    {RCM_METRIC_CERT_ATTAINMENT, "", XV_RATE, 1, 1,
     "Earned an industry credential (graduating class)", "Credential earned (class)"},
    {RCM_METRIC_CERT_ATTAINMENT_ENROLLED, "", XV_RATE, 1, 1,
     "Earned an industry credential (enrolled students)", "Credential earned (enrolled)"},
    {RCM_METRIC_OH_PFS, "", XV_POINTS, 1, 1, "Prepared for Success (points per student)",
     "Prepared for Success (points)"},
    {RCM_METRIC_OH_CRED_PATHWAY, "", XV_RATE, 1, 1, "Credential graduation pathway met",
     "Credential pathway met"},
    {RCM_METRIC_TN_READY_GRADUATE, "", XV_RATE, 1, 1, "Ready Graduate", "Ready Graduate"},
    {RCM_METRIC_CO_COMPETENCY, "english", XV_RATE, 1, 1, "Competency by certificate: English",
     "Competency: English"},
    {RCM_METRIC_CO_COMPETENCY, "math", XV_RATE, 1, 1, "Competency by certificate: math",
     "Competency: math"},
    {RCM_METRIC_CO_COMPETENCY, "both", XV_RATE, 1, 1,
     "Competency by certificate: English and math", "Competency: English and math"},
    {RCM_METRIC_CO_CDIP, "tier1", XV_DOLLARS, 0, 0, "Incentive dollars, tier 1 (credentials)",
     "Incentive, tier 1"},
    {RCM_METRIC_CO_CDIP, "tier2", XV_DOLLARS, 0, 0,
     "Incentive dollars, tier 2 (internships, apprenticeships)", "Incentive, tier 2"},
    {RCM_METRIC_CO_CDIP, "tier3", XV_DOLLARS, 0, 0,
     "Incentive dollars, tier 3 (AP computer science)", "Incentive, tier 3"},
};
_Static_assert(sizeof line_defs / sizeof line_defs[0] <= XLSX_MAX_LINES, "line table");

char rcm_report_pfs_grade(const rcm_config *cfg, const rcm_metric_row *row)
{
    /* percent with one decimal, in tenths, from the exact points per student
     * (not the 4-decimal value, which would round twice): 190.5 points over
     * 200 = 95.25% -> 95.3% (953); half away from zero as everywhere in rcm */
    int64_t den = row->den, percent_e1, best_min = 0;
    char letter = 'F';
    int i, found = 0;
    for (i = 0; i < row->num_scale_digits; i++)
        den *= 10;
    if (den <= 0)
        return 'F';
    percent_e1 = rcm_div_round(row->num * 1000, den);
    /* the grade with the highest cut-off the percent reaches; the scale's
     * cut-offs are fixed-point percents (A:93 = 93 * RCM_FIXED_ONE) */
    for (i = 0; i < cfg->n_grades && i < 8; i++) {
        int64_t min = cfg->grades[i].min_percent;
        if (percent_e1 * (RCM_FIXED_ONE / 10) >= min && (!found || min > best_min)) {
            best_min = min;
            letter = cfg->grades[i].letter;
            found = 1;
        }
    }
    return letter;
}

const rcm_metric_row *xlsx_row_at(const xlsx_ctx *x, size_t idx)
{
    return idx == XLSX_NONE ? NULL : &x->res->rows[idx];
}

uint8_t xlsx_status_at(const xlsx_ctx *x, size_t idx)
{
    if (idx == XLSX_NONE)
        return RCM_STATUS_REPORTED;
    return x->in->public_status ? x->in->public_status[idx] : RCM_STATUS_SUPPRESSED_N;
}

void xlsx_fail(xlsx_ctx *x, const char *where, lxw_error e)
{
    if (x->lxw_err != LXW_NO_ERROR)
        return;
    x->lxw_err = e;
    snprintf(x->where, sizeof x->where, "%s", where);
}

/* The lines of the enabled metrics, with their detail indices. */
static void pick_lines(xlsx_ctx *x)
{
    size_t i, d;
    x->n_lines = 0;
    for (i = 0; i < sizeof line_defs / sizeof line_defs[0]; i++) {
        xlsx_line *l;
        if (!x->cfg->enabled[line_defs[i].metric])
            continue;
        l = &x->lines[x->n_lines++];
        l->metric = line_defs[i].metric;
        l->detail = line_defs[i].detail;
        l->kind = line_defs[i].kind;
        l->schools = line_defs[i].schools;
        l->groups = line_defs[i].groups;
        l->label = line_defs[i].label;
        l->short_label = line_defs[i].short_label;
        l->detail_idx = XLSX_NONE;
        for (d = 0; d < x->res->n_details; d++)
            if (x->res->details[d] && strcmp(x->res->details[d], l->detail) == 0) {
                l->detail_idx = d;
                break;
            }
    }
}

/* The trend window: the last report_years school years up to the data's
 * latest (ds->max_label; rows of later cohorts are not shown). */
static void pick_years(xlsx_ctx *x)
{
    size_t i;
    int n = x->cfg->report_years;
    x->latest = x->in->ds ? x->in->ds->max_label : 0;
    if (x->latest <= 0)
        for (i = 0; i < x->res->n_rows; i++)
            if (x->res->rows[i].year > x->latest)
                x->latest = x->res->rows[i].year;
    if (n < 1)
        n = 1;
    if (n > XLSX_MAX_YEARS)
        n = XLSX_MAX_YEARS;
    x->n_years = n;
    x->first_year = x->latest - n + 1;
}

static size_t *alloc_slots(size_t n)
{
    size_t i, *p = rcm_malloc((n ? n : 1) * sizeof *p);
    if (p)
        for (i = 0; i < n; i++)
            p[i] = XLSX_NONE;
    return p;
}

/* File row i of res->rows into the lookup tables of line l. */
static void index_row(xlsx_ctx *x, size_t l, size_t i)
{
    const rcm_metric_row *r = &x->res->rows[i];
    int slot = (int)r->year - x->first_year;
    size_t *p;
    if (r->level == RCM_LEVEL_SCHOOL && r->group == RCM_DIM_ALL && r->year == x->latest &&
        r->entity < x->ent->n_schools) {
        p = &x->school_idx[l * x->ent->n_schools + r->entity];
        if (*p == XLSX_NONE)
            *p = i;
    }
    if (r->level != RCM_LEVEL_ALL || slot < 0 || slot >= x->n_years)
        return;
    if (r->group == RCM_DIM_ALL && x->summary_idx[l * (size_t)x->n_years + (size_t)slot] == XLSX_NONE)
        x->summary_idx[l * (size_t)x->n_years + (size_t)slot] = i;
    if (r->group < RCM_DIM_COUNT && r->group_value < XLSX_MAX_GV) {
        p = &x->group_idx[((l * RCM_DIM_COUNT + r->group) * XLSX_MAX_GV + r->group_value) *
                              (size_t)x->n_years + (size_t)slot];
        if (*p == XLSX_NONE)
            *p = i;
    }
}

/* One pass over every metric row. Returns 0, or -1 when out of memory. */
static int build_index(xlsx_ctx *x)
{
    size_t by_metric[RCM_METRIC_COUNT][4], n_by[RCM_METRIC_COUNT] = {0};
    size_t nl = x->n_lines, ny = (size_t)x->n_years, i, k;
    x->summary_idx = alloc_slots(nl * ny);
    x->school_idx = alloc_slots(nl * x->ent->n_schools);
    x->group_idx = alloc_slots(nl * RCM_DIM_COUNT * XLSX_MAX_GV * ny);
    x->text_cap = 4 * (size_t)XLSX_TEXT_MAX + 16;
    x->text = rcm_malloc(x->text_cap);
    if (!x->summary_idx || !x->school_idx || !x->group_idx || !x->text)
        return -1;
    for (i = 0; i < nl; i++) {
        uint8_t m = x->lines[i].metric;
        if (x->lines[i].detail_idx != XLSX_NONE && n_by[m] < 4)
            by_metric[m][n_by[m]++] = i;
    }
    for (i = 0; i < x->res->n_rows; i++) {
        const rcm_metric_row *r = &x->res->rows[i];
        if (r->metric >= RCM_METRIC_COUNT || r->den == 0)
            continue; /* a zero denominator has no figure (SPEC 6) */
        for (k = 0; k < n_by[r->metric]; k++)
            if (x->lines[by_metric[r->metric][k]].detail_idx == r->detail)
                index_row(x, by_metric[r->metric][k], i);
    }
    return 0;
}

/* Cell formats. libxlsxwriter owns them (freed with the workbook). */
static lxw_format *fmt_new(xlsx_ctx *x, int bold, lxw_color_t fill)
{
    lxw_format *f = workbook_add_format(x->wb);
    if (!f)
        return NULL;
    format_set_font_name(f, "Calibri");
    format_set_font_size(f, 11);
    if (bold)
        format_set_bold(f);
    if (fill != LXW_COLOR_WHITE) {
        format_set_pattern(f, LXW_PATTERN_SOLID);
        format_set_bg_color(f, fill);
    }
    return f;
}

static void make_value_formats(xlsx_ctx *x)
{
    static const char *const num[XV_KIND_COUNT] = {"0.0%", "0.000", "$#,##0.00", "#,##0",
                                                   NULL, NULL};
    int k, hl;
    for (k = 0; k < XV_KIND_COUNT; k++)
        for (hl = 0; hl < 2; hl++) {
            lxw_format *f = fmt_new(x, hl || k == XV_GRADE, hl ? 0xFFF2CC : LXW_COLOR_WHITE);
            if (!f)
                return;
            if (num[k])
                format_set_num_format(f, num[k]);
            format_set_align(f, LXW_ALIGN_RIGHT); /* a grade lines up with the figures */
            format_set_bottom(f, LXW_BORDER_HAIR);
            format_set_bottom_color(f, 0xBFBFBF);
            x->f.value[k][hl] = f;
        }
}

static void make_formats(xlsx_ctx *x)
{
    xlsx_formats *f = &x->f;
    f->title = fmt_new(x, 1, LXW_COLOR_WHITE);
    f->subtitle = fmt_new(x, 1, LXW_COLOR_WHITE);
    f->note = fmt_new(x, 0, LXW_COLOR_WHITE);
    f->header = fmt_new(x, 1, 0x1F4E79);
    f->header_num = fmt_new(x, 1, 0x1F4E79);
    f->header_latest = fmt_new(x, 1, 0xC65911);
    f->section = fmt_new(x, 1, 0xDDEBF7);
    f->label = fmt_new(x, 1, LXW_COLOR_WHITE);
    f->label_top = fmt_new(x, 1, LXW_COLOR_WHITE);
    f->text = fmt_new(x, 0, LXW_COLOR_WHITE);
    f->muted = fmt_new(x, 0, LXW_COLOR_WHITE);
    f->wrap = fmt_new(x, 0, LXW_COLOR_WHITE);
    f->id = fmt_new(x, 0, LXW_COLOR_WHITE);
    f->key = fmt_new(x, 0, LXW_COLOR_WHITE);
    f->pct = fmt_new(x, 0, LXW_COLOR_WHITE);
    if (!f->title || !f->subtitle || !f->note || !f->header || !f->header_num || !f->header_latest ||
        !f->section || !f->label || !f->label_top ||
        !f->text || !f->muted || !f->wrap || !f->id || !f->key || !f->pct)
        return;
    format_set_font_size(f->title, 16);
    format_set_font_color(f->title, 0x1F4E79);
    format_set_font_size(f->subtitle, 12);
    format_set_italic(f->note);
    format_set_font_color(f->note, 0x404040);
    format_set_font_color(f->header, LXW_COLOR_WHITE);
    format_set_font_color(f->header_num, LXW_COLOR_WHITE);
    format_set_font_color(f->header_latest, LXW_COLOR_WHITE);
    format_set_text_wrap(f->header);
    format_set_text_wrap(f->header_num);
    format_set_text_wrap(f->header_latest);
    format_set_align(f->header, LXW_ALIGN_VERTICAL_CENTER);
    format_set_align(f->header_num, LXW_ALIGN_VERTICAL_CENTER);
    format_set_align(f->header_num, LXW_ALIGN_CENTER);
    format_set_align(f->header_latest, LXW_ALIGN_VERTICAL_CENTER);
    format_set_align(f->header_latest, LXW_ALIGN_CENTER);
    format_set_text_wrap(f->wrap);
    format_set_align(f->wrap, LXW_ALIGN_VERTICAL_TOP);
    format_set_align(f->label_top, LXW_ALIGN_VERTICAL_TOP); /* beside wrapped text */
    format_set_num_format(f->id, "@"); /* identifiers are text: leading zeros stay */
    format_set_font_color(f->key, 0x808080);
    format_set_font_color(f->muted, 0x7F7F7F);
    format_set_num_format(f->pct, "0.0%");
    make_value_formats(x);
}

static int formats_ok(const xlsx_ctx *x)
{
    int k, hl;
    for (k = 0; k < XV_KIND_COUNT; k++)
        for (hl = 0; hl < 2; hl++)
            if (!x->f.value[k][hl])
                return 0;
    return x->f.title && x->f.pct;
}

/* Document properties: a fixed creation time so the same input gives the
 * same workbook (SPEC 8 byte-identical outputs). */
static void set_properties(xlsx_ctx *x)
{
    lxw_doc_properties props;
    char title[256], author[] = "rcm", subject[] = "Report-card metrics";
    memset(&props, 0, sizeof props);
    snprintf(title, sizeof title, "%s", xlsx_clean(x, x->cfg->title ? x->cfg->title : ""));
    props.title = title;
    props.author = author;
    props.subject = subject;
    /* 0 would make libxlsxwriter use the current time: 1980-01-01 instead */
    props.created = x->in->source_epoch > 0 ? (time_t)x->in->source_epoch : (time_t)315532800;
    xlsx_fail(x, "document properties", workbook_set_properties(x->wb, &props));
}

/* Directory of `path` for libxlsxwriter's temporary files, so that a big
 * workbook does not fill a small /tmp. */
static void dir_of(const char *path, char *dir, size_t cap)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, cap, ".");
    else if (slash == path)
        snprintf(dir, cap, "/");
    else
        snprintf(dir, cap, "%.*s", (int)(slash - path), path);
}

static void write_sheets(xlsx_ctx *x)
{
    xlsx_sheet_summary(x);
    xlsx_sheet_schools(x);
    xlsx_sheet_subgroups(x);
    xlsx_sheet_credentials(x);
    xlsx_sheet_quality(x);
    xlsx_sheet_about(x);
}

static void free_ctx(xlsx_ctx *x)
{
    free(x->summary_idx);
    free(x->school_idx);
    free(x->group_idx);
    free(x->text);
}

static rcm_err close_workbook(xlsx_ctx *x, const char *path, rcm_diag *diag)
{
    lxw_error close_err = workbook_close(x->wb); /* frees the workbook in every case */
    x->wb = NULL;
    if (x->lxw_err == LXW_ERROR_MEMORY_MALLOC_FAILED)
        return rcm_fail(diag, RCM_ERR_NOMEM, "%s: out of memory writing %s", path, x->where);
    if (x->lxw_err == LXW_ERROR_CREATING_TMPFILE)
        return rcm_fail(diag, RCM_ERR_IO, "%s: cannot write %s: %s", path, x->where,
                        lxw_strerror(x->lxw_err));
    if (x->lxw_err != LXW_NO_ERROR) /* a call rcm got wrong: a bug */
        return rcm_fail(diag, RCM_ERR_SOFTWARE, "%s: internal error at %s: %s", path, x->where,
                        lxw_strerror(x->lxw_err));
    if (close_err == LXW_ERROR_MEMORY_MALLOC_FAILED)
        return rcm_fail(diag, RCM_ERR_NOMEM, "%s: out of memory writing the workbook", path);
    if (close_err != LXW_NO_ERROR)
        return rcm_fail(diag, RCM_ERR_IO, "%s: cannot write the workbook: %s", path,
                        lxw_strerror(close_err));
    return RCM_OK;
}

rcm_err rcm_report_write_xlsx(const rcm_report_input *in, const char *path, rcm_diag *diag)
{
    xlsx_ctx x;
    lxw_workbook_options opt;
    char outdir[4096], tmpdir[4096 + sizeof XLSX_SCRATCH];
    int n;
    FILE *probe;
    rcm_err err;
    memset(&x, 0, sizeof x);
    x.in = in;
    x.cfg = in->cfg;
    x.res = in->res;
    x.ent = &in->cohort->entities;
    pick_lines(&x);
    pick_years(&x);
    if (build_index(&x) != 0) {
        free_ctx(&x);
        return rcm_fail(diag, RCM_ERR_NOMEM, "%s: out of memory preparing the workbook", path);
    }
    /* libxlsxwriter only opens the file in workbook_close() and prints its
     * own message when it cannot: find out first, with ours */
    probe = fopen(path, "wb");
    if (!probe) {
        int e = errno;
        free_ctx(&x);
        return rcm_fail(diag, RCM_ERR_IO, "%s: cannot create: %s", path, strerror(e));
    }
    fclose(probe);
    /* libxlsxwriter makes its temporary files with mkstemp and unlinks them
     * just after: a run killed in between would leave one behind. They go
     * to a scratch folder named like the other temporary outputs, which the
     * next run removes (SPEC 8.7), and which is removed once written. */
    dir_of(path, outdir, sizeof outdir);
    n = snprintf(tmpdir, sizeof tmpdir, "%s/%s", outdir, XLSX_SCRATCH);
    if (n < 0 || (size_t)n >= sizeof tmpdir) {
        free_ctx(&x);
        return rcm_fail(diag, RCM_ERR_IO, "%s: path too long", path);
    }
    if (mkdir(tmpdir, 0700) != 0 && errno != EEXIST) {
        int e = errno;
        free_ctx(&x);
        return rcm_fail(diag, RCM_ERR_IO, "%s: cannot create: %s", tmpdir, strerror(e));
    }
    memset(&opt, 0, sizeof opt);
    opt.constant_memory = LXW_TRUE;
    opt.tmpdir = tmpdir;
    x.wb = workbook_new_opt(path, &opt);
    if (!x.wb) {
        free_ctx(&x);
        rcm_remove_scratch_dir(tmpdir);
        return rcm_fail(diag, RCM_ERR_NOMEM, "%s: cannot start the workbook", path);
    }
    make_formats(&x);
    if (formats_ok(&x)) {
        set_properties(&x);
        write_sheets(&x);
    } else {
        xlsx_fail(&x, "cell formats", LXW_ERROR_MEMORY_MALLOC_FAILED);
    }
    err = close_workbook(&x, path, diag);
    free_ctx(&x);
    rcm_remove_scratch_dir(tmpdir);
    return err;
}
