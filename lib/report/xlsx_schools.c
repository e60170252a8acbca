/*
 * xlsx_schools.c - the Schools sheet of report.xlsx (SPEC 8.6).
 *
 * The latest school year, one row per school (district id and name, school
 * id and name, then rate and n of each measure that has school rows), and a
 * native bar chart of credential attainment by school. Identifiers are
 * string cells so leading zeros stay. A state has ~1,200 schools: the rows
 * stream out in entity order, the chart below the table reads hidden
 * columns that hold only the shown rates.
 */
#include <string.h>

#include "report/xlsx_internal.h"

#define SCH_FIRST_FIGURE 4

typedef struct {
    size_t lines[XLSX_MAX_LINES]; /* indices into x->lines */
    size_t n;
    size_t chart_line;            /* index into x->lines, XLSX_NONE: no chart */
    lxw_col_t label_col, value_col; /* hidden chart columns */
} schools_layout;

static lxw_col_t value_col(size_t j) { return (lxw_col_t)(SCH_FIRST_FIGURE + 2 * j); }

static void plan(const xlsx_ctx *x, schools_layout *p)
{
    size_t l;
    memset(p, 0, sizeof *p);
    p->chart_line = XLSX_NONE;
    for (l = 0; l < x->n_lines; l++) {
        if (!x->lines[l].schools)
            continue;
        p->lines[p->n++] = l;
        /* certification attainment: cohort mode, else enrollment mode */
        if (x->lines[l].metric == RCM_METRIC_CERT_ATTAINMENT)
            p->chart_line = l;
        else if (x->lines[l].metric == RCM_METRIC_CERT_ATTAINMENT_ENROLLED &&
                 p->chart_line == XLSX_NONE)
            p->chart_line = l;
    }
    p->label_col = value_col(p->n);
    p->value_col = p->label_col + 1;
}

/* Width of a name column: its longest name (bytes, so a little generous
 * for accented names), between lo and hi characters. */
static double name_width(const char *const *names, uint32_t n, double lo, double hi)
{
    double w = lo;
    uint32_t i;
    for (i = 0; i < n; i++)
        if (names[i] && (double)strlen(names[i]) + 2 > w)
            w = (double)strlen(names[i]) + 2;
    return w < hi ? w : hi;
}

static void columns(xlsx_sheet *s, const schools_layout *p)
{
    const rcm_entities *e = s->x->ent;
    size_t j;
    xs_cols(s, 0, 0, 11, 0);
    xs_cols(s, 1, 1, name_width(e->district_names, e->n_districts, 12, 36), 0);
    xs_cols(s, 2, 2, 11, 0);
    xs_cols(s, 3, 3, name_width(e->school_names, e->n_schools, 14, 40), 0);
    for (j = 0; j < p->n; j++) {
        xs_cols(s, value_col(j), value_col(j), 12, 0);
        xs_cols(s, value_col(j) + 1, value_col(j) + 1, 7, 0);
    }
    xs_cols(s, p->label_col, p->value_col, 20, 1);
}

static void key_and_header(xlsx_sheet *s, const schools_layout *p)
{
    static const char *const ids[] = {"district_id", "district_name", "school_id", "school_name"};
    static const char *const heads[] = {"District ID", "District", "School ID", "School"};
    xlsx_ctx *x = s->x;
    size_t j;
    xs_row(s, 15, 1); /* machine key, hidden */
    for (j = 0; j < 4; j++)
        xs_str(s, (lxw_col_t)j, ids[j], x->f.key);
    for (j = 0; j < p->n; j++) {
        const xlsx_line *l = &x->lines[p->lines[j]];
        xs_strf(s, value_col(j), x->f.key, "%s|%s|%d|value", rcm_metric_names[l->metric],
                l->detail, x->latest);
        xs_strf(s, value_col(j) + 1, x->f.key, "%s|%s|%d|n", rcm_metric_names[l->metric],
                l->detail, x->latest);
    }
    xs_str(s, p->label_col, "chart_label", x->f.key);
    xs_str(s, p->value_col, "chart_value", x->f.key);
    xs_next(s);
    xs_row(s, 48, 0); /* three lines of heading */
    for (j = 0; j < 4; j++)
        xs_str(s, (lxw_col_t)j, heads[j], x->f.header);
    for (j = 0; j < p->n; j++) {
        xs_str(s, value_col(j), x->lines[p->lines[j]].short_label, x->f.header_num);
        xs_str(s, value_col(j) + 1, "n", x->f.header_num);
    }
    xs_next(s);
}

/* The school's name on the chart, saying when its bar is missing: a
 * missing bar must not read as 0%. */
static void chart_label(xlsx_sheet *s, const schools_layout *p, uint32_t sc, const char *name)
{
    xlsx_ctx *x = s->x;
    size_t idx = x->school_idx[p->chart_line * x->ent->n_schools + sc];
    const rcm_metric_row *r = xlsx_row_at(x, idx);
    uint8_t status = xlsx_status_at(x, idx);
    char label[300];
    double v;
    int n;
    if (*name)
        n = snprintf(label, sizeof label, "%s", name);
    else
        n = snprintf(label, sizeof label, "School %s", x->ent->school_ids[sc]);
    if (n >= 0 && (size_t)n < sizeof label && !xlsx_shown_value(r, status, &v))
        snprintf(label + n, sizeof label - (size_t)n, "%s", r ? " (hidden)" : " (no figure)");
    xs_input(s, p->label_col, label, NULL);
}

static void school_row(xlsx_sheet *s, const schools_layout *p, uint32_t sc)
{
    xlsx_ctx *x = s->x;
    const rcm_entities *e = x->ent;
    uint32_t d = e->school_district[sc];
    const char *dist_id = d < e->n_districts ? e->district_ids[d] : "";
    const char *dist_name = d < e->n_districts ? e->district_names[d] : "";
    const char *name = e->school_names[sc] ? e->school_names[sc] : "";
    size_t j;
    xs_input(s, 0, dist_id, x->f.id);
    xs_input(s, 1, dist_name, x->f.text);
    xs_input(s, 2, e->school_ids[sc], x->f.id);
    xs_input(s, 3, name, x->f.text);
    for (j = 0; j < p->n; j++) {
        size_t l = p->lines[j];
        size_t idx = x->school_idx[l * e->n_schools + sc];
        const rcm_metric_row *r = xlsx_row_at(x, idx);
        uint8_t status = xlsx_status_at(x, idx);
        double v;
        xs_figure(s, value_col(j), (int)value_col(j) + 1, r, status, x->lines[l].kind, 0);
        if (l == p->chart_line && xlsx_shown_value(r, status, &v))
            xs_num(s, p->value_col, v, NULL);
    }
    if (p->chart_line != XLSX_NONE)
        chart_label(s, p, sc, name);
    xs_next(s);
}

/* Axes of the bar chart of n schools; returns its height in pixels:
 * 14 per school, one printed page (~670) at most up to 40 schools, at
 * most 4000 for a state (then every k-th school is labelled). */
static double chart_axes(lxw_chart *c, uint32_t n)
{
    lxw_chart_font small;
    double px = 14.0 * n + 110;
    memset(&small, 0, sizeof small);
    small.size = 8;
    /* bar charts: y_axis is the category (vertical) axis, x_axis the values */
    chart_axis_set_reverse(c->y_axis);      /* first school at the top, as in the table */
    chart_axis_set_crossing_max(c->y_axis); /* ...and the percent axis at the bottom */
    chart_axis_set_min(c->x_axis, 0);
    chart_axis_set_max(c->x_axis, 1);
    chart_axis_set_num_format(c->x_axis, "0%");
    if (n > 20)
        chart_axis_set_num_font(c->y_axis, &small);
    if (px > 4000) {
        px = 4000;
        chart_axis_set_interval_unit(c->y_axis, (uint16_t)(12.0 * n / (px - 110) + 1));
    }
    return px < 320 ? 320 : px;
}

static void chart(xlsx_sheet *s, const schools_layout *p, lxw_row_t first, lxw_row_t last)
{
    xlsx_ctx *x = s->x;
    uint32_t n = x->ent->n_schools;
    lxw_chart_options opt;
    lxw_chart_series *ser;
    lxw_chart *c;
    char title[200], year[16];
    double px;
    if (p->chart_line == XLSX_NONE || n == 0)
        return;
    c = workbook_add_chart(x->wb, LXW_CHART_BAR);
    ser = c ? chart_add_series(c, NULL, NULL) : NULL;
    if (!ser) {
        xlsx_fail(x, "Schools chart", LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    chart_series_set_categories(ser, s->name, first, p->label_col, last, p->label_col);
    chart_series_set_values(ser, s->name, first, p->value_col, last, p->value_col);
    xlsx_year_short(x->latest, year, sizeof year);
    snprintf(title, sizeof title, "%s, by school, %s", x->lines[p->chart_line].label, year);
    chart_title_set_name(c, title);
    chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
    chart_show_hidden_data(c); /* its numbers live in hidden columns */
    if (n <= 60) {
        /* a district: each bar carries its figure */
        lxw_chart_font small;
        memset(&small, 0, sizeof small);
        small.size = 8;
        chart_series_set_labels(ser);
        chart_series_set_labels_num_format(ser, "0.0%");
        chart_series_set_labels_font(ser, &small);
    }
    px = chart_axes(c, n);
    xs_keep(s, px * 0.75); /* on the table's page when it fits, else the next */
    memset(&opt, 0, sizeof opt);
    opt.x_scale = s->cols_px / 480; /* as wide as the table (480 px by default) */
    opt.y_scale = px / 288;
    opt.description = (char *)"Bar chart of credential attainment by school";
    xs_check(s, 0, worksheet_insert_chart_opt(s->ws, s->row, 0, c, &opt));
}

void xlsx_sheet_schools(xlsx_ctx *x)
{
    xlsx_sheet s;
    schools_layout p;
    lxw_row_t header, first;
    char range[LXW_MAX_CELL_RANGE_LENGTH];
    uint32_t sc;
    if (xs_open(x, &s, "Schools") != 0)
        return;
    plan(x, &p);
    columns(&s, &p);
    xs_title(&s, "Schools");
    xs_strf(&s, 0, x->f.note, "One row per school, all students. Graduating-class measures "
                              "show the class of %d; n is the number of students counted.",
            x->latest);
    xs_next(&s);
    key_and_header(&s, &p);
    header = s.row - 1;
    first = s.row;
    s.repeat = 48; /* while the rows run: the header would repeat */
    for (sc = 0; sc < x->ent->n_schools; sc++)
        school_row(&s, &p, sc);
    s.repeat = 0;
    if (s.page > 1) /* a state: the header on every page of the table */
        xs_print_titles(&s, header, 48);
    if (s.row > first) {
        xs_check(&s, 0, worksheet_autofilter(s.ws, header, 0, s.row - 1, value_col(p.n) - 1));
        lxw_rowcol_to_range(range, first, 0, s.row - 1, 3);
        xs_check(&s, 0, worksheet_ignore_errors(s.ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT, range));
    }
    worksheet_freeze_panes(s.ws, header + 1, 4);
    xs_next(&s);
    xs_keep(&s, 4 * 15.0);
    xs_markers_note(&s, 0);
    xs_str(&s, 0, "Blank: no figure (no students counted at that school).", x->f.note);
    xs_next(&s);
    xs_next(&s);
    if (s.row > first)
        chart(&s, &p, first, first + x->ent->n_schools - 1);
    xs_close(&s);
}
