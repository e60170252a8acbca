/*
 * catalog.c - the credential catalog (SPEC 3.5): the state's approved list of
 * industry credentials, read with libcsv when the profile is loaded,
 * validated row by row, and indexed for rcm_catalog_find() and
 * rcm_catalog_lookup() (lookup.c), which the metrics stage uses to decide
 * whether a credential counts (SPEC 5).
 *
 * The file is RFC 4180 CSV with a header row (BOM and CRLF allowed, quoted
 * fields may hold commas, quotes and newlines). Canonical headers match
 * case-insensitively; other columns are ignored. Any invalid row is a config
 * error (RCM_ERR_CONFIG) naming the catalog path and the physical line where
 * the row starts.
 */
#include <csv.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "config/internal.h"
#include "core/diag.h"
#include "core/parse.h"

#define MAX_RECORD (1u << 20) /* bytes of one record: more is a data error */
#define SHOWN 80              /* bytes of a bad value quoted in a message */

enum {
    COL_CODE, COL_NAME, COL_CAREER_FIELD, COL_POINTS, COL_TIER, COL_FIRST_YEAR, COL_LAST_YEAR,
    COL_DISTRICT_ID, COL_ENGLISH, COL_MATH, COL_CDIP, COL_COUNT
};
static const char *const col_names[COL_COUNT] = {
    "code", "name", "career_field", "points", "tier", "first_year", "last_year", "district_id",
    "english", "math", "cdip"};

typedef struct {
    const char *path;
    rcm_arena *arena;
    rcm_diag *diag;
    rcm_err err;
    unsigned line;        /* physical line being fed to libcsv */
    unsigned record_line; /* physical line where the current record starts */
    /* the current record: field bytes, each followed by a NUL */
    char *text;
    size_t text_len, text_cap;
    size_t *starts;
    size_t n_fields, starts_cap;
    int header_seen;
    size_t n_header;
    int col[COL_COUNT]; /* field index of each canonical column, -1 absent */
    /* rows read so far (heap), and each row's career field text (arena) */
    rcm_catalog_row *rows;
    const char **row_field;
    size_t n_rows, rows_cap, row_field_cap;
} cat_reader;

/* ---- reading ---------------------------------------------------------------- */

/* rcm_grow on a typed array pointer (passed as its address) without
 * type-punning the pointer object. */
static int grow(void *array_ptr, size_t *cap, size_t need, size_t elem)
{
    void *p;
    memcpy(&p, array_ptr, sizeof p);
    if (rcm_grow(&p, cap, need, elem))
        return -1;
    memcpy(array_ptr, &p, sizeof p);
    return 0;
}

static void on_field(void *s, size_t len, void *data)
{
    cat_reader *r = data;
    if (r->err)
        return;
    if (r->text_len + len + 1 > MAX_RECORD) {
        r->err = rcm_fail(r->diag, RCM_ERR_CONFIG, "%s:%u: record longer than %u bytes", r->path,
                          r->record_line, MAX_RECORD);
        return;
    }
    if (len && memchr(s, '\0', len)) {
        r->err = rcm_fail(r->diag, RCM_ERR_CONFIG, "%s:%u: NUL byte in a field", r->path,
                          r->record_line);
        return;
    }
    if (grow(&r->text, &r->text_cap, r->text_len + len + 1, 1) ||
        grow(&r->starts, &r->starts_cap, r->n_fields + 1, sizeof *r->starts)) {
        r->err = rcm_fail(r->diag, RCM_ERR_NOMEM, "%s: out of memory", r->path);
        return;
    }
    r->starts[r->n_fields++] = r->text_len;
    if (len)
        memcpy(r->text + r->text_len, s, len);
    r->text[r->text_len + len] = '\0';
    r->text_len += len + 1;
}

/* Column c of the current record, trimmed; empty when absent or missing. */
static const char *cell(const cat_reader *r, int c, size_t *len)
{
    const char *s;
    int f = r->col[c];
    if (f < 0 || (size_t)f >= r->n_fields) {
        *len = 0;
        return "";
    }
    s = r->text + r->starts[f];
    *len = strlen(s);
    rcm_trim(&s, len);
    return s;
}

static rcm_err bad_cell(const cat_reader *r, int c, const char *s, size_t len, const char *want)
{
    return rcm_fail(r->diag, RCM_ERR_CONFIG, "%s:%u: %s: '%.*s' is not valid (want %s)", r->path,
                    r->record_line, col_names[c], (int)(len < SHOWN ? len : SHOWN), s, want);
}

/* The header row: canonical names, case-insensitive; code and name are
 * required; unknown columns are ignored (SPEC 3.5). */
static rcm_err read_header(cat_reader *r)
{
    size_t f, len;
    int c;
    for (c = 0; c < COL_COUNT; c++)
        r->col[c] = -1;
    for (f = 0; f < r->n_fields; f++) {
        const char *s = r->text + r->starts[f];
        len = strlen(s);
        rcm_trim(&s, &len);
        for (c = 0; c < COL_COUNT; c++) {
            if (!rcm_ieq(s, len, col_names[c]))
                continue;
            if (r->col[c] >= 0)
                return rcm_fail(r->diag, RCM_ERR_CONFIG, "%s:%u: %s: column given twice",
                                r->path, r->record_line, col_names[c]);
            r->col[c] = (int)f;
        }
    }
    for (c = COL_CODE; c <= COL_NAME; c++)
        if (r->col[c] < 0)
            return rcm_fail(r->diag, RCM_ERR_CONFIG, "%s:%u: %s: required column is missing",
                            r->path, r->record_line, col_names[c]);
    r->header_seen = 1;
    r->n_header = r->n_fields;
    return RCM_OK;
}

/* An optional text cell as an arena string, NULL when empty. */
static rcm_err text_cell(cat_reader *r, int c, const char **out)
{
    size_t len;
    const char *s = cell(r, c, &len);
    *out = NULL;
    if (len && !(*out = rcm_arena_strndup(r->arena, s, len)))
        return rcm_fail(r->diag, RCM_ERR_NOMEM, "%s: out of memory", r->path);
    return RCM_OK;
}

/* points, tier, years and flags of the current record into *row. */
static rcm_err read_values(cat_reader *r, rcm_catalog_row *row)
{
    static const int flag_cols[] = {COL_ENGLISH, COL_MATH, COL_CDIP};
    uint8_t *flags[] = {&row->english, &row->math, &row->cdip};
    size_t len, i;
    const char *s = cell(r, COL_POINTS, &len);
    int yes;
    if (len && (rcm_parse_number(s, len, &row->points) || row->points < 0))
        return bad_cell(r, COL_POINTS, s, len, "a number >= 0");
    s = cell(r, COL_TIER, &len);
    row->tier = -1;
    for (i = 0; len && i < RCM_TIER_COUNT; i++)
        if (rcm_ieq(s, len, rcm_tier_names[i]))
            row->tier = (int)i;
    if (len && row->tier < 0)
        return bad_cell(r, COL_TIER, s, len, "RECOGNIZED, VALUED or PREFERRED");
    s = cell(r, COL_FIRST_YEAR, &len);
    if (len && rcm_parse_grad_year(s, len, &row->first_year))
        return bad_cell(r, COL_FIRST_YEAR, s, len, "a graduation year such as 2020");
    s = cell(r, COL_LAST_YEAR, &len);
    if (len && rcm_parse_grad_year(s, len, &row->last_year))
        return bad_cell(r, COL_LAST_YEAR, s, len, "a graduation year such as 2020");
    if (row->first_year && row->last_year && row->first_year > row->last_year)
        return rcm_fail(r->diag, RCM_ERR_CONFIG, "%s:%u: first_year: %d is after last_year %d",
                        r->path, r->record_line, row->first_year, row->last_year);
    for (i = 0; i < 3; i++) {
        s = cell(r, flag_cols[i], &len);
        if (len && rcm_parse_flag(s, len, &yes))
            return bad_cell(r, flag_cols[i], s, len, "Y or N");
        *flags[i] = len && yes;
    }
    return RCM_OK;
}

/* One data row (SPEC 3.5): code and name required, every value valid. */
static rcm_err read_row(cat_reader *r)
{
    rcm_catalog_row row;
    const char *field;
    rcm_err err;
    memset(&row, 0, sizeof row);
    row.line = r->record_line;
    row.career_field = -1;
    if (r->n_fields > r->n_header)
        return rcm_fail(r->diag, RCM_ERR_CONFIG, "%s:%u: %zu fields but the header has %zu",
                        r->path, r->record_line, r->n_fields, r->n_header);
    if ((err = text_cell(r, COL_CODE, &row.code)) || (err = text_cell(r, COL_NAME, &row.name)) ||
        (err = text_cell(r, COL_DISTRICT_ID, &row.district_id)) ||
        (err = text_cell(r, COL_CAREER_FIELD, &field)))
        return err;
    if (!row.code || !row.name)
        return rcm_fail(r->diag, RCM_ERR_CONFIG, "%s:%u: %s: missing", r->path, r->record_line,
                        row.code ? "name" : "code");
    if ((err = read_values(r, &row)))
        return err;
    if (r->n_rows >= UINT32_MAX ||
        grow(&r->rows, &r->rows_cap, r->n_rows + 1, sizeof *r->rows) ||
        grow(&r->row_field, &r->row_field_cap, r->n_rows + 1, sizeof *r->row_field))
        return rcm_fail(r->diag, RCM_ERR_NOMEM, "%s: out of memory", r->path);
    r->rows[r->n_rows] = row;
    r->row_field[r->n_rows++] = field;
    return RCM_OK;
}

static void on_record(int c, void *data)
{
    cat_reader *r = data;
    (void)c;
    if (!r->err)
        r->err = r->header_seen ? read_row(r) : read_header(r);
    r->text_len = 0;
    r->n_fields = 0;
}

static rcm_err csv_failure(cat_reader *r, struct csv_parser *p, unsigned line)
{
    int e = csv_error(p);
    if (e == CSV_ENOMEM || e == CSV_ETOOBIG)
        return rcm_fail(r->diag, RCM_ERR_NOMEM, "%s: out of memory", r->path);
    if (e == CSV_EPARSE)
        return rcm_fail(r->diag, RCM_ERR_CONFIG,
                        "%s:%u: bad quoting (a quote inside an unquoted field, text after a "
                        "closing quote, or a quote never closed)",
                        r->path, line);
    return rcm_fail(r->diag, RCM_ERR_CONFIG, "%s:%u: %s", r->path, line, csv_strerror(e));
}

/* Feed libcsv one physical line at a time, so that each record knows the
 * line it starts on: a record starts on the line fed while the parser is in
 * its between-records state. */
static rcm_err parse_csv(cat_reader *r, const char *buf, size_t len)
{
    struct csv_parser p;
    size_t pos = 0;
    int idle;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI))
        return rcm_fail(r->diag, RCM_ERR_NOMEM, "%s: out of memory", r->path);
    csv_set_realloc_func(&p, rcm_realloc);
    csv_set_free_func(&p, free);
    idle = p.pstate;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        pos = 3; /* a UTF-8 BOM is skipped (SPEC 3) */
    for (r->line = 1; pos < len && !r->err; r->line++) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) + 1 : len;
        if (p.pstate == idle)
            r->record_line = r->line;
        if (csv_parse(&p, buf + pos, end - pos, on_field, on_record, r) != end - pos && !r->err)
            r->err = csv_failure(r, &p, r->line);
        pos = end;
    }
    if (!r->err && csv_fini(&p, on_field, on_record, r) && !r->err)
        r->err = csv_failure(r, &p, r->record_line);
    csv_free(&p);
    return r->err;
}

/* ---- indexing --------------------------------------------------------------- */

/* Sort key of a row: code in byte order, then district rows before rows for
 * every district, then file order (config.h: rcm_catalog.code_rows). */
typedef struct {
    const char *code;
    uint32_t every_district;
    uint32_t index;
} row_key;

static int cmp_row_key(const void *a, const void *b)
{
    const row_key *x = a, *y = b;
    int c = strcmp(x->code, y->code);
    if (c)
        return c;
    if (x->every_district != y->every_district)
        return x->every_district < y->every_district ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void *arena_array(rcm_arena *arena, size_t n, size_t elem)
{
    if (n && elem > SIZE_MAX / n)
        return NULL;
    return rcm_arena_alloc(arena, n * elem);
}

/* Whether two rows of one code apply to the same districts in some year:
 * the same district scope and overlapping year ranges, open ends infinite. */
static int rows_overlap(const rcm_catalog_row *a, const rcm_catalog_row *b)
{
    int alo = a->first_year ? a->first_year : INT_MIN, ahi = a->last_year ? a->last_year : INT_MAX;
    int blo = b->first_year ? b->first_year : INT_MIN, bhi = b->last_year ? b->last_year : INT_MAX;
    if (!a->district_id != !b->district_id)
        return 0;
    if (a->district_id && strcmp(a->district_id, b->district_id) != 0)
        return 0;
    return (alo > blo ? alo : blo) <= (ahi < bhi ? ahi : bhi);
}

/* Two rows for the same code and district scope with overlapping years are
 * an error (SPEC 3.5), reported on the later line. */
static rcm_err check_overlaps(const cat_reader *r, const rcm_catalog *cat)
{
    size_t c;
    uint32_t i, j;
    for (c = 0; c < cat->n_codes; c++)
        for (i = 0; i < cat->n_code_rows[c]; i++)
            for (j = i + 1; j < cat->n_code_rows[c]; j++) {
                const rcm_catalog_row *a = &cat->rows[cat->code_rows[c][i]];
                const rcm_catalog_row *b = &cat->rows[cat->code_rows[c][j]];
                if (a->line > b->line) {
                    const rcm_catalog_row *t = a;
                    a = b;
                    b = t;
                }
                if (rows_overlap(a, b))
                    return rcm_fail(r->diag, RCM_ERR_CONFIG,
                                    "%s:%u: code: '%.*s' overlaps the years of its row on line "
                                    "%u for the same districts",
                                    r->path, b->line, SHOWN, b->code, a->line);
            }
    return RCM_OK;
}

/* codes, code_rows and n_code_rows from the rows (config.h). */
static rcm_err index_codes(const cat_reader *r, rcm_catalog *cat)
{
    size_t n = cat->n_rows, i, c = 0;
    row_key *keys = rcm_malloc(n ? n * sizeof *keys : 1);
    uint32_t *order = arena_array(r->arena, n, sizeof *order);
    if (!keys || !order) {
        free(keys);
        return rcm_fail(r->diag, RCM_ERR_NOMEM, "%s: out of memory", r->path);
    }
    for (i = 0; i < n; i++) {
        keys[i].code = cat->rows[i].code;
        keys[i].every_district = !cat->rows[i].district_id;
        keys[i].index = (uint32_t)i;
    }
    qsort(keys, n, sizeof *keys, cmp_row_key);
    for (i = 0; i < n; i++)
        cat->n_codes += !i || strcmp(keys[i].code, keys[i - 1].code) != 0;
    cat->codes = arena_array(r->arena, cat->n_codes, sizeof *cat->codes);
    cat->code_rows = arena_array(r->arena, cat->n_codes, sizeof *cat->code_rows);
    cat->n_code_rows = arena_array(r->arena, cat->n_codes, sizeof *cat->n_code_rows);
    if (!cat->codes || !cat->code_rows || !cat->n_code_rows) {
        free(keys);
        return rcm_fail(r->diag, RCM_ERR_NOMEM, "%s: out of memory", r->path);
    }
    for (i = 0; i < n; i++) {
        if (i && strcmp(keys[i].code, keys[i - 1].code) != 0)
            c++;
        if (!cat->n_code_rows[c]) {
            cat->codes[c] = keys[i].code;
            cat->code_rows[c] = &order[i];
        }
        order[i] = keys[i].index;
        cat->n_code_rows[c]++;
    }
    free(keys);
    return RCM_OK;
}

/* fields (distinct career fields in byte order), each row's career_field
 * index, and has_tier. */
static rcm_err index_fields(const cat_reader *r, rcm_catalog *cat)
{
    size_t n = 0, i, k = 0;
    const char **all = rcm_malloc((cat->n_rows ? cat->n_rows : 1) * sizeof *all);
    if (!all)
        return rcm_fail(r->diag, RCM_ERR_NOMEM, "%s: out of memory", r->path);
    for (i = 0; i < cat->n_rows; i++)
        if (r->row_field[i])
            all[n++] = r->row_field[i];
    qsort(all, n, sizeof *all, cmp_str);
    for (i = 0; i < n; i++)
        if (!i || strcmp(all[i], all[i - 1]) != 0)
            all[k++] = all[i];
    cat->fields = arena_array(r->arena, k, sizeof *cat->fields);
    if (!cat->fields) {
        free(all);
        return rcm_fail(r->diag, RCM_ERR_NOMEM, "%s: out of memory", r->path);
    }
    memcpy(cat->fields, all, k * sizeof *all);
    cat->n_fields = k;
    free(all);
    for (i = 0; i < cat->n_rows; i++) {
        rcm_catalog_row *row = &cat->rows[i];
        if (r->row_field[i]) {
            const char **hit = bsearch(&r->row_field[i], cat->fields, k, sizeof *cat->fields,
                                       cmp_str);
            row->career_field = (int)(hit - cat->fields);
        }
        if (row->tier >= 0)
            cat->has_tier[row->tier] = 1;
    }
    return RCM_OK;
}

/* Read, validate and index the catalog at `path` into *cat, all in `arena`.
 * Errors: RCM_ERR_CONFIG (unreadable file or invalid row, naming path:LINE),
 * RCM_ERR_NOMEM. */
rcm_err rcm_catalog_load(rcm_catalog *cat, rcm_arena *arena, const char *path, rcm_diag *diag)
{
    cat_reader r;
    char *buf = NULL;
    size_t len = 0;
    rcm_err err;
    int e;
    memset(cat, 0, sizeof *cat);
    cat->path = path;
    e = rcm_config_slurp(path, &buf, &len);
    if (e == ENOMEM)
        return rcm_fail(diag, RCM_ERR_NOMEM, "%s: out of memory", path);
    if (e) /* SPEC 1: an unreadable catalog is a config error (78) */
        return rcm_fail(diag, RCM_ERR_CONFIG, "%s: cannot read the credential catalog: %s", path,
                        rcm_config_slurp_error(e));
    memset(&r, 0, sizeof r);
    r.path = path;
    r.arena = arena;
    r.diag = diag;
    err = parse_csv(&r, buf, len);
    free(buf);
    if (!err && !r.header_seen)
        err = rcm_fail(diag, RCM_ERR_CONFIG, "%s:1: empty catalog (want a header row naming "
                       "at least code and name)", path);
    if (!err && r.n_rows && !(cat->rows = arena_array(arena, r.n_rows, sizeof *cat->rows)))
        err = rcm_fail(diag, RCM_ERR_NOMEM, "%s: out of memory", path);
    if (!err) {
        if (r.n_rows)
            memcpy(cat->rows, r.rows, r.n_rows * sizeof *cat->rows);
        cat->n_rows = r.n_rows;
        if (!(err = index_codes(&r, cat)) && !(err = check_overlaps(&r, cat)))
            err = index_fields(&r, cat);
    }
    free(r.text);
    free(r.starts);
    free(r.rows);
    free(r.row_field);
    return err;
}
