/*
 * rows.c - the value rules of SPEC 3: one data row in, one outcome out.
 *
 * Every data row ends as exactly one of (SPEC 3.6): accepted (stored as a
 * compact record), an exact duplicate of an earlier accepted row of the same
 * file (counted, not stored, no line written), or rejected (one line to the
 * reject sink for the first bad field in table order). In enrollments an
 * invalid optional field is blanked instead, with a warning line that is
 * written only once the row is known to be accepted.
 *
 * Reject reasons (rejects.csv `reason`: a stable code, a colon, a message;
 * the codes never change, the messages may be reworded):
 *
 *   code                when
 *   ------------------  ----------------------------------------------------
 *   missing_value       a required value is empty
 *   bad_date            not YYYY-MM-DD, M/D/YYYY or YYYYMMDD, or no such day
 *   bad_school_year     not 2019-2020, 2019-20 or a bare year; years not consecutive
 *   bad_year            cohort_year: not a graduation year (2020 or 2019-2020)
 *   bad_grade           not PK, KG or 1-12
 *   bad_number          not [+-]digits[.digits]
 *   bad_flag            not Y/N/Yes/No/1/0/True/False
 *   bad_code            a code that maps to nothing in its [codes.*] set
 *   bad_subject         an assessment subject that is not one of its test's
 *   field_count         the row has more fields than the header
 *   unknown_student     student_id is in no accepted enrollment row
 *   unknown_credential  credential_code is not in the catalog
 *
 * The same codes are used for `blanked` warnings.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "ingest/ingest_internal.h"

#define R_MISSING "missing_value: required value is empty"
#define R_DATE "bad_date: not a date (YYYY-MM-DD, M/D/YYYY or YYYYMMDD)"
#define R_SCHOOL_YEAR "bad_school_year: not a school year (want 2019-2020)"
#define R_YEAR "bad_year: not a graduation year (want 2020 or 2019-2020)"
#define R_GRADE "bad_grade: not a grade (PK, KG, 1-12)"
#define R_NUMBER "bad_number: not a number ([+-]digits[.digits])"
#define R_FLAG "bad_flag: not a flag (Y/N/Yes/No/1/0/True/False)"
#define R_FIELD_COUNT "field_count: more fields than the header"
#define R_TEXT "bad_text: not UTF-8 text (invalid bytes or a NUL)"
#define R_NEGATIVE "bad_number: negative (scores and credit hours are never below 0)"
#define R_UNKNOWN_STUDENT "unknown_student: student_id is in no accepted enrollment row"
#define R_UNKNOWN_CREDENTIAL "unknown_credential: credential_code is not in the catalog"

/* How a column's value is checked. */
typedef enum {
    V_TEXT,        /* identifier or name: any text (trimmed) */
    V_SCHOOL_YEAR, /* label; a bare year per input.bare_year */
    V_GRAD_YEAR,   /* graduation-year label; a bare year is the label */
    V_DATE,
    V_GRADE,
    V_FLAG,
    V_NUMBER,
    V_CODE,        /* mapped through [codes.set]; unmapped is invalid */
    V_EXIT,        /* mapped through [codes.exit]; unmapped is OTHER */
    V_SUBJECT      /* a course name for AP and IB, else a subject of the test */
} value_type;

typedef struct {
    value_type type;
    rcm_codeset set;
} column_rule;

static const column_rule enr_rules[ENR_COL_COUNT] = {
    [ENR_STUDENT_ID] = {V_TEXT, 0},         [ENR_DISTRICT_ID] = {V_TEXT, 0},
    [ENR_DISTRICT_NAME] = {V_TEXT, 0},      [ENR_SCHOOL_ID] = {V_TEXT, 0},
    [ENR_SCHOOL_NAME] = {V_TEXT, 0},        [ENR_SCHOOL_YEAR] = {V_SCHOOL_YEAR, 0},
    [ENR_GRADE] = {V_GRADE, 0},             [ENR_ENTRY_DATE] = {V_DATE, 0},
    [ENR_EXIT_DATE] = {V_DATE, 0},          [ENR_EXIT_CODE] = {V_EXIT, RCM_CODES_EXIT},
    /* grade9_entry_year is a school year: input.bare_year applies (SPEC 3) */
    [ENR_GRADE9_ENTRY_YEAR] = {V_SCHOOL_YEAR, 0},
    [ENR_COHORT_YEAR] = {V_GRAD_YEAR, 0},   [ENR_GENDER] = {V_CODE, RCM_CODES_GENDER},
    [ENR_RACE] = {V_CODE, RCM_CODES_RACE},  [ENR_ELL] = {V_FLAG, 0},
    [ENR_ECON_DISADV] = {V_FLAG, 0},        [ENR_SPED] = {V_FLAG, 0},
    [ENR_CTE_CONCENTRATOR] = {V_FLAG, 0},   [ENR_DIPLOMA_TYPE] = {V_CODE, RCM_CODES_DIPLOMA},
    [ENR_DIPLOMA_DATE] = {V_DATE, 0},
};
static const column_rule cred_rules[CRED_COL_COUNT] = {
    [CRED_STUDENT_ID] = {V_TEXT, 0}, [CRED_CREDENTIAL_CODE] = {V_TEXT, 0},
    [CRED_EARNED_DATE] = {V_DATE, 0}};
static const column_rule test_rules[TEST_COL_COUNT] = {
    [TEST_STUDENT_ID] = {V_TEXT, 0}, [TEST_TEST] = {V_CODE, RCM_CODES_TEST},
    [TEST_SUBJECT] = {V_SUBJECT, RCM_CODES_SUBJECT}, [TEST_SCORE] = {V_NUMBER, 0},
    [TEST_TEST_DATE] = {V_DATE, 0}};
static const column_rule prog_rules[PROG_COL_COUNT] = {
    [PROG_STUDENT_ID] = {V_TEXT, 0},   [PROG_SCHOOL_YEAR] = {V_SCHOOL_YEAR, 0},
    [PROG_KIND] = {V_CODE, RCM_CODES_KIND}, [PROG_COURSE_ID] = {V_TEXT, 0},
    [PROG_CREDIT_HOURS] = {V_NUMBER, 0}, [PROG_COMPLETED] = {V_FLAG, 0}};

static const column_rule *rules_of(rcm_file_kind kind)
{
    switch (kind) {
    case RCM_FILE_ENROLLMENTS: return enr_rules;
    case RCM_FILE_CREDENTIALS: return cred_rules;
    case RCM_FILE_ASSESSMENTS: return test_rules;
    case RCM_FILE_PROGRAMS: return prog_rules;
    case RCM_FILE_COUNT: break;
    }
    return NULL;
}

/* The value of an empty optional field, as stored before the +1 of codes. */
static int64_t empty_value(value_type t)
{
    switch (t) {
    case V_DATE: return RCM_NO_DATE;
    case V_CODE:
    case V_EXIT: return -1;
    case V_FLAG: return RCM_FLAG_EMPTY;
    case V_TEXT:
    case V_SCHOOL_YEAR:
    case V_GRAD_YEAR:
    case V_GRADE:
    case V_NUMBER:
    case V_SUBJECT: break;
    }
    return 0;
}

/* A reason naming the offending code, e.g. "bad_code: 'XX' is not a gender
 * code" (the value is cut at 40 bytes; the full value is in its own column). */
static const char *bad_code(rcm_file_reader *f, const char *code, const char *what, size_t col)
{
    int n = f->len[col] > 40 ? 40 : (int)f->len[col];
    snprintf(f->reason, sizeof f->reason, "%s: '%.*s' is not %s", code, n, f->val[col], what);
    return f->reason;
}

/* a[0..n) == b[0..n), eight bytes at a time and inline, never reading
 * outside either: a field of a batch may end at a page end. */
static int same_bytes(const char *a, const char *b, size_t n)
{
    uint64_t x, y;
    size_t i;
    if (n < 8) {
        for (i = 0; i < n; i++)
            if (a[i] != b[i])
                return 0;
        return 1;
    }
    for (i = 0; i + 8 < n; i += 8) {
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        if (x != y)
            return 0;
    }
    memcpy(&x, a + n - 8, 8); /* the last eight, overlapping */
    memcpy(&y, b + n - 8, 8);
    return x == y;
}

/*
 * rcm_code_lookup for column col's value, remembering the last value and
 * result per column: codes repeat from row to row (a handful of genders,
 * races, tests), and the lookup compares case-insensitively against every
 * alias and code. The lookup depends only on the bytes, so a remembered
 * result is the same as a new one.
 */
static int code_of(rcm_file_reader *f, rcm_codeset set, size_t col)
{
    const char *s = f->val[col];
    size_t len = f->len[col];
    int code;
    if (len == f->last_code[col].len && len && memcmp(s, f->last_code[col].value, len) == 0)
        return f->last_code[col].code;
    code = rcm_code_lookup(f->cfg, set, s, len);
    if (len < sizeof f->last_code[col].value) {
        memcpy(f->last_code[col].value, s, len);
        f->last_code[col].len = (uint8_t)len;
        f->last_code[col].code = code;
    }
    return code;
}

static const char *check_subject(rcm_file_reader *f, size_t col)
{
    rcm_test test = (rcm_test)f->num[TEST_TEST];
    int subject;
    char what[64];
    /* AP and IB subjects are course names, not codes (SPEC 3.3) */
    if (test == RCM_TEST_AP || test == RCM_TEST_IB)
        return NULL;
    subject = code_of(f, RCM_CODES_SUBJECT, col);
    if (subject < 0 || !rcm_subject_valid_for(test, (rcm_subject)subject)) {
        size_t n;
        const char *const *tests = rcm_codeset_values(RCM_CODES_TEST, &n);
        snprintf(what, sizeof what, "a subject of %s", (size_t)test < n ? tests[test] : "?");
        return bad_code(f, "bad_subject", what, col);
    }
    f->num[col] = subject;
    return NULL;
}

/* Check the non-empty value of column col; NULL when valid (f->num[col] set),
 * else the reason. */
static const char *check_value(rcm_file_reader *f, const column_rule *rule, size_t col)
{
    const char *s = f->val[col];
    size_t len = f->len[col];
    int v = 0;
    int32_t days;
    int64_t fixed;
    char what[48];
    switch (rule->type) {
    case V_TEXT: return (f->rec->flags & RCM_REC_ASCII) || rcm_valid_text(s, len) ? NULL : R_TEXT;
    case V_SCHOOL_YEAR:
        if (rcm_parse_school_year(s, len, f->cfg->bare_year_second, &v))
            return R_SCHOOL_YEAR;
        break;
    case V_GRAD_YEAR:
        if (rcm_parse_grad_year(s, len, &v))
            return R_YEAR;
        break;
    case V_DATE:
        if (rcm_parse_date(s, len, &days))
            return R_DATE;
        f->num[col] = days;
        return NULL;
    case V_GRADE:
        if (rcm_parse_grade(s, len, &v))
            return R_GRADE;
        break;
    case V_FLAG:
        if (rcm_parse_flag(s, len, &v))
            return R_FLAG;
        v = v ? RCM_FLAG_Y : RCM_FLAG_N;
        break;
    case V_NUMBER:
        if (rcm_parse_number(s, len, &fixed))
            return R_NUMBER;
        if (fixed < 0) /* the number columns are scores and credit hours */
            return R_NEGATIVE;
        f->num[col] = fixed;
        return NULL;
    case V_CODE:
        v = code_of(f, rule->set, col);
        if (v < 0) {
            snprintf(what, sizeof what, "a %s code", rcm_codeset_names[rule->set]);
            return bad_code(f, "bad_code", what, col);
        }
        break;
    case V_EXIT:
        /* an exit_code that maps to nothing is OTHER (SPEC 3) */
        v = code_of(f, RCM_CODES_EXIT, col);
        if (v < 0)
            v = RCM_EXIT_OTHER;
        break;
    case V_SUBJECT: return check_subject(f, col);
    }
    f->num[col] = v;
    return NULL;
}

/* The value of column col as read (before trimming); "" when absent. */
static void raw_value(const rcm_file_reader *f, int col, const char **value, size_t *len)
{
    int idx = col >= 0 ? f->field_of[col] : -1;
    *value = "";
    *len = 0;
    if (idx >= 0 && (size_t)idx < f->rec->n_fields) {
        *value = f->rec->fields[idx];
        *len = f->rec->lens[idx];
    }
}

static rcm_err emit(rcm_file_reader *f, uint64_t line, int col, const char *value, size_t len,
                    const char *reason, int blanked)
{
    rcm_reject r;
    if (!f->fn)
        return RCM_OK;
    r.file = f->st->display;
    r.line = line;
    r.column = col >= 0 ? f->cols[col].name : "";
    r.value = value;
    r.value_len = len;
    r.reason = reason;
    r.blanked = blanked;
    if (f->fn(f->fn_ctx, &r) != 0)
        return rcm_fail(f->diag, RCM_ERR_IO, "%s:%llu: cannot write the rejects line",
                        f->st->display, (unsigned long long)line);
    return RCM_OK;
}

static rcm_err reject(rcm_file_reader *f, int col, const char *reason)
{
    const char *value;
    size_t len;
    rcm_err err = rcm_ingest_flush(f); /* the earlier rows' lines come first */
    if (err)
        return err;
    f->st->rejected++;
    raw_value(f, col, &value, &len);
    return emit(f, f->rec->line, col, value, len, reason, 0);
}

static rcm_err nomem_at(rcm_file_reader *f, uint64_t line)
{
    return rcm_fail(f->diag, RCM_ERR_NOMEM, "%s:%llu: out of memory", f->st->display,
                    (unsigned long long)line);
}

static rcm_err nomem(rcm_file_reader *f) { return nomem_at(f, f->rec->line); }

/*
 * A row that passed every check waits here for its duplicate lookup: the
 * set is much larger than the cache, so the lookup's slot is prefetched now
 * and read only after the next RCM_PENDING_ROWS - 1 rows have been checked.
 * Rows are settled oldest first, and all of them before any reject line of
 * a later row, so lines stay in input order and a row is compared with
 * every row before it. The values of its warnings are copied, since the
 * reader reuses its buffer.
 */
static rcm_err settle_oldest(rcm_file_reader *f)
{
    rcm_pending_row *p = &f->pend[f->pend_head];
    int i, dup;
    rcm_err err;
    f->pend_head = (f->pend_head + 1) % RCM_PENDING_ROWS;
    f->pend_n--;
    /* an enrollment's order counts the rows stored before it */
    if (f->kind == RCM_FILE_ENROLLMENTS)
        p->cand.enr.order = (uint32_t)f->ds->n_enr;
    dup = rcm_ingest_add_unique(f, &p->cand, p->hash);
    if (dup < 0)
        return nomem_at(f, p->line);
    if (dup) {
        f->st->duplicates++; /* a duplicate writes no warnings (SPEC 3.6) */
        return RCM_OK;
    }
    f->st->accepted++;
    if (f->kind == RCM_FILE_ENROLLMENTS && p->cand.enr.label > f->ds->max_label)
        f->ds->max_label = p->cand.enr.label;
    for (i = 0; i < p->n_notes; i++) {
        const rcm_blank_note *n = &p->notes[i];
        f->st->blanked++;
        err = emit(f, p->line, n->col, p->note_buf + n->value_off, n->value_len, n->reason, 1);
        if (err)
            return err;
    }
    return RCM_OK;
}

static rcm_err stash(rcm_file_reader *f, const void *cand, size_t size)
{
    rcm_pending_row *p;
    size_t need = 0, off = 0, len;
    const char *value;
    rcm_err err;
    int i;
    if (f->pend_n == RCM_PENDING_ROWS && (err = settle_oldest(f)))
        return err;
    p = &f->pend[(f->pend_head + f->pend_n) % RCM_PENDING_ROWS];
    for (i = 0; i < f->n_notes; i++) {
        raw_value(f, f->notes[i].col, &value, &len);
        need += len;
    }
    if (need > p->note_cap && rcm_grow((void **)&p->note_buf, &p->note_cap, need, 1))
        return nomem(f);
    for (i = 0; i < f->n_notes; i++) {
        raw_value(f, f->notes[i].col, &value, &len);
        if (len)
            memcpy(p->note_buf + off, value, len);
        f->notes[i].value_off = off;
        f->notes[i].value_len = len;
        off += len;
    }
    if (f->n_notes)
        memcpy(p->notes, f->notes, (size_t)f->n_notes * sizeof *f->notes);
    p->n_notes = f->n_notes;
    memcpy(&p->cand, cand, size);
    p->hash = rcm_ingest_hash_row(f, &p->cand);
    p->line = f->rec->line;
    f->pend_n++;
    return RCM_OK;
}

rcm_err rcm_ingest_flush(rcm_file_reader *f)
{
    rcm_err err;
    while (f->pend_n)
        if ((err = settle_oldest(f)))
            return err;
    return RCM_OK;
}

void rcm_ingest_release(rcm_file_reader *f)
{
    int i;
    rcm_prefault_stop(f->prefault);
    f->prefault = NULL;
    rcm_rowset_free(&f->seen);
    for (i = 0; i < RCM_PENDING_ROWS; i++) {
        free(f->pend[i].note_buf);
        f->pend[i].note_buf = NULL;
        f->pend[i].note_cap = 0;
    }
    f->pend_n = 0;
}

/* ------------------------------------------------------------ per file */

/* Whether column col holds the same string as in the last row that was
 * interned: exports are usually sorted by student or school, so values repeat
 * from row to row, and this compare is cheaper than a probe of a large table.
 * A short value is compared with the reader's own copy, which stays in the
 * cache, instead of the table's. */
static int same_as_last(const rcm_intern *t, const rcm_file_reader *f, size_t col)
{
    size_t len = f->len[col];
    if (!f->last_id[col] || f->last_val[col].len != len)
        return 0;
    if (len <= RCM_LAST_MAX)
        return same_bytes(f->last_val[col].s, f->val[col], len);
    return memcmp(rcm_intern_str(t, f->last_id[col]), f->val[col], len) == 0;
}

static void remember(rcm_file_reader *f, size_t col, uint32_t id)
{
    f->last_id[col] = id;
    f->last_val[col].len = f->len[col];
    if (f->len[col] <= RCM_LAST_MAX)
        memcpy(f->last_val[col].s, f->val[col], f->len[col]);
}

static int intern(rcm_intern *t, rcm_file_reader *f, size_t col, uint32_t *id)
{
    if (same_as_last(t, f, col)) {
        *id = f->last_id[col];
        return 0;
    }
    if (rcm_intern_put(t, f->val[col], f->len[col], id))
        return -1;
    if (*id)
        remember(f, col, *id);
    return 0;
}

static rcm_err store_enrollment(rcm_file_reader *f)
{
    rcm_dataset *ds = f->ds;
    const int64_t *v = f->num;
    rcm_enrollment e;
    memset(&e, 0, sizeof e);
    /* only accepted rows are interned, so ds->students holds exactly the
     * students of accepted enrollment rows (unknown_student, SPEC 3.6) */
    if (intern(ds->students, f, ENR_STUDENT_ID, &e.student) ||
        intern(ds->districts, f, ENR_DISTRICT_ID, &e.district) ||
        intern(ds->schools, f, ENR_SCHOOL_ID, &e.school) ||
        intern(ds->names, f, ENR_DISTRICT_NAME, &e.district_name) ||
        intern(ds->names, f, ENR_SCHOOL_NAME, &e.school_name))
        return nomem(f);
    /* e.order is set when the row is stored (settle_oldest) */
    e.entry_date = (int32_t)v[ENR_ENTRY_DATE];
    e.exit_date = (int32_t)v[ENR_EXIT_DATE];
    e.diploma_date = (int32_t)v[ENR_DIPLOMA_DATE];
    e.label = (uint16_t)v[ENR_SCHOOL_YEAR];
    e.grade9_entry = (uint16_t)v[ENR_GRADE9_ENTRY_YEAR];
    e.cohort_year = (uint16_t)v[ENR_COHORT_YEAR];
    e.grade = (int8_t)v[ENR_GRADE];
    e.exit_code = (uint8_t)(v[ENR_EXIT_CODE] + 1);
    e.gender = (uint8_t)(v[ENR_GENDER] + 1);
    e.race = (uint8_t)(v[ENR_RACE] + 1);
    e.ell = (uint8_t)v[ENR_ELL];
    e.econ_disadv = (uint8_t)v[ENR_ECON_DISADV];
    e.sped = (uint8_t)v[ENR_SPED];
    e.cte = (uint8_t)v[ENR_CTE_CONCENTRATOR];
    e.diploma_type = (uint8_t)(v[ENR_DIPLOMA_TYPE] + 1);
    return stash(f, &e, sizeof e);
}

/* Id of the row's student when some accepted enrollment row names it, else 0
 * (the row is then rejected as unknown_student, SPEC 3.6). */
static uint32_t known_student(rcm_file_reader *f, size_t col)
{
    uint32_t id;
    if (same_as_last(f->ds->students, f, col))
        return f->last_id[col];
    id = rcm_intern_find(f->ds->students, f->val[col], f->len[col]);
    if (id)
        remember(f, col, id);
    return id;
}

static rcm_err store_credential(rcm_file_reader *f)
{
    rcm_credential c;
    int code;
    memset(&c, 0, sizeof c);
    if (!(c.student = known_student(f, CRED_STUDENT_ID)))
        return reject(f, CRED_STUDENT_ID, R_UNKNOWN_STUDENT);
    /* exact text after trimming (SPEC 3.6) */
    code = rcm_catalog_find(&f->cfg->catalog, f->val[CRED_CREDENTIAL_CODE],
                            f->len[CRED_CREDENTIAL_CODE]);
    if (code < 0)
        return reject(f, CRED_CREDENTIAL_CODE, R_UNKNOWN_CREDENTIAL);
    c.code = (uint32_t)code;
    c.earned_date = (int32_t)f->num[CRED_EARNED_DATE];
    c.line = f->rec->line > UINT32_MAX ? UINT32_MAX : (uint32_t)f->rec->line;
    return stash(f, &c, sizeof c);
}

static rcm_err store_assessment(rcm_file_reader *f)
{
    rcm_assessment t;
    memset(&t, 0, sizeof t);
    if (!(t.student = known_student(f, TEST_STUDENT_ID)))
        return reject(f, TEST_STUDENT_ID, R_UNKNOWN_STUDENT);
    t.test = (uint8_t)f->num[TEST_TEST];
    if (t.test == RCM_TEST_AP || t.test == RCM_TEST_IB) {
        if (intern(f->ds->courses, f, TEST_SUBJECT, &t.course))
            return nomem(f);
    } else {
        t.subject = (uint16_t)f->num[TEST_SUBJECT];
    }
    t.score = f->num[TEST_SCORE];
    t.test_date = (int32_t)f->num[TEST_TEST_DATE];
    return stash(f, &t, sizeof t);
}

static rcm_err store_program(rcm_file_reader *f)
{
    rcm_program p;
    memset(&p, 0, sizeof p);
    if (!(p.student = known_student(f, PROG_STUDENT_ID)))
        return reject(f, PROG_STUDENT_ID, R_UNKNOWN_STUDENT);
    if (intern(f->ds->courses, f, PROG_COURSE_ID, &p.course))
        return nomem(f);
    p.label = (uint16_t)f->num[PROG_SCHOOL_YEAR];
    p.kind = (uint8_t)f->num[PROG_KIND];
    p.credit_hours = f->num[PROG_CREDIT_HOURS]; /* default 0 (SPEC 3.4) */
    /* completed defaults to Y (SPEC 3.4) */
    p.completed = f->num[PROG_COMPLETED] != RCM_FLAG_N;
    return stash(f, &p, sizeof p);
}

/* Trimmed value of column col in the current row; "" when the header lacks
 * the column or the row is short (missing trailing fields are empty). */
static void load_value(rcm_file_reader *f, size_t col)
{
    int idx = f->field_of[col];
    const char *s = "";
    size_t len = 0;
    if (idx >= 0 && (size_t)idx < f->rec->n_fields) {
        s = f->rec->fields[idx];
        len = f->rec->lens[idx];
        if (!(f->rec->flags & RCM_REC_TRIMMED))
            rcm_trim(&s, &len);
    }
    f->val[col] = s;
    f->len[col] = len;
}

/* Student ids are looked up in a table far larger than the cache, each
 * lookup three dependent loads (slot, entry, string). Rows of a student
 * usually come together, so the next new id is a few rows ahead: its
 * loads are started in steps, 8, 4 and 2 rows before its row. */
#define AHEAD_1 8
#define AHEAD_2 4
#define AHEAD_3 2

static void look_ahead(rcm_file_reader *f)
{
    const rcm_intern *t = f->ds->students;
    uint64_t i = f->n_ahead++, *ring = f->ahead_hash, h = 0;
    /* the read-ahead thread hashed the id, and left 0 for a row of the same
     * student as the row before it, which needs nothing new */
    rcm_csv_peek_key(f->csv, AHEAD_1, &h);
    ring[(i + AHEAD_1) & 15] = h;
    if (h)
        rcm_intern_prefetch(t, h, 1);
    if (ring[(i + AHEAD_2) & 15])
        rcm_intern_prefetch(t, ring[(i + AHEAD_2) & 15], 2);
    if (ring[(i + AHEAD_3) & 15])
        rcm_intern_prefetch(t, ring[(i + AHEAD_3) & 15], 3);
}

rcm_err rcm_ingest_row(rcm_file_reader *f, const rcm_csv_record *rec)
{
    const column_rule *rules = rules_of(f->kind);
    size_t col;
    /* rows still pending (see stash) are settled by this row's reject(), or
     * the oldest when this row is stashed */
    f->st->read++;
    f->rec = rec;
    f->n_notes = 0;
    if (f->csv)
        look_ahead(f);
    if (rec->n_fields > f->n_header)
        return reject(f, -1, R_FIELD_COUNT);
    /* table order: the first bad field decides (SPEC 3) */
    for (col = 0; col < f->n_cols; col++) {
        const char *why;
        load_value(f, col);
        if (!f->len[col]) {
            if (f->cols[col].required)
                return reject(f, (int)col, R_MISSING);
            f->num[col] = empty_value(rules[col].type);
            continue;
        }
        why = check_value(f, &rules[col], col);
        if (!why)
            continue;
        if (f->kind != RCM_FILE_ENROLLMENTS || f->cols[col].required)
            return reject(f, (int)col, why);
        /* enrollments: an invalid optional field is blanked (SPEC 3) */
        f->notes[f->n_notes].col = (int)col;
        snprintf(f->notes[f->n_notes].reason, sizeof f->notes[0].reason, "%s", why);
        f->n_notes++;
        f->num[col] = empty_value(rules[col].type);
        f->len[col] = 0;
    }
    switch (f->kind) {
    case RCM_FILE_ENROLLMENTS: return store_enrollment(f);
    case RCM_FILE_CREDENTIALS: return store_credential(f);
    case RCM_FILE_ASSESSMENTS: return store_assessment(f);
    case RCM_FILE_PROGRAMS: return store_program(f);
    case RCM_FILE_COUNT: break;
    }
    return rcm_fail(f->diag, RCM_ERR_SOFTWARE, "ingest: bad file kind %d", (int)f->kind);
}
