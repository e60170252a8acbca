/*
 * xlsx_about.c - the Data quality and About sheets of report.xlsx
 * (SPEC 8.6).
 *
 * Data quality: the reconciliation of every input file (SPEC 3.6: read =
 * accepted + duplicates + rejected, blanked fields), reject reasons with
 * counts, and the cohort figures (conflicts by rule, students without a
 * cohort). Counts only: no student identifier ever reaches the workbook.
 * About: what each measure means in plain words, how years are labelled,
 * the suppression rule with this run's settings, and what produced the
 * workbook (rcm version, config and input checksums).
 */
#include <string.h>

#include "core/parse.h"
#include "report/xlsx_internal.h"

static void count_cell(xlsx_sheet *s, lxw_col_t col, uint64_t n)
{
    xs_num(s, col, (double)n, s->x->f.value[XV_COUNT][0]);
}

/* One reconciliation row; f < RCM_FILE_COUNT, or RCM_FILE_COUNT: catalog. */
static void file_row(xlsx_sheet *s, const rcm_file_stats *st, const char *name)
{
    lxw_format *text = s->x->f.text;
    xs_str(s, 0, name, s->x->f.label);
    if (!st->present) {
        xs_str(s, 1, "not provided", s->x->f.note);
        xs_next(s);
        return;
    }
    xs_input(s, 1, st->display ? st->display : st->path, text);
    count_cell(s, 2, st->read);
    count_cell(s, 3, st->accepted);
    count_cell(s, 4, st->duplicates);
    count_cell(s, 5, st->rejected);
    count_cell(s, 6, st->blanked);
    if (st->read > 0)
        xs_num(s, 7, (double)st->rejected / (double)st->read, s->x->f.pct);
    xs_str(s, 8, st->read == st->accepted + st->duplicates + st->rejected ? "yes" : "NO",
           s->x->f.value[XV_GRADE][0]);
    xs_next(s);
}

static void files_table(xlsx_sheet *s)
{
    static const char *const heads[] = {"Input",    "File",          "Rows read",
                                        "Accepted", "Duplicates merged", "Rejected",
                                        "Fields blanked", "Rejected share", "Balanced"};
    const rcm_dataset *ds = s->x->in->ds;
    size_t i;
    xs_row(s, 32, 0);
    for (i = 0; i < sizeof heads / sizeof heads[0]; i++)
        xs_str(s, (lxw_col_t)i, heads[i], i < 2 ? s->x->f.header : s->x->f.header_num);
    xs_next(s);
    if (!ds)
        return;
    for (i = 0; i < RCM_FILE_COUNT; i++)
        file_row(s, &ds->files[i], rcm_file_names[i]);
    file_row(s, &ds->catalog, "catalog");
}

/* Plain words for the stable reject reason codes (lib/ingest/rows.c). */
static const char *reason_words(const char *code)
{
    static const char *const words[][2] = {
        {"missing_value", "a required value is empty"},
        {"bad_date", "not a date, or no such day"},
        {"bad_school_year", "not a school year such as 2019-2020"},
        {"bad_year", "not a graduation year such as 2020"},
        {"bad_grade", "not a grade (PK, KG, 1-12)"},
        {"bad_number", "not a number"},
        {"bad_flag", "not a yes/no value"},
        {"bad_code", "a code the profile does not list"},
        {"bad_subject", "not a subject of that test"},
        {"field_count", "more fields than the header"},
        {"unknown_student", "a student with no enrollment"},
        {"unknown_credential", "a credential not on the state's list"},
    };
    size_t i;
    for (i = 0; code && i < sizeof words / sizeof words[0]; i++)
        if (strcmp(code, words[i][0]) == 0)
            return words[i][1];
    return "";
}

static void reasons_table(xlsx_sheet *s)
{
    const rcm_report_input *in = s->x->in;
    lxw_row_t header = s->row;
    size_t i;
    xs_str(s, 0, "Input", s->x->f.header);
    xs_str(s, 1, "Reason", s->x->f.header);
    xs_str(s, 2, "Action", s->x->f.header);
    xs_str(s, 3, "Rows", s->x->f.header_num);
    xs_str(s, 4, "  What it means", s->x->f.header);
    xs_str(s, 5, "", s->x->f.header); /* the band spans the text that overflows */
    xs_str(s, 6, "", s->x->f.header);
    xs_next(s);
    for (i = 0; i < in->n_reasons; i++) {
        const rcm_reason_count *r = &in->reasons[i];
        xs_str(s, 0, r->file < RCM_FILE_COUNT ? rcm_file_names[r->file] : "catalog",
               s->x->f.text);
        xs_input(s, 1, r->reason ? r->reason : "", s->x->f.text);
        xs_str(s, 2, r->blanked ? "blanked" : "rejected", s->x->f.text);
        count_cell(s, 3, r->count);
        if (*reason_words(r->reason)) /* set off from the count beside it */
            xs_strf(s, 4, s->x->f.note, "  %s", reason_words(r->reason));
        xs_next(s);
    }
    if (in->n_reasons == 0) {
        xs_str(s, 0, "No row was rejected and no field was blanked.", s->x->f.note);
        xs_next(s);
    } else {
        xs_check(s, 0, worksheet_autofilter(s->ws, header, 0, s->row - 1, 4));
    }
    xs_str(s, 0, "rejected: the row was left out (see rejects.csv); blanked: one field was "
                 "unreadable and treated as empty, the row was kept.", s->x->f.note);
    xs_next(s);
}

static void cohort_table(xlsx_sheet *s)
{
    static const char *const rule[5] = {
        "  ... from the cohort_year column", "  ... from the grade-9 entry year column",
        "  ... from grade-9 enrollment rows", "  ... from grade 10-12 transfer-in rows", ""};
    const rcm_cohort *c = s->x->in->cohort;
    int r;
    xs_str(s, 0, "Students", s->x->f.header);
    xs_str(s, 1, "", s->x->f.header);
    xs_str(s, 2, "Count", s->x->f.header_num);
    xs_next(s);
    xs_str(s, 0, "Distinct students", s->x->f.text);
    count_cell(s, 2, c->n_students);
    xs_next(s);
    xs_str(s, 0, "In a cohort", s->x->f.text);
    count_cell(s, 2, c->in_cohort);
    xs_next(s);
    xs_str(s, 0, "Without a cohort", s->x->f.text);
    xs_str(s, 1, "no cohort year, grade-9 year or grade 9-12 row", s->x->f.note);
    count_cell(s, 2, c->no_cohort);
    xs_next(s);
    xs_str(s, 0, "Cohort conflicts", s->x->f.text);
    xs_str(s, 1, "more than one possible cohort; the earliest was used", s->x->f.note);
    count_cell(s, 2, c->conflicts);
    xs_next(s);
    for (r = RCM_RULE_COHORT_YEAR; r <= RCM_RULE_TRANSFER_IN; r++) {
        xs_str(s, 0, rule[r - 1], s->x->f.text);
        count_cell(s, 2, c->conflicts_by_rule[r]);
        xs_next(s);
    }
}

void xlsx_sheet_quality(xlsx_ctx *x)
{
    xlsx_sheet s;
    lxw_row_t header;
    if (xs_open(x, &s, "Data quality") != 0)
        return;
    xs_cols(&s, 0, 0, 36, 0);
    xs_cols(&s, 1, 1, 44, 0);
    xs_cols(&s, 2, 8, 12, 0);
    xs_title(&s, "Data quality");
    xs_str(&s, 0, "How every row of every input file was handled. Counts only: no student is "
                  "named here.", x->f.note);
    xs_next(&s);
    xs_next(&s);
    header = s.row;
    files_table(&s);
    worksheet_freeze_panes(s.ws, header + 1, 0);
    xs_str(&s, 0, "Balanced: rows read = accepted + duplicates merged + rejected.", x->f.note);
    xs_next(&s);
    xs_next(&s);
    /* each table starts a page when it would not fit on this one */
    xs_keep(&s, 15.0 * (double)(x->in->n_reasons + 4));
    xs_str(&s, 0, "Reject reasons", x->f.subtitle);
    xs_next(&s);
    reasons_table(&s);
    xs_next(&s);
    xs_keep(&s, 15.0 * 11);
    xs_str(&s, 0, "Students and cohorts", x->f.subtitle);
    xs_next(&s);
    if (x->in->cohort)
        cohort_table(&s);
    xs_close(&s);
}

/* A label and a wrapped paragraph. Neither Excel nor LibreOffice sizes a
 * row to wrapped text written by libxlsxwriter, so the height is set from
 * the length: a line of the 110-wide column holds about 140 characters of
 * Calibri 11 text; 130 leaves room for words that do not fill a line. */
static void pair(xlsx_sheet *s, const char *label, const char *text, int input)
{
    size_t lines = (strlen(text) + 129) / 130;
    xs_row(s, 15.0 * (double)(lines ? lines : 1) + 1, 0);
    xs_str(s, 0, label, s->x->f.label_top);
    if (input)
        xs_input(s, 1, text, s->x->f.wrap);
    else
        xs_str(s, 1, text, s->x->f.wrap);
    xs_next(s);
}

/* A section heading after a blank row, on the same page as the start of
 * its first paragraph. */
static void section(xlsx_sheet *s, const char *name)
{
    xs_next(s);
    xs_keep(s, 15.0 * 4);
    xs_str(s, 0, name, s->x->f.section);
    xs_str(s, 1, "", s->x->f.section);
    xs_next(s);
}

/* n with its digits grouped by three: 305,000. */
static const char *grouped(uint64_t n, char *buf, size_t cap)
{
    char digits[32];
    size_t len = (size_t)snprintf(digits, sizeof digits, "%llu", (unsigned long long)n), i, k = 0;
    for (i = 0; i < len && k + 2 < cap; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[k++] = ',';
        buf[k++] = digits[i];
    }
    buf[k] = '\0';
    return buf;
}

/* Fixed-point number with up to two decimals, trailing zeros dropped. */
static const char *num(int64_t fixed, char *buf)
{
    size_t n = rcm_format_fixed(buf, fixed, 6, 2);
    while (n > 0 && buf[n - 1] == '0')
        buf[--n] = '\0';
    if (n > 0 && buf[n - 1] == '.')
        buf[--n] = '\0';
    return buf;
}

static void define_pfs(const rcm_config *cfg, char *out, size_t cap)
{
    char a[32], b[32], scale[200] = "";
    size_t n = 0;
    int i;
    for (i = 0; i < cfg->n_grades && i < 8; i++)
        n += (size_t)snprintf(scale + n, n < sizeof scale ? sizeof scale - n : 0, "%s%c %s%%",
                              i ? ", " : "", cfg->grades[i].letter,
                              num(cfg->grades[i].min_percent, a));
    snprintf(out, cap,
             "Ohio Prepared for Success: each student of the class earns 1 point for "
             "remediation-free ACT or SAT scores, an honors diploma, or %s industry-credential "
             "points in one career field, and %s more for also passing an AP or IB exam or "
             "earning College Credit Plus hours. The figure is points per student; the grade "
             "reads it as a percent: %s, otherwise F.",
             num(cfg->pfs_points, b), num(cfg->pfs_bonus, a), scale);
}

/* "grade 12", "grades 11, 12" (cert_attainment_enrolled.grades). */
static void enrolled_grades(const rcm_config *cfg, char *out, size_t cap)
{
    size_t n = (size_t)snprintf(out, cap, "grade");
    int i, count = 0;
    for (i = 0; i < 14; i++)
        count += cfg->enrolled_grades[i] != 0;
    if (count > 1 && n < cap)
        n += (size_t)snprintf(out + n, cap - n, "s");
    count = 0;
    for (i = 0; i < 14; i++)
        if (cfg->enrolled_grades[i] && n < cap) {
            n += (size_t)snprintf(out + n, cap - n, "%s%s", count ? ", " : " ",
                                  i == 0 ? "PK" : i == 1 ? "KG" : "");
            if (i >= 2 && n < cap)
                n += (size_t)snprintf(out + n, cap - n, "%d", i - 1);
            count++;
        }
    if (!count)
        snprintf(out, cap, "grade 12");
}

/* Plain-words definition of a metric (SPEC 6). */
static void define(const rcm_config *cfg, int metric, char *out, size_t cap)
{
    char a[32], b[32], c[32], grades[64];
    switch ((rcm_metric)metric) {
    case RCM_METRIC_ACGR:
        snprintf(out, cap, "Of the students who entered grade 9 together (the cohort), leaving "
                           "out those who transferred out or otherwise left as the state allows, "
                           "the share who earned a regular diploma within four years (5-year "
                           "rate: five years). Dropouts stay in the count.");
        return;
    case RCM_METRIC_CERT_ATTAINMENT:
        snprintf(out, cap, "Of the graduating class (the cohort of the graduation rate), the "
                           "share who earned at least one industry credential on the state's "
                           "approved list by the end of their fourth year.");
        return;
    case RCM_METRIC_CERT_ATTAINMENT_ENROLLED:
        enrolled_grades(cfg, grades, sizeof grades);
        snprintf(out, cap, "Of the students enrolled in %s during the school year, the "
                           "share who had earned at least one industry credential on the "
                           "state's approved list by the end of that year.", grades);
        return;
    case RCM_METRIC_OH_PFS:
        define_pfs(cfg, out, cap);
        return;
    case RCM_METRIC_OH_CRED_PATHWAY:
        snprintf(out, cap, "Ohio credential graduation pathway: the share of the class with %s "
                           "industry-credential points in one career field and a passing "
                           "WorkKeys result.", num(cfg->path_points, a));
        return;
    case RCM_METRIC_TN_READY_GRADUATE:
        snprintf(out, cap, "Tennessee Ready Graduate: the share of the class who graduated on "
                           "time with a regular diploma and scored %s+ on the ACT or %s+ on the "
                           "SAT, or completed %d early postsecondary courses, or %d plus an "
                           "industry credential or an ASVAB AFQT score of %s+.",
                 num(cfg->act_composite, a), num(cfg->sat_total, b), cfg->epso_min,
                 cfg->epso_with, num(cfg->asvab_afqt, c));
        return;
    case RCM_METRIC_CO_COMPETENCY:
        snprintf(out, cap, "Colorado graduation guidelines: of the class's on-time graduates, "
                           "the share who showed English (or math, or both) competency through "
                           "an industry certificate their district accepts.");
        return;
    case RCM_METRIC_CO_CDIP:
        snprintf(out, cap, "Colorado Career Development Incentive Program: dollars for the "
                           "claims of a school year (tier 1 industry credentials, tier 2 "
                           "internships and apprenticeships, tier 3 AP computer science): $%s "
                           "per claim, %s times that for students from low-income families, "
                           "paid in tier order within the appropriation.",
                 cfg->cdip_unit % RCM_FIXED_ONE == 0 && cfg->cdip_unit >= 0
                     ? grouped((uint64_t)(cfg->cdip_unit / RCM_FIXED_ONE), a, sizeof a)
                     : num(cfg->cdip_unit, a),
                 num(cfg->cdip_frl_factor, b));
        return;
    case RCM_METRIC_COUNT:
        break;
    }
    out[0] = '\0';
}

static void about_measures(xlsx_sheet *s)
{
    static const char *const title[RCM_METRIC_COUNT] = {
        "Graduation rate", "Industry credential (class)", "Industry credential (enrolled)",
        "Prepared for Success", "Credential pathway", "Ready Graduate",
        "Graduation guidelines", "Incentive dollars"};
    const rcm_config *cfg = s->x->cfg;
    char text[1024];
    int m;
    section(s, "Measures");
    for (m = 0; m < RCM_METRIC_COUNT; m++)
        if (cfg->enabled[m]) {
            define(cfg, m, text, sizeof text);
            pair(s, title[m], text, 0);
        }
}

static void about_privacy(xlsx_sheet *s)
{
    const rcm_config *cfg = s->x->cfg;
    char text[512], lo[32], hi[32];
    section(s, "Privacy (suppression)");
    snprintf(text, sizeof text, "A figure that counts fewer than %d students is hidden (*), and "
                                "so is its n (report setting suppression.min_n = %d).",
             cfg->min_n, cfg->min_n);
    pair(s, "Small groups", text, 0);
    if (cfg->low > 0 || cfg->high < RCM_FIXED_ONE) {
        rcm_format_fixed(lo, cfg->low * 100, 6, 1);
        rcm_format_fixed(hi, cfg->high * 100, 6, 1);
        snprintf(text, sizeof text, "A rate below %s%% or above %s%% is hidden (**); its n is "
                                    "shown.", lo, hi);
    } else {
        snprintf(text, sizeof text, "Not used: no rate is hidden for being near 0%% or 100%%.");
    }
    pair(s, "Extreme rates", text, 0);
    pair(s, "Complementary",
         cfg->complementary
             ? "When exactly one figure of a set (the groups of one measure, year and place, or "
               "the schools of one district) is hidden, the next smallest is hidden too (*, n "
               "shown), so the first cannot be worked out by subtraction."
             : "Not used.",
         0);
    if (cfg->enabled[RCM_METRIC_CO_CDIP])
        pair(s, "Never hidden", "Incentive dollars (funding, not student outcomes).", 0);
    pair(s, "Same as the CSV", "These are the figures of metrics_public.csv. metrics.csv holds "
                               "the full figures for state submission and is never published.",
         0);
}

/* An input file: name, file and size on one row, its SHA-256 below. */
static void input_row(xlsx_sheet *s, const rcm_file_stats *st, const char *name)
{
    char bytes[64], digits[40];
    xs_str(s, 0, name, s->x->f.label);
    if (!st->present) {
        xs_str(s, 1, "not provided", s->x->f.note);
        xs_next(s);
        return;
    }
    xs_input(s, 1, st->display ? st->display : st->path, s->x->f.text);
    xs_next(s);
    grouped(st->bytes, digits, sizeof digits);
    snprintf(bytes, sizeof bytes, "%s bytes", digits);
    xs_str(s, 0, bytes, s->x->f.note);
    xs_strf(s, 1, s->x->f.key, "SHA-256 %s", st->sha256);
    xs_next(s);
}

static void about_run(xlsx_sheet *s)
{
    const rcm_config *cfg = s->x->cfg;
    const rcm_dataset *ds = s->x->in->ds;
    char version[64];
    int i;
    /* what produced the workbook is for the data office, not the board:
     * its own page, after the definitions */
    xs_next(s);
    xs_page_break(s);
    xs_str(s, 0, "This run", s->x->f.section);
    xs_str(s, 1, "", s->x->f.section);
    xs_next(s);
    snprintf(version, sizeof version, "rcm %s", rcm_version());
    pair(s, "Produced by", version, 0);
    pair(s, "Configuration", cfg->path ? cfg->path : "", 1);
    pair(s, "Configuration SHA-256", cfg->sha256, 1);
    section(s, "Input files");
    if (!ds)
        return;
    for (i = 0; i < RCM_FILE_COUNT; i++)
        input_row(s, &ds->files[i], rcm_file_names[i]);
    input_row(s, &ds->catalog, "catalog");
}

void xlsx_sheet_about(xlsx_ctx *x)
{
    xlsx_sheet s;
    char text[600];
    if (xs_open(x, &s, "About") != 0)
        return;
    xs_cols(&s, 0, 0, 30, 0);
    xs_cols(&s, 1, 1, 110, 0);
    xs_title(&s, "About this workbook");
    section(&s, "Reading the tables");
    snprintf(text, sizeof text, "A year is a school year, labelled by its second calendar year: "
                                "%d = school year %d-%d, shown in column headings as %d-%02d. "
                                "Graduating-class measures use the year the class is expected "
                                "to graduate: the class of %d entered grade 9 in %d-%d.",
             x->latest, x->latest - 1, x->latest, x->latest - 1, x->latest % 100, x->latest,
             x->latest - 4, x->latest - 3);
    pair(&s, "Years", text, 0);
    snprintf(text, sizeof text, "The trend tables show the last %d school years up to %d-%d, "
                                "the latest in the data (setting report.years).",
             x->n_years, x->latest - 1, x->latest);
    pair(&s, "Trend window", text, 0);
    pair(&s, "Rates", "Shown as percents of the students counted (n). n is the number of "
                      "students in the group the rate is about.", 0);
    pair(&s, "Blank cells", "No figure: no students in that group, school or year.", 0);
    about_measures(&s);
    about_privacy(&s);
    about_run(&s);
    worksheet_freeze_panes(s.ws, 2, 0);
    xs_close(&s);
}
