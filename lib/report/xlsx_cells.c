/*
 * xlsx_cells.c - the row cursor, cell writers and text cleaning shared by
 * the workbook's sheets (SPEC 8.6).
 *
 * All writes go to the cursor's current row, which only moves forward: in
 * libxlsxwriter's constant_memory mode a cell written to an earlier row is
 * silently dropped, so the cursor makes that impossible by construction.
 * Text from the input is written with worksheet_write_string only (a string
 * cell is never evaluated, whatever it starts with: =, +, -, @, TAB, CR)
 * after cleaning it into text Excel accepts.
 */
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "core/parse.h"
#include "report/xlsx_internal.h"

/* The printed page (xs_open): landscape US Letter, margins 0.4 in left and
 * right, 0.5 in top and bottom, in points. A little is kept in reserve
 * because the estimate of row and column sizes is not exact. */
#define PAGE_WIDTH_PT ((11.0 - 2 * 0.4) * 72)
#define PAGE_HEIGHT_PT ((8.5 - 2 * 0.5) * 72 * 0.96)
#define ROW_PT 15.0

int xs_open(xlsx_ctx *x, xlsx_sheet *s, const char *name)
{
    memset(s, 0, sizeof *s);
    s->x = x;
    s->name = name;
    s->row = 0;
    s->row_height = ROW_PT;
    s->page = 1;
    s->ws = workbook_add_worksheet(x->wb, name);
    if (!s->ws) {
        xlsx_fail(x, name, LXW_ERROR_CREATING_TMPFILE);
        return -1;
    }
    worksheet_set_landscape(s->ws);
    worksheet_set_paper(s->ws, 1); /* US Letter */
    worksheet_set_margins(s->ws, 0.4, 0.4, 0.5, 0.5);
    worksheet_fit_to_pages(s->ws, 1, 0);
    xs_check(s, 0, worksheet_set_footer(s->ws, "&L&A&RPage &P of &N"));
    return 0;
}

void xs_next(xlsx_sheet *s)
{
    if (s->used > s->repeat && s->used + s->row_height > xs_page_height(s)) {
        s->page++; /* the row does not fit: it starts the next page */
        s->used = s->repeat;
    }
    s->used += s->row_height;
    s->row_height = ROW_PT;
    s->row++;
}

double xs_page_height(const xlsx_sheet *s)
{
    /* fit to one page wide: Excel shrinks by a whole percent, never grows */
    double width_pt = s->cols_px * 0.75, percent = 100;
    if (width_pt > PAGE_WIDTH_PT)
        percent = floor(100 * PAGE_WIDTH_PT / width_pt);
    if (percent < 10)
        percent = 10;
    return PAGE_HEIGHT_PT * 100 / percent;
}

void xs_page_break(xlsx_sheet *s)
{
    if (s->row == 0 || s->n_breaks >= XLSX_MAX_BREAKS)
        return;
    s->breaks[s->n_breaks++] = s->row;
    s->breaks[s->n_breaks] = 0;
    s->page++;
    s->used = s->repeat;
}

void xs_close(xlsx_sheet *s)
{
    /* once: libxlsxwriter does not free the breaks of an earlier call */
    if (s->n_breaks > 0)
        xs_check(s, 0, worksheet_set_h_pagebreaks(s->ws, s->breaks));
}

void xs_keep(xlsx_sheet *s, double height)
{
    double page = xs_page_height(s);
    if (s->used <= s->repeat || s->used + height <= page)
        return; /* at the top of a page already, or it fits */
    if (s->repeat + height > page && s->used < page / 2)
        return; /* taller than a page: no point leaving this one half empty */
    xs_page_break(s);
}

void xs_print_titles(xlsx_sheet *s, lxw_row_t row, double height)
{
    xs_check(s, 0, worksheet_repeat_rows(s->ws, row, row));
    s->repeat = height;
}

void xs_title(xlsx_sheet *s, const char *what)
{
    const rcm_config *cfg = s->x->cfg;
    const char *head = cfg->title && *cfg->title ? cfg->title : "Report card";
    const char *name = cfg->name ? cfg->name : "";
    char title[512];
    snprintf(title, sizeof title, "%s%s%s", head, *name ? ": " : "", name);
    xs_row(s, 24, 0);
    xs_input(s, 0, title, s->x->f.title);
    xs_next(s);
    xs_strf(s, 0, s->x->f.subtitle, "%s, school year %d-%d", what, s->x->latest - 1,
            s->x->latest);
    xs_next(s);
}

void xs_check(xlsx_sheet *s, lxw_col_t col, lxw_error e)
{
    char cell[LXW_MAX_CELL_NAME_LENGTH], where[80];
    if (e == LXW_NO_ERROR || s->x->lxw_err != LXW_NO_ERROR)
        return;
    lxw_rowcol_to_cell(cell, s->row, col);
    snprintf(where, sizeof where, "%s!%s", s->name, cell);
    xlsx_fail(s->x, where, e);
}

void xs_cols(xlsx_sheet *s, lxw_col_t first, lxw_col_t last, double width, int hidden)
{
    lxw_row_col_options opt;
    memset(&opt, 0, sizeof opt);
    opt.hidden = hidden ? LXW_TRUE : LXW_FALSE;
    xs_check(s, first, worksheet_set_column_opt(s->ws, first, last, width, NULL, &opt));
    /* Excel's pixels for a width in characters of Calibri 11 (7-pixel digits) */
    if (!hidden && last >= first)
        s->cols_px += (double)(last - first + 1) *
                      (width < 1 ? floor(width * 12 + 0.5) : floor(width * 7 + 0.5) + 5);
}

void xs_row(xlsx_sheet *s, double height, int hidden)
{
    lxw_row_col_options opt;
    memset(&opt, 0, sizeof opt);
    opt.hidden = hidden ? LXW_TRUE : LXW_FALSE;
    xs_check(s, 0, worksheet_set_row_opt(s->ws, s->row, height, NULL, &opt));
    s->row_height = hidden ? 0 : height;
}

void xs_str(xlsx_sheet *s, lxw_col_t col, const char *text, lxw_format *f)
{
    if (!text || !*text) {
        if (f)
            xs_check(s, col, worksheet_write_blank(s->ws, s->row, col, f));
        return;
    }
    xs_check(s, col, worksheet_write_string(s->ws, s->row, col, text, f));
}

void xs_strf(xlsx_sheet *s, lxw_col_t col, lxw_format *f, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    xs_str(s, col, buf, f);
}

void xs_input(xlsx_sheet *s, lxw_col_t col, const char *text, lxw_format *f)
{
    xs_str(s, col, xlsx_clean(s->x, text ? text : ""), f);
}

void xs_num(xlsx_sheet *s, lxw_col_t col, double v, lxw_format *f)
{
    /* Excel calls a file with NaN or Inf damaged: never write one */
    if (!isfinite(v)) {
        xs_check(s, col, LXW_ERROR_PARAMETER_VALIDATION);
        return;
    }
    xs_check(s, col, worksheet_write_number(s->ws, s->row, col, v, f));
}

/* Length of the valid UTF-8 sequence at p and its code point, or 0 when
 * the bytes are not valid UTF-8 (overlong, surrogate, above U+10FFFF). */
static size_t utf8_decode(const unsigned char *p, uint32_t *cp)
{
    unsigned char c = p[0];
    unsigned char lo = 0x80, hi = 0xBF;
    size_t len, i;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4;
    else
        return 0;
    if (c == 0xE0)
        lo = 0xA0;
    else if (c == 0xED)
        hi = 0x9F;
    else if (c == 0xF0)
        lo = 0x90;
    else if (c == 0xF4)
        hi = 0x8F;
    if (p[1] < lo || p[1] > hi)
        return 0;
    *cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    *cp = (*cp << 6) | (p[1] & 0x3F);
    for (i = 2; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        *cp = (*cp << 6) | (p[i] & 0x3F);
    }
    return len;
}

/* "_xHHHH_" at p: Excel would show it as the character U+HHHH. */
static int is_x_escape(const unsigned char *p)
{
    static const char hex[] = "0123456789ABCDEFabcdef";
    int i;
    if (p[0] != '_' || p[1] != 'x')
        return 0;
    for (i = 2; i < 6; i++)
        if (!p[i] || !strchr(hex, p[i]))
            return 0;
    return p[6] == '_';
}

const char *xlsx_clean(xlsx_ctx *x, const char *s)
{
    static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0, chars = 0;
    while (*p && chars < XLSX_TEXT_MAX && n + 16 < x->text_cap) {
        uint32_t cp = 0;
        size_t len = utf8_decode(p, &cp);
        if (len == 0 || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
            cp == 0xFFFE || cp == 0xFFFF) {
            /* XML 1.0 cannot carry these: Excel would call the file damaged */
            memcpy(x->text + n, replacement, 3);
            n += 3;
            p += len ? len : 1;
        } else {
            if (is_x_escape(p)) {
                memcpy(x->text + n, "_x005F", 6); /* an escaped '_' */
                n += 6;
            }
            memcpy(x->text + n, p, len);
            n += len;
            p += len;
        }
        chars++;
    }
    x->text[n] = '\0';
    return x->text;
}

int xlsx_shown_value(const rcm_metric_row *row, uint8_t status, double *v)
{
    double scale = 1;
    int i;
    if (!row || status != RCM_STATUS_REPORTED || row->den == 0 || row->value_decimals > 18)
        return 0;
    for (i = 0; i < row->value_decimals; i++)
        scale *= 10;
    *v = (double)row->value / scale;
    return isfinite(*v);
}

static void write_n(xlsx_sheet *s, int ncol, const rcm_metric_row *row, int hidden, int hl)
{
    const xlsx_formats *f = &s->x->f;
    if (ncol < 0)
        return;
    if (hidden)
        xs_str(s, (lxw_col_t)ncol, "*", f->value[XV_MARKER][hl]);
    else if (row->den >= 0)
        xs_num(s, (lxw_col_t)ncol, (double)row->den, f->value[XV_COUNT][hl]);
    else if (row->num_scale_digits == 0)
        /* co_cdip has no denominator: n is its number of claims */
        xs_num(s, (lxw_col_t)ncol, (double)row->num, f->value[XV_COUNT][hl]);
}

void xs_figure(xlsx_sheet *s, lxw_col_t vcol, int ncol, const rcm_metric_row *row,
               uint8_t status, uint8_t kind, int hl)
{
    const xlsx_formats *f = &s->x->f;
    double v;
    hl = hl ? 1 : 0;
    if (!row) {
        /* no figure: an empty cell that still carries the table's look */
        xs_str(s, vcol, "", f->value[kind][hl]);
        if (ncol >= 0)
            xs_str(s, (lxw_col_t)ncol, "", f->value[XV_COUNT][hl]);
        return;
    }
    switch ((rcm_status)status) {
    case RCM_STATUS_REPORTED:
        if (xlsx_shown_value(row, status, &v))
            xs_num(s, vcol, v, f->value[kind][hl]);
        write_n(s, ncol, row, 0, hl);
        return;
    case RCM_STATUS_SUPPRESSED_BOUNDS:
        xs_str(s, vcol, "**", f->value[XV_MARKER][hl]);
        write_n(s, ncol, row, 0, hl);
        return;
    case RCM_STATUS_SUPPRESSED_COMPLEMENT:
        xs_str(s, vcol, "*", f->value[XV_MARKER][hl]);
        write_n(s, ncol, row, 0, hl);
        return;
    case RCM_STATUS_SUPPRESSED_N:
    case RCM_STATUS_COUNT:
        break;
    }
    /* suppressed_n, or a status we do not know: hide everything */
    xs_str(s, vcol, "*", f->value[XV_MARKER][hl]);
    write_n(s, ncol, row, 1, hl);
}

void xlsx_year_short(int label, char *buf, size_t cap)
{
    snprintf(buf, cap, "%d-%02d", label - 1, ((label % 100) + 100) % 100);
}

void xs_markers_note(xlsx_sheet *s, lxw_col_t col)
{
    const rcm_config *cfg = s->x->cfg;
    lxw_format *f = s->x->f.note;
    char low[32], high[32];
    xs_strf(s, col, f, "*  Hidden to protect student privacy: fewer than %d students were "
                       "counted (n is hidden too)%s",
            cfg->min_n, cfg->complementary ? "," : ".");
    xs_next(s);
    if (cfg->complementary) {
        xs_str(s, col, "    or hidden so that another hidden figure cannot be worked out "
                       "by subtraction (n is shown).", f);
        xs_next(s);
    }
    if (cfg->low > 0 || cfg->high < RCM_FIXED_ONE) {
        rcm_format_fixed(low, cfg->low * 100, 6, 1);
        rcm_format_fixed(high, cfg->high * 100, 6, 1);
        xs_strf(s, col, f, "** Hidden: the rate is below %s%% or above %s%% (n is shown).", low,
                high);
        xs_next(s);
    }
}
