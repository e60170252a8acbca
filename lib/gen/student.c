/*
 * student.c - one synthetic student: demographics, a high-school career and
 * the enrollment rows it leaves in an SIS export (SPEC 3.1).
 *
 * A student enters grade 9 in some school year (before, inside or after the
 * exported window, so several cohorts are complete and others partial), then
 * follows a schedule (on time; retained in grade 9, which gives two grade-9
 * rows and a cohort conflict; a fifth year in grade 12; or early
 * graduation) and an outcome (graduate, or leave mid-year as a dropout, GED,
 * transfer out of state - some come back -, emigrant, death, incarceration).
 * About 8% change school mid-year (two rows that year), a few change school
 * over the summer. Only rows inside the window are written; evidence may
 * come from earlier years.
 */
#include <stdio.h>
#include <string.h>

#include "core/parse.h"
#include "gen/gen_internal.h"

typedef struct {
    int label;
    int grade;
} step;

/* outcome: -1 graduates, else the rcm_exit code of leaving */
enum { GRADUATES = -1 };

int rcm_gen_mess(gen_ctx *c, gen_student *st, rcm_file_kind f, gen_mess kind, double p)
{
    int yes = gen_chance(&st->rng, p);
    if (!yes && c->pending[f][kind] && st->index >= c->force_from)
        yes = 1;
    if (yes) {
        c->pending[f][kind] = 0;
        c->mess[f][kind]++;
    }
    return yes;
}

void rcm_gen_student_id(const gen_ctx *c, uint64_t index, char *buf)
{
    /* a*i + b mod M with a prime to M is a bijection: ids never collide
     * (a < 2^32 and i < 2^31 keep a*i inside 64 bits) */
    const uint64_t a = 2654435761u;
    uint64_t v;
    int k;
    if (c->w->ssid_letters) { /* Ohio SSID shape: two letters, seven digits */
        v = (a * index + 3846155u) % 6760000000u;
        buf[0] = (char)('A' + v / 10000000u / 26);
        buf[1] = (char)('A' + v / 10000000u % 26);
        v %= 10000000u;
        for (k = 8; k >= 2; k--, v /= 10)
            buf[k] = (char)('0' + v % 10);
        buf[9] = '\0';
        return;
    }
    v = (a * index + 1234567u) % 10000000000u;
    for (k = 9; k >= 0; k--, v /= 10)
        buf[k] = (char)('0' + v % 10);
    buf[10] = '\0';
}

static void demographics(gen_ctx *c, gen_student *st)
{
    /* Ohio-like mix: WH 66, BL 17, HI 7, MR 6, AS 3, AI 0.2, PI 0.1 (%) */
    static const double race_cum[] = {0.002, 0.032, 0.202, 0.272, 0.332, 0.333};
    static const int8_t race_of[] = {RCM_RACE_AI, RCM_RACE_AS, RCM_RACE_BL,
                                     RCM_RACE_HI, RCM_RACE_MR, RCM_RACE_PI};
    gen_rng *r = &st->rng;
    double u = gen_unit(r);
    int i;
    st->gender = (int8_t)(u < 0.005 ? RCM_GENDER_X : u < 0.5025 ? RCM_GENDER_F : RCM_GENDER_M);
    u = gen_unit(r);
    st->race = RCM_RACE_WH;
    for (i = 0; i < 6; i++)
        if (u < race_cum[i]) {
            st->race = race_of[i];
            break;
        }
    st->ell = (uint8_t)gen_chance(r, st->race == RCM_RACE_HI ? 0.30
                                     : st->race == RCM_RACE_AS ? 0.20 : 0.01);
    st->econ = (uint8_t)gen_chance(
        r, st->race == RCM_RACE_BL || st->race == RCM_RACE_HI ? 0.68 : 0.38);
    st->sped = (uint8_t)gen_chance(r, st->gender == RCM_GENDER_M ? 0.19 : 0.11);
    st->cte = (uint8_t)gen_chance(r, c->w->cte);
    st->ability = gen_normal(r) - 0.3 * st->econ + 0.13;
    st->carries_g9 = (uint8_t)gen_chance(r, c->w->grade9_entry_year);
    st->carries_cohort = (uint8_t)gen_chance(r, c->w->cohort_year);
    st->field = -1;
}

/* Grades year by year from the first grade-9 year. */
static int schedule(gen_ctx *c, gen_student *st, step *seq)
{
    static const int on_time[] = {9, 10, 11, 12}, retained[] = {9, 9, 10, 11, 12},
                     fifth[] = {9, 10, 11, 12, 12}, early[] = {9, 10, 11};
    const int *g = on_time;
    int n = 4, k;
    double u = gen_unit(&st->rng);
    if (u < 0.02)
        g = retained, n = 5;
    else if (u < 0.05)
        g = fifth, n = 5;
    else if (u < 0.055)
        g = early, n = 3;
    if (st->g9 + n - 1 < c->first_label) /* would leave before the window */
        g = on_time, n = 4;
    for (k = 0; k < n; k++) {
        seq[k].label = st->g9 + k;
        seq[k].grade = g[k];
    }
    return n;
}

static int pick_outcome(gen_rng *r)
{
    double u = gen_unit(r);
    if (u < 0.060) return RCM_EXIT_DROPOUT;
    if (u < 0.070) return RCM_EXIT_GED;
    if (u < 0.100) return RCM_EXIT_TRANSFER_OUT;
    if (u < 0.110) return RCM_EXIT_EMIGRATED;
    if (u < 0.113) return RCM_EXIT_DECEASED;
    if (u < 0.120) return RCM_EXIT_INCARCERATED;
    if (u < 0.123) return RCM_EXIT_OTHER;
    return GRADUATES;
}

/* The year (index into seq) a leaver leaves: inside the window, later
 * years likelier for dropouts. */
static int pick_event(gen_ctx *c, gen_student *st, const step *seq, int n, int outcome)
{
    int lo = 0, hi = n - 1, k;
    while (lo < hi && seq[lo].label < c->first_label)
        lo++;
    while (hi > lo && seq[hi].label > c->last_label)
        hi--;
    k = gen_range(&st->rng, lo, hi);
    if (outcome == RCM_EXIT_DROPOUT || outcome == RCM_EXIT_GED) {
        int k2 = gen_range(&st->rng, lo, hi);
        if (k2 > k)
            k = k2;
    }
    return k;
}

static int32_t first_day(const gen_ctx *c, uint32_t school, int label)
{
    const gen_district *d = &c->world.districts[c->world.schools[school].district];
    return rcm_days_from_civil(label - 1, 8, 10 + d->start_day);
}

static int32_t last_day(const gen_ctx *c, uint32_t school, int label)
{
    const gen_district *d = &c->world.districts[c->world.schools[school].district];
    return rcm_days_from_civil(label, 5, 20 + d->last_day);
}

/* A row for one school year at `school`, with this year's flags. */
static gen_row *add_row(gen_ctx *c, gen_student *st, uint32_t school, const step *s)
{
    gen_rng *r = &st->rng;
    const gen_district *d = &c->world.districts[c->world.schools[school].district];
    gen_row *row = &st->rows[st->n_rows++];
    memset(row, 0, sizeof *row);
    row->school = school;
    row->label = (int16_t)s->label;
    row->grade = (int8_t)s->grade;
    row->exit_code = -1;
    row->diploma = -1;
    row->entry = first_day(c, school, s->label);
    if (gen_chance(r, 0.05))
        row->entry = RCM_NO_DATE;
    else if (gen_chance(r, 0.10))
        row->entry += gen_range(r, 1, 6);
    row->exit = d->fills_exit && s->label < c->last_label ? last_day(c, school, s->label)
                                                          : RCM_NO_DATE;
    row->diploma_date = RCM_NO_DATE;
    if (st->ell && st->n_rows > 1 && gen_chance(r, 0.2)) /* reclassified */
        st->ell = 0;
    if (gen_chance(r, 0.06))
        st->econ = (uint8_t)!st->econ;
    row->ell = st->ell;
    row->econ = st->econ;
    row->sped = st->sped;
    row->cte = (uint8_t)(st->cte && s->grade >= 11);
    row->race = gen_chance(r, 0.01) ? (int8_t)-1 : st->race;
    return row;
}

static void leave(gen_ctx *c, gen_student *st, gen_row *row, int outcome)
{
    int32_t from = first_day(c, row->school, row->label) + 20;
    int32_t to = last_day(c, row->school, row->label) - 10;
    if (row->entry != RCM_NO_DATE && row->entry + 10 > from)
        from = row->entry + 10;
    row->exit = from + (int32_t)gen_below(&st->rng, (uint32_t)(to - from));
    row->exit_code = (int8_t)outcome;
}

static void graduate(gen_ctx *c, gen_student *st, gen_row *row)
{
    gen_rng *r = &st->rng;
    double a = st->ability, u = gen_unit(r);
    double honors = a > 1.0 ? 0.70 : a > 0.5 ? 0.20 : 0.015;
    row->exit = last_day(c, row->school, row->label) - gen_range(r, 0, 4);
    row->exit_code = RCM_EXIT_GRADUATED;
    if (gen_chance(r, st->sped ? 0.10 : 0.003))
        row->diploma = RCM_DIPLOMA_ALTERNATE;
    else if (gen_chance(r, honors))
        row->diploma = RCM_DIPLOMA_HONORS;
    else if (u < 0.95)
        row->diploma = RCM_DIPLOMA_STANDARD;
    /* else: no diploma_type, the GRADUATED exit implies STANDARD (SPEC 4) */
    u = gen_unit(r);
    if (row->diploma >= 0 && u < 0.85)
        row->diploma_date = row->exit;
    else if (row->diploma >= 0 && u < 0.95)
        row->diploma_date = row->exit + gen_range(r, 1, 10);
}

/* Mid-year change of school in row j: the old school's row ends with
 * TRANSFER_OUT, a new row at another school carries the rest of the year
 * and later years follow the student there. */
static void split_transfer(gen_ctx *c, gen_student *st, int j)
{
    gen_rng *r = &st->rng;
    gen_row *old = &st->rows[j], *nw;
    uint32_t from = old->school, to;
    int32_t start = (old->entry != RCM_NO_DATE ? old->entry : first_day(c, from, old->label)) + 15;
    int32_t end = (old->exit != RCM_NO_DATE ? old->exit : last_day(c, from, old->label)) - 25;
    int32_t when;
    int k;
    if (end <= start || st->n_rows >= GEN_MAX_ROWS)
        return;
    when = start + (int32_t)gen_below(r, (uint32_t)(end - start));
    to = rcm_gen_world_move(&c->world, r, from, gen_chance(r, 0.55));
    if (to == from)
        return;
    memmove(&st->rows[j + 1], &st->rows[j], (size_t)(st->n_rows - j) * sizeof *old);
    st->n_rows++;
    nw = &st->rows[j + 1];
    nw->school = to;
    nw->entry = when + gen_range(r, 1, 10);
    old->exit = when;
    old->exit_code = RCM_EXIT_TRANSFER_OUT;
    old->diploma = -1;
    old->diploma_date = RCM_NO_DATE;
    for (k = j + 2; k < st->n_rows; k++)
        if (st->rows[k].school == from)
            st->rows[k].school = to;
}

static void set_span(gen_ctx *c, gen_student *st)
{
    const gen_row *first = &st->rows[0], *last = &st->rows[st->n_rows - 1];
    st->span_start = first->entry != RCM_NO_DATE ? first->entry
                                                  : first_day(c, first->school, first->label);
    if (last->exit_code >= 0)
        st->span_end = last->exit;
    else
        st->span_end = last_day(c, last->school, last->label);
}

/* The rows of the student's whole high-school career up to the window's
 * last year. */
static void career(gen_ctx *c, gen_student *st)
{
    gen_rng *r = &st->rng;
    step seq[GEN_MAX_YEARS];
    int n = schedule(c, st, seq), outcome = pick_outcome(r), event = -1, back = 0, k;
    uint32_t school = rcm_gen_world_pick(&c->world, r);
    if (outcome != GRADUATES) {
        event = pick_event(c, st, seq, n, outcome);
        back = outcome == RCM_EXIT_TRANSFER_OUT && event + 1 < n &&
               seq[event + 1].label <= c->last_label && gen_chance(r, 0.30);
    }
    for (k = 0; k < n && seq[k].label <= c->last_label; k++) {
        gen_row *row;
        if (event >= 0 && k > event && !back)
            break;
        if (back && k == event + 1) /* back from out of state: anywhere */
            school = rcm_gen_world_move(&c->world, r, school, 0);
        else if (k > 0 && gen_chance(r, 0.04)) /* moved over the summer */
            school = rcm_gen_world_move(&c->world, r, school, gen_chance(r, 0.6));
        row = add_row(c, st, school, &seq[k]);
        if (back && k == event + 1 && row->entry != RCM_NO_DATE)
            row->entry += gen_range(r, 0, 60);
        if (k == event)
            leave(c, st, row, outcome);
        else if (k == n - 1)
            graduate(c, st, row);
    }
    if (gen_chance(r, 0.08)) { /* mid-year transfer in a year of the window */
        int in_window = 0;
        while (in_window < st->n_rows &&
               st->rows[st->n_rows - 1 - in_window].label >= c->first_label)
            in_window++;
        if (in_window)
            split_transfer(c, st, st->n_rows - 1 - (int)gen_below(r, (uint32_t)in_window));
    }
    set_span(c, st);
}

void rcm_gen_student_make(gen_ctx *c, uint64_t index, gen_student *st)
{
    memset(st, 0, sizeof *st);
    st->index = index;
    rcm_gen_student_id(c, index, st->id);
    gen_rng_seed(&st->rng, c->seed, index + 1);
    demographics(c, st);
    st->g9 = c->first_label - 3 +
             (int)gen_below(&st->rng, (uint32_t)(c->last_label - c->first_label + 4));
    career(c, st);
}

/* ------------------------------------------------------------ writing */

static const char *const flag_text[3][2] = {{"N", "Y"}, {"No", "Yes"}, {"0", "1"}};
static const char *const source_systems[] = {"PowerSchool", "Infinite Campus", "Synergy",
                                             "Skyward", "ProgressBook"};

typedef enum {
    DEFECT_NONE = 0, DEFECT_BAD_DATE, DEFECT_BAD_GENDER, DEFECT_BAD_FLAG, /* blanked */
    DEFECT_GRADE, DEFECT_YEAR                                           /* rejected */
} row_defect;

typedef struct {
    int defect, date_fmt, short_year;
} row_style;

static void put_flag(gen_out *o, const gen_district *d, int yes)
{
    rcm_gen_out_str(o, flag_text[d->flag_style][yes != 0]);
}

static void put_codes(gen_ctx *c, const gen_student *st, const gen_row *row,
                      const gen_district *d, int defect)
{
    gen_out *o = &c->out[RCM_FILE_ENROLLMENTS];
    if (row->exit_code < 0)
        rcm_gen_out_empty(o);
    else if (row->exit_code == RCM_EXIT_OTHER && (st->index & 1) && c->unmapped_exit)
        rcm_gen_out_str(o, c->unmapped_exit); /* maps to nothing: OTHER */
    else
        rcm_gen_out_str(o, rcm_gen_code(c, RCM_CODES_EXIT, row->exit_code, d));
    if (st->carries_g9)
        rcm_gen_out_school_year(o, st->g9, d->short_year);
    else
        rcm_gen_out_empty(o);
    if (!st->carries_cohort)
        rcm_gen_out_empty(o);
    else if (st->index % 5 == 0) /* a school year is read as its label */
        rcm_gen_out_school_year(o, st->g9 + 3, 0);
    else
        rcm_gen_out_uint(o, (uint64_t)(st->g9 + 3), 4);
    if (defect == DEFECT_BAD_GENDER)
        rcm_gen_out_str(o, c->bad_gender);
    else
        rcm_gen_out_str(o, rcm_gen_code(c, RCM_CODES_GENDER, st->gender, d));
    if (row->race < 0)
        rcm_gen_out_empty(o);
    else
        rcm_gen_out_str(o, rcm_gen_code(c, RCM_CODES_RACE, row->race, d));
}

static void write_row(gen_ctx *c, const gen_student *st, const gen_row *row, row_style how)
{
    gen_out *o = &c->out[RCM_FILE_ENROLLMENTS];
    const gen_school *s = &c->world.schools[row->school];
    const gen_district *d = &c->world.districts[s->district];
    char buf[32];
    rcm_gen_out_str(o, st->id);
    rcm_gen_out_str(o, d->id);
    rcm_gen_out_str(o, d->name);
    rcm_gen_out_str(o, s->id);
    rcm_gen_out_str(o, s->name);
    if (how.defect == DEFECT_YEAR) { /* spans two years: not a school year */
        snprintf(buf, sizeof buf, "%d-%d", row->label - 1, row->label + 1);
        rcm_gen_out_str(o, buf);
    } else {
        rcm_gen_out_school_year(o, row->label, how.short_year);
    }
    if (how.defect == DEFECT_GRADE)
        rcm_gen_out_str(o, "13");
    else
        rcm_gen_out_uint(o, (uint64_t)row->grade, d->grade_pad ? 2 : 1);
    if (how.defect == DEFECT_BAD_DATE)
        rcm_gen_out_bad_date(o, row->label, how.date_fmt);
    else
        rcm_gen_out_date(o, row->entry, how.date_fmt);
    rcm_gen_out_date(o, row->exit, how.date_fmt);
    put_codes(c, st, row, d, how.defect);
    if (how.defect == DEFECT_BAD_FLAG)
        rcm_gen_out_str(o, "Q");
    else
        put_flag(o, d, row->ell);
    put_flag(o, d, row->econ);
    put_flag(o, d, row->sped);
    put_flag(o, d, row->cte);
    if (row->diploma >= 0)
        rcm_gen_out_str(o, rcm_gen_code(c, RCM_CODES_DIPLOMA, row->diploma, d));
    else if (d->writes_none)
        rcm_gen_out_str(o, rcm_gen_code(c, RCM_CODES_DIPLOMA, RCM_DIPLOMA_NONE, d));
    else
        rcm_gen_out_empty(o);
    rcm_gen_out_date(o, row->diploma_date, how.date_fmt);
    rcm_gen_out_str(o, source_systems[s->district % 5]);
    rcm_gen_out_end(o, 0);
}

void rcm_gen_student_write(gen_ctx *c, gen_student *st)
{
    gen_rng *r = &st->rng;
    int i;
    for (i = 0; i < st->n_rows; i++) {
        const gen_row *row = &st->rows[i];
        const gen_district *d = &c->world.districts[c->world.schools[row->school].district];
        row_style how = {DEFECT_NONE, d->date_fmt, d->short_year};
        if (row->label < c->first_label)
            continue;
        /* a few rows keyed in by hand, in the other accepted format */
        if (gen_chance(r, 0.03))
            how.date_fmt = how.date_fmt == GEN_DATE_ISO ? GEN_DATE_MDY : GEN_DATE_ISO;
        if (gen_chance(r, 0.03))
            how.short_year = !how.short_year;
        if (rcm_gen_mess(c, st, RCM_FILE_ENROLLMENTS, GEN_MESS_BLANKED, GEN_P_BLANKED)) {
            how.defect = DEFECT_BAD_DATE + (int)gen_below(r, 3);
            if (how.defect == DEFECT_BAD_GENDER && !c->bad_gender)
                how.defect = DEFECT_BAD_DATE;
        }
        write_row(c, st, row, how);
        if (rcm_gen_mess(c, st, RCM_FILE_ENROLLMENTS, GEN_MESS_DUPLICATE, GEN_P_DUPLICATE))
            write_row(c, st, row, how);
        if (rcm_gen_mess(c, st, RCM_FILE_ENROLLMENTS, GEN_MESS_BAD_REQUIRED,
                         GEN_P_BAD_REQUIRED)) {
            how.defect = gen_chance(r, 0.5) ? DEFECT_GRADE : DEFECT_YEAR;
            write_row(c, st, row, how);
        }
    }
}
