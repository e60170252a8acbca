/*
 * xlsx_internal.h - shared pieces of the board workbook writer (SPEC 8.6).
 *
 * The workbook is written by libxlsxwriter in constant_memory mode: each
 * worksheet streams its rows to a temporary file, so a row must be complete
 * before a later row is started and no earlier row can be revisited. Every
 * sheet writer therefore goes through an xlsx_sheet cursor that only ever
 * writes to its current row and moves forward (xs_next); the data each sheet
 * needs is gathered into small lookup tables (xlsx_ctx) before the first
 * cell is written.
 *
 * Private to lib/report/xlsx*.c.
 */
#ifndef RCM_REPORT_XLSX_INTERNAL_H
#define RCM_REPORT_XLSX_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <xlsxwriter.h>

#include "report/report.h"

/* No row in a lookup table. */
#define XLSX_NONE SIZE_MAX
/* Most headline lines a profile can enable (all of SPEC 6). */
#define XLSX_MAX_LINES 16
/* Group values of one dimension (race has the most: 7). */
#define XLSX_MAX_GV 8
/* Most years shown in the trend tables. */
#define XLSX_MAX_YEARS 30
/* Excel's cell text limit in characters. */
#define XLSX_TEXT_MAX 32767

/* How a figure is shown. Each kind has a plain and a highlighted (latest
 * year) cell format. */
typedef enum {
    XV_RATE = 0,   /* fraction shown 0.0% */
    XV_POINTS,     /* Ohio PFS points per student, 0.000 */
    XV_DOLLARS,    /* $#,##0.00 */
    XV_COUNT,      /* #,##0 */
    XV_MARKER,     /* "*" / "**" right aligned */
    XV_GRADE,      /* PFS letter, bold */
    XV_KIND_COUNT
} xlsx_kind;

typedef struct {
    lxw_format *title, *subtitle, *note, *header, *header_num, *header_latest, *section;
    lxw_format *label, *label_top, *text, *muted, *wrap, *id, *key, *pct;
    lxw_format *value[XV_KIND_COUNT][2];
} xlsx_formats;

/* One headline line: a metric and detail shown on Summary (and, when
 * flagged, on Schools and Subgroups). */
typedef struct {
    uint8_t metric;      /* rcm_metric */
    const char *detail;  /* detail string ("" for the main figure) */
    size_t detail_idx;   /* index in res->details, XLSX_NONE when absent */
    uint8_t kind;        /* XV_RATE, XV_POINTS or XV_DOLLARS */
    uint8_t schools;     /* shown on the Schools sheet */
    uint8_t groups;      /* shown on the Subgroups sheet */
    const char *label;   /* plain words */
    const char *short_label; /* for narrow column headings */
} xlsx_line;

typedef struct {
    const rcm_report_input *in;
    const rcm_config *cfg;
    const rcm_results *res;
    const rcm_entities *ent;
    lxw_workbook *wb;
    xlsx_formats f;

    int latest;          /* the data's latest school-year label */
    int first_year;      /* first label of the trend window */
    int n_years;         /* years in the window (first_year .. latest) */

    xlsx_line lines[XLSX_MAX_LINES];
    size_t n_lines;
    size_t *summary_idx; /* [line * n_years + slot]: level all, group all */
    size_t *school_idx;  /* [line * n_schools + school]: latest year, group all */
    size_t *group_idx;   /* [((line * RCM_DIM_COUNT + dim) * XLSX_MAX_GV + gv) * n_years + slot] */

    char *text;          /* scratch for sanitised text (xlsx_clean) */
    size_t text_cap;

    lxw_error lxw_err;   /* first failed libxlsxwriter call */
    char where[80];      /* "Sheet!B7" of that call */
} xlsx_ctx;

/* Manual page breaks a sheet can ask for. */
#define XLSX_MAX_BREAKS 256

/* A worksheet and the row being written. Rows only move forward.
 *
 * The sheet also follows where its rows will fall on printed pages, the
 * way Excel and LibreOffice lay out a landscape Letter page fitted to one
 * page wide: the scale is the printable width over the visible columns'
 * width, a row is 15 points unless set, the repeated header row takes its
 * height on every later page. With that estimate a sheet keeps a table, a
 * chart or a section on one page by breaking before it (xs_keep). */
typedef struct {
    xlsx_ctx *x;
    lxw_worksheet *ws;
    const char *name;
    lxw_row_t row;
    double row_height;  /* points, of the current row */
    double cols_px;     /* visible column widths, pixels */
    double used;        /* points used on the current printed page */
    double repeat;      /* height of the header row repeated on later pages */
    int page;           /* current printed page, from 1 */
    lxw_row_t breaks[XLSX_MAX_BREAKS + 1];
    size_t n_breaks;
} xlsx_sheet;

/* --- xlsx_cells.c: cursor, cells, text and figures --- */

/* Add worksheet `name` with the print setup every sheet shares (landscape,
 * one page wide, page numbers). Returns 0, or -1 when libxlsxwriter could
 * not create it (its temporary file). */
int xs_open(xlsx_ctx *x, xlsx_sheet *s, const char *name);
/* Title rows: "<profile title>: <profile name>" ("Report card" when the
 * profile has no title), then "<what>, school year 2024-2025" (the data's
 * latest school year). */
void xs_title(xlsx_sheet *s, const char *what);
/* Move to the next row. */
void xs_next(xlsx_sheet *s);
/* Width of columns first..last (hidden = 1 hides them). */
void xs_cols(xlsx_sheet *s, lxw_col_t first, lxw_col_t last, double width, int hidden);
/* Height (points) of the current row; hidden = 1 hides it. Call before the
 * row's first cell. */
void xs_row(xlsx_sheet *s, double height, int hidden);
/* Usable height of a printed page, in the sheet's points (before the
 * fit-to-width scale shrinks them). */
double xs_page_height(const xlsx_sheet *s);
/* Start a new printed page at the current row unless `height` points from
 * here fit on the current one (a block taller than a page starts a new one
 * only when the current page is already half full). */
void xs_keep(xlsx_sheet *s, double height);
/* Start a new printed page at the current row. */
void xs_page_break(xlsx_sheet *s);
/* Apply the sheet's page breaks: call once, when the sheet is written. */
void xs_close(xlsx_sheet *s);
/* Print `row` (of `height` points) at the top of every later page. */
void xs_print_titles(xlsx_sheet *s, lxw_row_t row, double height);
/* Text written by rcm itself (labels, headers, notes). */
void xs_str(xlsx_sheet *s, lxw_col_t col, const char *text, lxw_format *f);
/* printf-style text written by rcm itself. */
void xs_strf(xlsx_sheet *s, lxw_col_t col, lxw_format *f, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Text that came from the input or the config (names, ids, paths): always
 * a string cell, never a formula, cleaned to valid XML text. */
void xs_input(xlsx_sheet *s, lxw_col_t col, const char *text, lxw_format *f);
/* A finite number; anything else is recorded as an internal error. */
void xs_num(xlsx_sheet *s, lxw_col_t col, double v, lxw_format *f);
/* Record the result of a libxlsxwriter call made on the current row. */
void xs_check(xlsx_sheet *s, lxw_col_t col, lxw_error e);

/* Clean input text for a cell: invalid UTF-8 and XML-forbidden control
 * characters become U+FFFD, a literal "_xHHHH_" is escaped so Excel shows
 * it as typed, and the text is cut to Excel's 32,767 characters. Returns
 * x->text (valid until the next call). */
const char *xlsx_clean(xlsx_ctx *x, const char *s);

/* Write a metric row's figure under the public view: value in vcol, n in
 * ncol (ncol < 0: none); suppressed cells show "*" or "**". row NULL (no
 * figure) writes empty cells in the table's format. hl: latest-year
 * highlight. */
void xs_figure(xlsx_sheet *s, lxw_col_t vcol, int ncol, const rcm_metric_row *row,
               uint8_t status, uint8_t kind, int hl);
/* 1 and *v = value / 10^value_decimals when the row's value is shown
 * (reported, non-zero denominator); 0 otherwise (*v untouched). */
int xlsx_shown_value(const rcm_metric_row *row, uint8_t status, double *v);
/* "2024-25" for label 2025 (buf >= 16). */
void xlsx_year_short(int label, char *buf, size_t cap);
/* Footnote rows explaining * and ** under a table. */
void xs_markers_note(xlsx_sheet *s, lxw_col_t col);

/* --- the sheets, in workbook order. Each adds its worksheet and writes it
 * top to bottom; failures are recorded in x (x->lxw_err), never printed. */
void xlsx_sheet_summary(xlsx_ctx *x);
void xlsx_sheet_schools(xlsx_ctx *x);
void xlsx_sheet_subgroups(xlsx_ctx *x);
void xlsx_sheet_credentials(xlsx_ctx *x);
void xlsx_sheet_quality(xlsx_ctx *x);
void xlsx_sheet_about(xlsx_ctx *x);

/* Row of res->rows for a lookup slot, or NULL. */
const rcm_metric_row *xlsx_row_at(const xlsx_ctx *x, size_t idx);
/* Public status of a lookup slot (RCM_STATUS_*). */
uint8_t xlsx_status_at(const xlsx_ctx *x, size_t idx);
/* Record an internal failure that is not a libxlsxwriter call. */
void xlsx_fail(xlsx_ctx *x, const char *where, lxw_error e);

#endif
