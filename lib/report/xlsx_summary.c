/*
 * xlsx_summary.c - the Summary sheet of report.xlsx (SPEC 8.6).
 *
 * One line per headline figure (level all, group all: each enabled
 * metric's main detail, acgr's 4yr and 5yr) for the last report.years
 * years up to the data's latest school year, the latest highlighted; the
 * Ohio PFS letter grade under the PFS line; a native line chart of the
 * rates below the table.
 *
 * The chart never reads the visible cells: a "*" there would be plotted
 * as 0. Hidden columns hold only the shown rates (blank where a figure is
 * hidden or absent) and the chart points there. The hidden "key" row and
 * columns name each figure's metric, detail and year so that
 * tests/xlsx/check_workbook.py can match cells to metrics_public.csv.
 */
#include <string.h>

#include "report/xlsx_internal.h"

/* Summary columns: label, years, n, then hidden: metric, detail, chart. */
#define SUM_COL_YEAR(k) ((lxw_col_t)(1 + (k)))
#define SUM_COL_N(x) ((lxw_col_t)(1 + (x)->n_years))
#define SUM_COL_METRIC(x) ((lxw_col_t)(2 + (x)->n_years))
#define SUM_COL_DETAIL(x) ((lxw_col_t)(3 + (x)->n_years))
#define SUM_COL_CHART(x, k) ((lxw_col_t)(4 + (x)->n_years + (k)))

static void summary_columns(xlsx_sheet *s)
{
    xlsx_ctx *x = s->x;
    double year_width = 10; /* "100.0%", "1.300" */
    size_t l;
    for (l = 0; l < x->n_lines; l++)
        if (x->lines[l].kind == XV_DOLLARS)
            year_width = 15; /* "$12,345,678.00": a narrower column would show ##### */
    xs_cols(s, 0, 0, 52, 0);
    xs_cols(s, SUM_COL_YEAR(0), SUM_COL_YEAR(x->n_years - 1), year_width, 0);
    xs_cols(s, SUM_COL_N(x), SUM_COL_N(x), 13, 0);
    xs_cols(s, SUM_COL_METRIC(x), SUM_COL_CHART(x, x->n_years - 1), 12, 1);
}

static void summary_key_and_header(xlsx_sheet *s)
{
    xlsx_ctx *x = s->x;
    char buf[32];
    int k;
    xs_row(s, 15, 1); /* machine key, hidden */
    xs_str(s, 0, "key", x->f.key);
    for (k = 0; k < x->n_years; k++) {
        xs_strf(s, SUM_COL_YEAR(k), x->f.key, "year:%d", x->first_year + k);
        xs_strf(s, SUM_COL_CHART(x, k), x->f.key, "chart:%d", x->first_year + k);
    }
    xs_strf(s, SUM_COL_N(x), x->f.key, "n:%d", x->latest);
    xs_str(s, SUM_COL_METRIC(x), "metric", x->f.key);
    xs_str(s, SUM_COL_DETAIL(x), "detail", x->f.key);
    xs_next(s);
    xs_row(s, 32, 0);
    xs_str(s, 0, "Measure (all students)", x->f.header);
    for (k = 0; k < x->n_years; k++) {
        xlsx_year_short(x->first_year + k, buf, sizeof buf);
        xs_str(s, SUM_COL_YEAR(k), buf,
               k == x->n_years - 1 ? x->f.header_latest : x->f.header_num);
    }
    xs_strf(s, SUM_COL_N(x), x->f.header_latest, "Students (n) %d-%02d", x->latest - 1,
            x->latest % 100);
    xs_next(s);
}

/* The PFS letter grade of each year, under the PFS line. */
static void summary_grade_row(xlsx_sheet *s, size_t l)
{
    xlsx_ctx *x = s->x;
    int k;
    xs_str(s, 0, "Prepared for Success grade", x->f.label);
    for (k = 0; k < x->n_years; k++) {
        size_t idx = x->summary_idx[l * (size_t)x->n_years + (size_t)k];
        const rcm_metric_row *r = xlsx_row_at(x, idx);
        int hl = k == x->n_years - 1;
        char letter[2] = {0, 0};
        if (!r) {
            xs_str(s, SUM_COL_YEAR(k), "", x->f.value[XV_GRADE][hl]);
            continue;
        }
        if (xlsx_status_at(x, idx) != RCM_STATUS_REPORTED || r->value_decimals != 4) {
            xs_str(s, SUM_COL_YEAR(k), "*", x->f.value[XV_MARKER][hl]);
            continue;
        }
        letter[0] = rcm_report_pfs_grade(x->cfg, r);
        xs_str(s, SUM_COL_YEAR(k), letter, x->f.value[XV_GRADE][hl]);
    }
    xs_str(s, SUM_COL_METRIC(x), "oh_pfs", x->f.key);
    xs_str(s, SUM_COL_DETAIL(x), "grade", x->f.key);
    xs_next(s);
}

/* One headline line; returns 1 when it has a shown rate to chart. */
static int summary_line(xlsx_sheet *s, size_t l)
{
    xlsx_ctx *x = s->x;
    const xlsx_line *line = &x->lines[l];
    int k, charted = 0;
    xs_str(s, 0, line->label, x->f.label);
    for (k = 0; k < x->n_years; k++) {
        size_t idx = x->summary_idx[l * (size_t)x->n_years + (size_t)k];
        const rcm_metric_row *r = xlsx_row_at(x, idx);
        uint8_t status = xlsx_status_at(x, idx);
        int latest = k == x->n_years - 1;
        double v;
        xs_figure(s, SUM_COL_YEAR(k), latest ? (int)SUM_COL_N(x) : -1, r, status, line->kind,
                  latest);
        if (line->kind == XV_RATE && xlsx_shown_value(r, status, &v)) {
            xs_num(s, SUM_COL_CHART(x, k), v, NULL);
            charted = 1;
        }
    }
    xs_str(s, SUM_COL_METRIC(x), rcm_metric_names[line->metric], x->f.key);
    xs_str(s, SUM_COL_DETAIL(x), line->detail, x->f.key);
    xs_next(s);
    return charted;
}

static void summary_notes(xlsx_sheet *s)
{
    xlsx_ctx *x = s->x;
    xs_next(s);
    xs_keep(s, 6 * 15.0);
    xs_markers_note(s, 0);
    xs_str(s, 0, "Blank: no figure (no students counted, or a 5-year rate not known yet). "
                 "n: students counted in the latest year.", x->f.note);
    xs_next(s);
    if (x->cfg->enabled[RCM_METRIC_OH_PFS]) {
        xs_str(s, 0, "Prepared for Success is points per student (at most 1.3); the grade "
                     "reads it as a percent (0.783 = 78.3%).", x->f.note);
        xs_next(s);
    }
    if (x->cfg->enabled[RCM_METRIC_CO_CDIP]) {
        xs_str(s, 0, "Incentive dollars are never hidden; their n is the number of claims.",
               x->f.note);
        xs_next(s);
    }
}

static void summary_chart(xlsx_sheet *s, const lxw_row_t *rows, size_t n, lxw_row_t header)
{
    xlsx_ctx *x = s->x;
    lxw_chart_options opt;
    lxw_chart *chart;
    size_t i;
    if (n == 0)
        return;
    chart = workbook_add_chart(x->wb, LXW_CHART_LINE);
    if (!chart) {
        xlsx_fail(x, "Summary chart", LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    for (i = 0; i < n; i++) {
        lxw_chart_series *ser = chart_add_series(chart, NULL, NULL);
        if (!ser) {
            xlsx_fail(x, "Summary chart", LXW_ERROR_MEMORY_MALLOC_FAILED);
            return;
        }
        chart_series_set_categories(ser, s->name, header, SUM_COL_YEAR(0), header,
                                    SUM_COL_YEAR(x->n_years - 1));
        chart_series_set_values(ser, s->name, rows[i], SUM_COL_CHART(x, 0), rows[i],
                                SUM_COL_CHART(x, x->n_years - 1));
        chart_series_set_name_range(ser, s->name, rows[i], 0);
        chart_series_set_marker_type(ser, LXW_CHART_MARKER_AUTOMATIC);
    }
    chart_title_set_name(chart, "Rates for all students, by school year");
    chart_axis_set_min(chart->y_axis, 0);
    chart_axis_set_max(chart->y_axis, 1);
    chart_axis_set_num_format(chart->y_axis, "0%");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    chart_show_hidden_data(chart); /* its numbers live in hidden columns */
    chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP);
    /* 216 points (288 px, libxlsxwriter's default height) when there is
     * room, down to 165 points to stay on the table's page; a chart cut in
     * two by a page is no use, so else it starts the next page */
    memset(&opt, 0, sizeof opt);
    opt.x_scale = s->cols_px / 480; /* as wide as the table (480 px by default) */
    opt.y_scale = (xs_page_height(s) - s->used) / 216;
    if (opt.y_scale > 1)
        opt.y_scale = 1;
    if (opt.y_scale < 165.0 / 216) {
        opt.y_scale = 1;
        xs_keep(s, 216);
    }
    opt.description = (char *)"Line chart of the rates in the table above, by school year";
    xs_check(s, 0, worksheet_insert_chart_opt(s->ws, s->row, 0, chart, &opt));
}

void xlsx_sheet_summary(xlsx_ctx *x)
{
    xlsx_sheet s;
    lxw_row_t header, chart_rows[XLSX_MAX_LINES];
    size_t l, n_chart = 0;
    if (xs_open(x, &s, "Summary") != 0)
        return;
    summary_columns(&s);
    xs_title(&s, "Report card summary");
    xs_strf(&s, 0, x->f.note, "All students. Each column is a school year, the latest "
                              "highlighted: %d-%02d is the year that ended in %d.",
            x->latest - 1, x->latest % 100, x->latest);
    xs_next(&s);
    xs_strf(&s, 0, x->f.note, "Graduating-class measures show the class due to graduate that "
                              "year (%d-%02d: the class of %d). The About sheet defines each "
                              "measure.", x->latest - 1, x->latest % 100, x->latest);
    xs_next(&s);
    summary_key_and_header(&s);
    header = s.row - 1;
    for (l = 0; l < x->n_lines; l++) {
        lxw_row_t at = s.row;
        if (summary_line(&s, l))
            chart_rows[n_chart++] = at;
        if (x->lines[l].metric == RCM_METRIC_OH_PFS)
            summary_grade_row(&s, l);
    }
    if (s.row > header + 1)
        xs_check(&s, 0, worksheet_autofilter(s.ws, header, 0, s.row - 1, SUM_COL_N(x)));
    worksheet_freeze_panes(s.ws, header + 1, 1);
    if (s.page > 1) /* the table runs on: repeat its header */
        xs_print_titles(&s, header, 32);
    summary_notes(&s);
    xs_next(&s);
    summary_chart(&s, chart_rows, n_chart, header);
    worksheet_activate(s.ws);
    xs_close(&s);
}
