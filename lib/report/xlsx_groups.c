/*
 * xlsx_groups.c - the Subgroups and Credentials sheets of report.xlsx
 * (SPEC 8.6).
 *
 * Subgroups: for each measure, every student group (level all) with rate
 * and n for each year of the trend window, hidden where suppression says.
 * Credentials: every code of the state's catalog with its name, career
 * field, tier and points, and the students earning it in each school year
 * (res->cred_counts).
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/parse.h"
#include "report/xlsx_internal.h"

/* Plain-words names of the group values, index rcm_dim then stored value. */
static const char *const dim_label[RCM_DIM_COUNT] = {
    "All students", "Gender", "Race/ethnicity", "English learner",
    "Economically disadvantaged", "Student with a disability", "CTE concentrator"};
static const char *const gender_label[RCM_GENDER_COUNT] = {"Female", "Male", "X (nonbinary)"};
static const char *const gender_code[RCM_GENDER_COUNT] = {"F", "M", "X"};
static const char *const race_label[RCM_RACE_COUNT] = {
    "American Indian or Alaska Native", "Asian", "Black or African American",
    "Hispanic or Latino", "Two or more races", "Native Hawaiian or Pacific Islander", "White"};
static const char *const race_code[RCM_RACE_COUNT] = {"AI", "AS", "BL", "HI", "MR", "PI", "WH"};

/* Label and metrics.csv code of a group value; 0 when it has none. */
static int group_value(int dim, int gv, const char **label, const char **code)
{
    static const char *const flag_label[2] = {"No", "Yes"}, *const flag_code[2] = {"N", "Y"};
    switch ((rcm_dim)dim) {
    case RCM_DIM_ALL:
        *label = "";
        *code = "all";
        return gv == 0;
    case RCM_DIM_GENDER:
        if (gv >= RCM_GENDER_COUNT)
            return 0;
        *label = gender_label[gv];
        *code = gender_code[gv];
        return 1;
    case RCM_DIM_RACE:
        if (gv >= RCM_RACE_COUNT)
            return 0;
        *label = race_label[gv];
        *code = race_code[gv];
        return 1;
    case RCM_DIM_ELL:
    case RCM_DIM_ECON_DISADV:
    case RCM_DIM_SPED:
    case RCM_DIM_CTE:
        if (gv > 1)
            return 0;
        *label = flag_label[gv];
        *code = flag_code[gv];
        return 1;
    case RCM_DIM_COUNT:
        break;
    }
    return 0;
}

#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define MIN(a, b) ((a) < (b) ? (a) : (b))

/* Subgroups columns: measure, group, value, (rate, n) per year, then the
 * hidden key: metric, detail, group, group_value. */
#define GRP_RATE(k) ((lxw_col_t)(3 + 2 * (k)))
#define GRP_KEY(x, i) ((lxw_col_t)(3 + 2 * (x)->n_years + (i)))

static void groups_columns(xlsx_sheet *s)
{
    xlsx_ctx *x = s->x;
    int k;
    xs_cols(s, 0, 0, 50, 0);
    xs_cols(s, 1, 1, 24, 0);
    xs_cols(s, 2, 2, 30, 0);
    for (k = 0; k < x->n_years; k++) {
        xs_cols(s, GRP_RATE(k), GRP_RATE(k), 9, 0);
        xs_cols(s, GRP_RATE(k) + 1, GRP_RATE(k) + 1, 7, 0);
    }
    xs_cols(s, GRP_KEY(x, 0), GRP_KEY(x, 3), 12, 1);
}

static void groups_header(xlsx_sheet *s)
{
    static const char *const key[4] = {"metric", "detail", "group", "group_value"};
    xlsx_ctx *x = s->x;
    char buf[16];
    int k;
    xs_row(s, 32, 0);
    xs_str(s, 0, "Measure", x->f.header);
    xs_str(s, 1, "Students grouped by", x->f.header);
    xs_str(s, 2, "Group", x->f.header);
    for (k = 0; k < x->n_years; k++) {
        lxw_format *f = k == x->n_years - 1 ? x->f.header_latest : x->f.header_num;
        xlsx_year_short(x->first_year + k, buf, sizeof buf);
        xs_str(s, GRP_RATE(k), buf, f);
        xs_str(s, GRP_RATE(k) + 1, "n", f);
    }
    for (k = 0; k < 4; k++)
        xs_str(s, GRP_KEY(x, k), key[k], x->f.key);
    xs_next(s);
}

/* The lookup slots of (line, dim, group value) when it is a row of the
 * sheet (any year has a figure), else NULL. */
static const size_t *group_slots(const xlsx_ctx *x, size_t l, int dim, int gv,
                                 const char **label, const char **code)
{
    const size_t *slots = &x->group_idx[((l * RCM_DIM_COUNT + (size_t)dim) * XLSX_MAX_GV +
                                         (size_t)gv) * (size_t)x->n_years];
    int k;
    if (!group_value(dim, gv, label, code))
        return NULL;
    for (k = 0; k < x->n_years; k++)
        if (slots[k] != XLSX_NONE)
            return slots;
    return NULL;
}

/* Rows line l takes on the sheet. */
static int group_rows(const xlsx_ctx *x, size_t l)
{
    const char *label, *code;
    int dim, gv, n = 0;
    for (dim = 0; dim < RCM_DIM_COUNT; dim++)
        for (gv = 0; gv < XLSX_MAX_GV; gv++)
            n += group_slots(x, l, dim, gv, &label, &code) != NULL;
    return n;
}

/* One (line, dim, group value) row when any year has a figure. The
 * measure is named on every row (for the filter), in grey below its first
 * row so that each measure reads as one block. */
static void groups_row(xlsx_sheet *s, size_t l, int dim, int gv)
{
    xlsx_ctx *x = s->x;
    const xlsx_line *line = &x->lines[l];
    const char *label, *code;
    const size_t *slots = group_slots(x, l, dim, gv, &label, &code);
    int k;
    if (!slots)
        return;
    xs_str(s, 0, line->label, dim == RCM_DIM_ALL ? x->f.label : x->f.muted);
    xs_str(s, 1, dim_label[dim], dim == RCM_DIM_ALL ? x->f.label : x->f.text);
    xs_str(s, 2, label, x->f.text);
    for (k = 0; k < x->n_years; k++)
        xs_figure(s, GRP_RATE(k), (int)GRP_RATE(k) + 1, xlsx_row_at(x, slots[k]),
                  xlsx_status_at(x, slots[k]), line->kind, k == x->n_years - 1);
    xs_str(s, GRP_KEY(x, 0), rcm_metric_names[line->metric], x->f.key);
    xs_str(s, GRP_KEY(x, 1), line->detail, x->f.key);
    xs_str(s, GRP_KEY(x, 2), rcm_dim_names[dim], x->f.key);
    xs_str(s, GRP_KEY(x, 3), code, x->f.key);
    xs_next(s);
}

void xlsx_sheet_subgroups(xlsx_ctx *x)
{
    xlsx_sheet s;
    lxw_row_t header;
    size_t l;
    int dim, gv;
    if (xs_open(x, &s, "Subgroups") != 0)
        return;
    groups_columns(&s);
    xs_title(&s, "Results by student group");
    xs_strf(&s, 0, x->f.note, "Each measure for all students and for each student group. "
                              "Columns are school years (%d-%02d: graduating-class measures "
                              "show the class of %d); n is the number of students counted.",
            x->latest - 1, x->latest % 100, x->latest);
    xs_next(&s);
    xs_strf(&s, 0, x->f.note, "%s figures hidden to protect student privacy: the notes "
                              "under the table explain them.",
            x->cfg->low > 0 || x->cfg->high < RCM_FIXED_ONE ? "* and ** mark" : "* marks");
    xs_next(&s);
    groups_header(&s);
    header = s.row - 1;
    s.repeat = 32;
    for (l = 0; l < x->n_lines; l++) {
        if (!x->lines[l].groups)
            continue;
        xs_keep(&s, 15.0 * group_rows(x, l)); /* a measure on one page when it fits */
        for (dim = 0; dim < RCM_DIM_COUNT; dim++)
            for (gv = 0; gv < XLSX_MAX_GV; gv++)
                groups_row(&s, l, dim, gv);
    }
    if (s.row > header + 1)
        xs_check(&s, 0, worksheet_autofilter(s.ws, header, 0, s.row - 1,
                                             GRP_RATE(x->n_years - 1) + 1));
    worksheet_freeze_panes(s.ws, header + 1, 3);
    if (s.page > 1)
        xs_print_titles(&s, header, 32);
    xs_next(&s);
    xs_keep(&s, 4 * 15.0);
    xs_markers_note(&s, 0);
    xs_str(&s, 0, "A group appears when it has students in at least one year; blank: no "
                  "students that year.", x->f.note);
    xs_close(&s);
}

/* The catalog row describing a code: the latest row for every district,
 * else the first (a district's own row). */
static const rcm_catalog_row *code_row(const rcm_catalog *cat, size_t code)
{
    const rcm_catalog_row *best = NULL;
    uint32_t i;
    if (!cat->n_code_rows || cat->n_code_rows[code] == 0)
        return NULL;
    for (i = 0; i < cat->n_code_rows[code]; i++) {
        const rcm_catalog_row *r = &cat->rows[cat->code_rows[code][i]];
        if (!r->district_id && (!best || r->first_year >= best->first_year))
            best = r;
    }
    return best ? best : &cat->rows[cat->code_rows[code][0]];
}

static void cred_columns(xlsx_sheet *s, int has_tier, int has_points)
{
    xlsx_ctx *x = s->x;
    const rcm_catalog *cat = &x->cfg->catalog;
    size_t code_w = 8, name_w = 20, field_w = 14, i;
    /* columns as wide as their longest text, within reason */
    for (i = 0; i < cat->n_codes; i++) {
        const rcm_catalog_row *r = code_row(cat, i);
        code_w = MAX(code_w, strlen(cat->codes[i]) + 2);
        if (r && r->name)
            name_w = MAX(name_w, strlen(r->name) + 2);
    }
    for (i = 0; i < cat->n_fields; i++)
        field_w = MAX(field_w, strlen(cat->fields[i]) + 2);
    xs_cols(s, 0, 0, (double)MIN(code_w, 24), 0);
    xs_cols(s, 1, 1, (double)MIN(name_w, 70), 0);
    xs_cols(s, 2, 2, (double)MIN(field_w, 44), 0);
    xs_cols(s, 3, 3, 12, !has_tier);
    xs_cols(s, 4, 4, 8, !has_points);
    xs_cols(s, 5, (lxw_col_t)(4 + x->n_years), 10, 0);
}

static void cred_header(xlsx_sheet *s)
{
    xlsx_ctx *x = s->x;
    char buf[16];
    int k;
    xs_row(s, 32, 0);
    xs_str(s, 0, "Code", x->f.header);
    xs_str(s, 1, "Credential", x->f.header);
    xs_str(s, 2, "Career field", x->f.header);
    xs_str(s, 3, "Tier", x->f.header);
    xs_str(s, 4, "Points", x->f.header_num);
    for (k = 0; k < x->n_years; k++) {
        xlsx_year_short(x->first_year + k, buf, sizeof buf);
        xs_str(s, (lxw_col_t)(5 + k), buf,
               k == x->n_years - 1 ? x->f.header_latest : x->f.header_num);
    }
    xs_next(s);
}

static void cred_row(xlsx_sheet *s, size_t code, const uint64_t *counts)
{
    static const char *const tier_label[RCM_TIER_COUNT] = {"Recognized", "Valued", "Preferred"};
    xlsx_ctx *x = s->x;
    const rcm_catalog *cat = &x->cfg->catalog;
    const rcm_catalog_row *r = code_row(cat, code);
    int k;
    xs_input(s, 0, cat->codes[code], x->f.id);
    if (r) {
        xs_input(s, 1, r->name, x->f.text);
        if (r->career_field >= 0 && (size_t)r->career_field < cat->n_fields)
            xs_input(s, 2, cat->fields[r->career_field], x->f.text);
        if (r->tier >= 0 && r->tier < RCM_TIER_COUNT)
            xs_str(s, 3, tier_label[r->tier], x->f.text);
        if (r->points)
            xs_num(s, 4, (double)r->points / RCM_FIXED_ONE, NULL);
    }
    /* a count of 1..min_n-1 students would single students out on a public
     * sheet: shown as "*" like a figure hidden by rule 1 (SPEC 7) */
    for (k = 0; k < x->n_years; k++) {
        lxw_format *f = x->f.value[XV_COUNT][k == x->n_years - 1];
        if (counts[k] > 0 && counts[k] < (uint64_t)x->cfg->min_n)
            xs_str(s, (lxw_col_t)(5 + k), "*", f);
        else
            xs_num(s, (lxw_col_t)(5 + k), (double)counts[k], f);
    }
    xs_next(s);
}

void xlsx_sheet_credentials(xlsx_ctx *x)
{
    const rcm_catalog *cat = &x->cfg->catalog;
    size_t ny = (size_t)x->n_years, i;
    uint64_t *counts = rcm_calloc(cat->n_codes * ny + 1, sizeof *counts);
    int has_tier = 0, has_points = 0;
    char range[LXW_MAX_CELL_RANGE_LENGTH];
    lxw_row_t header;
    xlsx_sheet s;
    if (!counts) {
        xlsx_fail(x, "Credentials", LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    for (i = 0; i < x->res->n_cred_counts; i++) {
        const rcm_credential_count *c = &x->res->cred_counts[i];
        int slot = (int)c->year - x->first_year;
        if (c->code < cat->n_codes && slot >= 0 && slot < x->n_years)
            counts[c->code * ny + (size_t)slot] += c->students;
    }
    for (i = 0; i < cat->n_rows; i++) {
        has_tier |= cat->rows[i].tier >= 0;
        has_points |= cat->rows[i].points != 0;
    }
    if (xs_open(x, &s, "Credentials") == 0) {
        cred_columns(&s, has_tier, has_points);
        xs_title(&s, "Industry credentials earned");
        xs_strf(&s, 0, x->f.note, "Students earning each credential on the state's list, by "
                                  "the school year of the date earned. * fewer than %d "
                                  "students: not shown, to protect privacy.", x->cfg->min_n);
        xs_next(&s);
        cred_header(&s);
        header = s.row - 1;
        s.repeat = 32;
        for (i = 0; i < cat->n_codes; i++)
            cred_row(&s, i, &counts[i * ny]);
        if (s.row > header + 1) {
            xs_check(&s, 0, worksheet_autofilter(s.ws, header, 0, s.row - 1,
                                                 (lxw_col_t)(4 + x->n_years)));
            lxw_rowcol_to_range(range, header + 1, 0, s.row - 1, 0);
            xs_check(&s, 0, worksheet_ignore_errors(s.ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT,
                                                    range));
        }
        worksheet_freeze_panes(s.ws, header + 1, 2);
        if (s.page > 1)
            xs_print_titles(&s, header, 32);
        xs_next(&s);
        xs_keep(&s, 2 * 15.0);
        xs_str(&s, 0, "A student earning the same credential twice in a year is counted once.",
               x->f.note);
        xs_next(&s);
        xs_strf(&s, 0, x->f.note, "* fewer than %d students: not shown, to protect privacy.",
                x->cfg->min_n);
        xs_close(&s);
    }
    free(counts);
}
