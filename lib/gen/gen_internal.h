/*
 * gen_internal.h - private interface of the synthetic SIS export generator.
 *
 * `rcm gen` writes the four input files of SPEC 3 for demos, tests and
 * benchmarks. It sits outside the read -> report pipeline: it only needs the
 * profile (column headers, code aliases, year_end, delimiter and catalog).
 * The work is split by concern:
 *   gen.c      options, profile loading, rcm_gen()
 *   export.c   one export: output files, headers, the student loop
 *   world.c    districts and high schools (ids, names, sizes, SIS habits)
 *   names.c    word lists for district, school and course names
 *   student.c  one student's enrollment history and its rows
 *   evidence.c credentials, assessments and programs of one student
 *   out.c      buffered CSV writer, plain or gzip
 *   profile.c  per-profile weights
 * Everything is deterministic for a seed: every student draws from its own
 * xoshiro256** stream, so the files never depend on anything but options,
 * profile and catalog.
 */
#ifndef RCM_GEN_INTERNAL_H
#define RCM_GEN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <zlib.h>

#include "config/config.h"
#include "core/arena.h"
#include "rcm.h"

/* ------------------------------------------------------------------ rng */

/* xoshiro256** state; one per student, one for the world. */
typedef struct {
    uint64_t s[4];
} gen_rng;

static inline uint64_t gen_splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Seed stream `stream` of run seed `seed` (streams are independent). */
static inline void gen_rng_seed(gen_rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed;
    int i;
    x = gen_splitmix(&x) ^ (stream * 0xD1B54A32D192ED03ULL);
    for (i = 0; i < 4; i++)
        r->s[i] = gen_splitmix(&x);
}

static inline uint64_t gen_next(gen_rng *r)
{
    uint64_t *s = r->s;
    uint64_t x = s[1] * 5, result = ((x << 7) | (x >> 57)) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 45) | (s[3] >> 19);
    return result;
}

/* Uniform integer in [0, n) (n > 0). */
static inline uint32_t gen_below(gen_rng *r, uint32_t n)
{
    return (uint32_t)(((gen_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform integer in [lo, hi]. */
static inline int gen_range(gen_rng *r, int lo, int hi)
{
    return lo + (int)gen_below(r, (uint32_t)(hi - lo + 1));
}

/* Uniform double in [0, 1). */
static inline double gen_unit(gen_rng *r)
{
    return (double)(gen_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static inline int gen_chance(gen_rng *r, double p) { return gen_unit(r) < p; }

/* Roughly standard normal (sum of four uniforms, rescaled): only + and *,
 * so the result is the same on every IEEE machine. */
static inline double gen_normal(gen_rng *r)
{
    double s = gen_unit(r) + gen_unit(r) + gen_unit(r) + gen_unit(r);
    return (s - 2.0) * 1.7320508075688772;
}

/* ---------------------------------------------------------- profile */

/* What a profile emphasises; shares are of all students unless noted. */
typedef struct {
    const char *name;
    double cte;                       /* CTE concentrators */
    double cred_cte, cred_other;      /* earn a credential, by CTE status */
    double cred_grade12;              /* credentials dated in grade 12 */
    double act, act_retake, sat;      /* of juniors; retake of takers */
    double workkeys_cte, workkeys_other, asvab;
    double ap, ib;                    /* ib: of students of an IB school */
    double ccp, dual_enrollment, dual_credit, clep, cie, ldc;
    double internship, pre_apprenticeship, apprenticeship, ap_cs;
    double cohort_year, grade9_entry_year; /* rows carry the column */
    int ssid_letters;                 /* SSIDs like AB1234567 instead of 10 digits */
} gen_weights;

/* Weights of a profile name; unknown names get the Ohio weights. Never NULL. */
const gen_weights *rcm_gen_weights(const char *profile);

/* ----------------------------------------------------------- writer */

enum { GEN_DATE_ISO = 0, GEN_DATE_MDY, GEN_DATE_COMPACT };

/* A buffered CSV file writer. Errors are sticky: the first failed write is
 * remembered and reported by rcm_gen_out_close(). */
typedef struct {
    char *buf;
    size_t len, cap;
    FILE *fp;
    gzFile gz;
    char delim;
    int row_start;   /* no field written yet on this row */
    int write_errno; /* 0, or errno of the first failed write */
    char path[1024];
    uint64_t rows;   /* data rows written (header excluded) */
} gen_out;

/* Create `path` (truncating) for writing, gzip-compressed when `gzip`.
 * Errors: RCM_ERR_CANTCREAT, RCM_ERR_NOMEM. */
rcm_err rcm_gen_out_open(gen_out *o, const char *path, int gzip, char delim, rcm_diag *diag);
/* Flush, close and free; the first write error -> RCM_ERR_IO. Safe on a
 * writer that failed to open or was already closed. */
rcm_err rcm_gen_out_close(gen_out *o, rcm_diag *diag);
/* Append one field (quoted when it holds the delimiter, a quote or a line
 * break). */
void rcm_gen_out_str(gen_out *o, const char *s);
void rcm_gen_out_strn(gen_out *o, const char *s, size_t n);
/* Append an empty field. */
void rcm_gen_out_empty(gen_out *o);
/* Append a decimal integer, zero-padded to `width` digits. */
void rcm_gen_out_uint(gen_out *o, uint64_t v, int width);
/* Append a date (days since 1970-01-01) in GEN_DATE_* format; RCM_NO_DATE
 * appends an empty field. */
void rcm_gen_out_date(gen_out *o, int32_t days, int fmt);
/* Append a date that does not exist (Feb 30 of `year`) in GEN_DATE_* form. */
void rcm_gen_out_bad_date(gen_out *o, int year, int fmt);
/* Append school year `label` as 2019-2020 (short = 0) or 2019-20. */
void rcm_gen_out_school_year(gen_out *o, int label, int short_form);
/* End the row (LF); counts it unless `header`. */
void rcm_gen_out_end(gen_out *o, int header);

/* ------------------------------------------------------------ world */

/* A district and the export habits of its SIS. */
typedef struct {
    const char *id;
    const char *name;
    uint32_t first_school, n_schools;
    uint8_t date_fmt;    /* GEN_DATE_* */
    uint8_t short_year;  /* school years as 2019-20 */
    uint8_t flag_style;  /* 0 Y/N, 1 Yes/No, 2 1/0 */
    uint8_t grade_pad;   /* grade 9 as 09 */
    uint8_t writes_none; /* diploma_type NONE on rows without a diploma */
    uint8_t fills_exit;  /* last day of school as exit_date on continuing rows */
    uint8_t sis_codes;   /* writes the profile's SIS code aliases */
    uint8_t start_day;   /* first day of school: August 10 + start_day */
    uint8_t last_day;    /* last day of school: May 20 + last_day */
} gen_district;

typedef struct {
    const char *id;
    const char *name;
    uint32_t district;
    uint8_t ib; /* offers the IB diploma programme */
} gen_school;

/* Districts and high schools of the synthetic state. Owned by `arena`. */
typedef struct {
    rcm_arena *arena;
    gen_district *districts;
    uint32_t n_districts;
    gen_school *schools;
    uint32_t n_schools;
    double *school_cum; /* cumulative enrollment weight by school */
} gen_world;

/* Build a world sized for `students` (about 1 district per 2,500 students,
 * 2 high schools per district, at least 1 and 2). District ids named in the
 * catalog (district-specific credentials) are given to the first districts.
 * Errors: RCM_ERR_NOMEM. Release with rcm_gen_world_release(). */
rcm_err rcm_gen_world_init(gen_world *w, uint64_t students, uint64_t seed,
                           const rcm_catalog *cat, rcm_diag *diag);
void rcm_gen_world_release(gen_world *w);
/* A school drawn by enrollment weight. */
uint32_t rcm_gen_world_pick(const gen_world *w, gen_rng *r);
/* A school other than `from` (same district when `same_district` and the
 * district has another); `from` itself only when there is no other. */
uint32_t rcm_gen_world_move(const gen_world *w, gen_rng *r, uint32_t from, int same_district);

/* Word lists (names.c). */
typedef struct {
    const char *const *items;
    size_t n;
} gen_words;
extern const gen_words rcm_gen_places, rcm_gen_surnames, rcm_gen_ap_courses,
    rcm_gen_ib_courses, rcm_gen_college_courses;
/* Name of district `i` into buf and its place name into place; name of
 * school `i`, the nth of its district (all NUL-terminated, truncated). */
void rcm_gen_district_name(char *buf, size_t size, char *place, size_t place_size, uint32_t i,
                           gen_rng *r);
void rcm_gen_school_name(char *buf, size_t size, const char *district_place, uint32_t nth,
                         uint32_t i, gen_rng *r);

/* ---------------------------------------------------------- context */

/* Kinds of deliberate mess (SPEC 3.6 must account for each). */
typedef enum {
    GEN_MESS_DUPLICATE = 0, /* exact copy of a row: merged */
    GEN_MESS_BLANKED,       /* invalid optional enrollment value: blanked */
    GEN_MESS_BAD_REQUIRED,  /* invalid required value: rejected */
    GEN_MESS_UNKNOWN_STUDENT, /* student in no enrollment row: rejected */
    GEN_MESS_UNKNOWN_CODE,  /* credential code not in the catalog: rejected */
    GEN_MESS_COUNT
} gen_mess;

#define GEN_MAX_CODES 16

typedef struct {
    const rcm_config *cfg;
    const gen_weights *w;
    gen_world world;
    gen_out out[RCM_FILE_COUNT];
    uint64_t students, seed;
    int first_label, last_label;
    int ye_month, ye_day;
    /* text written for a canonical code: [0] canonical, [1] SIS alias */
    const char *code_text[2][RCM_CODES_COUNT][GEN_MAX_CODES];
    const char *extra_header; /* unknown trailing enrollment column */
    /* catalog codes grouped by career field; group n_fields holds codes
     * without a field: codes field_codes[field_start[f] .. field_start[f+1]) */
    uint32_t *field_codes, *field_start;
    uint32_t n_fields;
    /* every kind of mess appears at least once: the first student from
     * force_from on that can show a still pending kind shows it */
    uint64_t force_from;
    uint8_t pending[RCM_FILE_COUNT][GEN_MESS_COUNT];
    uint64_t mess[RCM_FILE_COUNT][GEN_MESS_COUNT]; /* rows of each kind written */
    const char *bad_gender;   /* a gender value no code maps */
    const char *unmapped_exit; /* an exit code no code maps (read as OTHER) */
} gen_ctx;

/* Per-file chance of each kind of mess for one row. */
#define GEN_P_DUPLICATE 0.002
#define GEN_P_BLANKED 0.002
#define GEN_P_BAD_REQUIRED 0.0008
#define GEN_P_UNKNOWN 0.002

/* ---------------------------------------------------------- student */

#define GEN_MAX_YEARS 8
#define GEN_MAX_ROWS 12

/* One enrollment row of a student. Dates are days, RCM_NO_DATE = empty. */
typedef struct {
    uint32_t school;
    int16_t label;
    int8_t grade;
    int8_t exit_code; /* rcm_exit, -1 = empty */
    int8_t diploma;   /* rcm_diploma, -1 = empty */
    int8_t race;      /* rcm_race, -1 = empty on this row */
    uint8_t ell, econ, sped, cte;
    int32_t entry, exit, diploma_date;
} gen_row;

/* One student while it is generated; nothing survives the next student. */
typedef struct {
    uint64_t index;
    char id[16];
    gen_rng rng;
    int g9;          /* label of the first grade-9 year */
    double ability;  /* drives scores, honors and AP */
    int8_t gender;   /* rcm_gender */
    int8_t race;     /* rcm_race */
    uint8_t ell, econ, sped, cte;
    uint8_t carries_g9, carries_cohort;
    int field;       /* preferred career field, or -1 */
    int32_t span_start, span_end; /* first day enrolled, last day enrolled */
    gen_row rows[GEN_MAX_ROWS];
    int n_rows;
} gen_student;

/* Whether the current row of file f gets mess `kind` (chance p, or forced
 * while the kind is pending); counts it. */
int rcm_gen_mess(gen_ctx *c, gen_student *st, rcm_file_kind f, gen_mess kind, double p);
/* Format the student id of student number `index` into buf[16]. Distinct
 * indices give distinct ids (indices >= students are nobody). */
void rcm_gen_student_id(const gen_ctx *c, uint64_t index, char *buf);
/* Draw student `index` and its enrollment history. */
void rcm_gen_student_make(gen_ctx *c, uint64_t index, gen_student *st);
/* Write the student's enrollment rows (in-window ones, with mess). */
void rcm_gen_student_write(gen_ctx *c, gen_student *st);
/* Write the student's credentials, assessments and programs. */
void rcm_gen_evidence_write(gen_ctx *c, gen_student *st);
/* School-year label of a date under the profile's year_end. */
int rcm_gen_label(const gen_ctx *c, int32_t days);
/* Text for canonical `code` of `set` in the habit of district `d`. */
const char *rcm_gen_code(const gen_ctx *c, rcm_codeset set, int code, const gen_district *d);
/* District of the row active at label (the last row with label <= it, or
 * the first row). */
const gen_district *rcm_gen_district_at(const gen_ctx *c, const gen_student *st, int label);

/* Check options (students >= 1, years 1..30 or 0 = 6, profile name).
 * Errors: RCM_ERR_USAGE. */
rcm_err rcm_gen_check_options(const rcm_gen_options *opt, rcm_diag *diag);
/* rcm_gen() with the profile already loaded: writes the export. The config
 * stays owned by the caller. Errors as rcm_gen(). */
rcm_err rcm_gen_export(const rcm_gen_options *opt, const rcm_config *cfg, rcm_diag *diag);

#endif
