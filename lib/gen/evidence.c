/*
 * evidence.c - the credentials, test scores and programs of one student
 * (SPEC 3.2-3.4), written as the student is generated.
 *
 * About 30% of students earn 1-4 credentials, mostly in one career field so
 * that some reach 12 points there; a few earn one in middle school, some
 * renew one (earned twice). Juniors take the ACT (some twice), the SAT,
 * WorkKeys; some take AP exams, IB exams at IB schools, the ASVAB. Programs
 * are College Credit Plus and other early-postsecondary courses, AP and IB
 * courses, and work-based learning. Scores follow the student's ability, so
 * remediation-free and honors students overlap as they do in real data.
 * Each row may carry the file's mess (duplicate, invalid required value,
 * unknown student, unknown credential code).
 */
#include <stdio.h>
#include <string.h>

#include "core/parse.h"
#include "gen/gen_internal.h"

typedef struct {
    int label, grade;
    const gen_district *d;
    uint32_t school;
} year_info;

/* The student's school years (ascending, distinct), each with the grade,
 * district and school of its last row. */
static int years_of(const gen_ctx *c, const gen_student *st, year_info *y)
{
    int i, n = 0;
    for (i = 0; i < st->n_rows; i++) {
        const gen_row *row = &st->rows[i];
        if (!n || y[n - 1].label != row->label)
            n++;
        y[n - 1].label = row->label;
        y[n - 1].grade = row->grade;
        y[n - 1].school = row->school;
        y[n - 1].d = &c->world.districts[c->world.schools[row->school].district];
    }
    return n;
}

/* A year with grade >= min_grade (the last such year with chance `last`),
 * or NULL. */
static const year_info *pick_year(gen_rng *r, const year_info *y, int n, int min_grade,
                                  double last)
{
    int idx[GEN_MAX_ROWS], m = 0, i;
    for (i = 0; i < n; i++)
        if (y[i].grade >= min_grade)
            idx[m++] = i;
    if (!m)
        return NULL;
    if (gen_chance(r, last))
        return &y[idx[m - 1]];
    return &y[idx[gen_below(r, (uint32_t)m)]];
}

static const year_info *year_with_grade(const year_info *y, int n, int grade)
{
    int i;
    for (i = 0; i < n; i++)
        if (y[i].grade == grade)
            return &y[i];
    return NULL;
}

/* A day between month/day m1/d1 and m2/d2 of school year `label` (August
 * on belongs to the first calendar year) while the student is enrolled, or
 * RCM_NO_DATE when there is none. */
static int32_t date_in(const gen_student *st, gen_rng *r, int label, int m1, int d1, int m2,
                       int d2)
{
    int32_t lo = rcm_days_from_civil(m1 >= 8 ? label - 1 : label, m1, d1);
    int32_t hi = rcm_days_from_civil(m2 >= 8 ? label - 1 : label, m2, d2);
    if (lo < st->span_start)
        lo = st->span_start;
    if (hi > st->span_end)
        hi = st->span_end;
    if (hi < lo)
        return RCM_NO_DATE;
    return lo + (int32_t)gen_below(r, (uint32_t)(hi - lo + 1));
}

static int round_half_up(double x) { return x >= 0 ? (int)(x + 0.5) : -(int)(-x + 0.5); }

/* A score around mean/sd that follows the student's ability, in [lo, hi]. */
static int scaled(gen_student *st, double mean, double sd, int lo, int hi)
{
    int v = round_half_up(mean + sd * (0.8 * st->ability + 0.6 * gen_normal(&st->rng)));
    return v < lo ? lo : v > hi ? hi : v;
}

/* -------------------------------------------------------- credentials */

/* A career field, weighted by how many codes it has; -1 when none. */
static int pick_field(const gen_ctx *c, gen_rng *r)
{
    uint32_t n = c->field_start[c->n_fields], k, f;
    if (!n)
        return -1;
    k = gen_below(r, n);
    for (f = 0; f + 1 < c->n_fields && c->field_start[f + 1] <= k; f++)
        ;
    return (int)f;
}

/* A catalog code the student has not used yet, mostly from the student's
 * field, valid for the school year and district when one can be found;
 * -1 when every draw was a used code. */
static int pick_code(gen_ctx *c, gen_student *st, int label, const char *district,
                     const int *used, int n_used)
{
    const rcm_catalog *cat = &c->cfg->catalog;
    gen_rng *r = &st->rng;
    int tries, code, unused = -1, i;
    for (tries = 0; tries < 16; tries++) {
        uint32_t lo = 0, hi = c->field_start[c->n_fields + 1];
        if (st->field >= 0 && gen_chance(r, 0.85)) {
            lo = c->field_start[st->field];
            hi = c->field_start[st->field + 1];
        }
        code = (int)c->field_codes[lo + gen_below(r, hi - lo)];
        for (i = 0; i < n_used && used[i] != code; i++)
            ;
        if (i < n_used)
            continue;
        if (rcm_catalog_lookup(cat, code, label, district))
            return code;
        if (unused < 0)
            unused = code;
    }
    return unused;
}

static void cred_row(gen_ctx *c, const char *id, const char *code, int32_t date, int bad_date,
                     const gen_district *d)
{
    gen_out *o = &c->out[RCM_FILE_CREDENTIALS];
    int y, m, day;
    rcm_gen_out_str(o, id);
    rcm_gen_out_str(o, code);
    rcm_civil_from_days(date, &y, &m, &day);
    if (bad_date)
        rcm_gen_out_bad_date(o, y, d->date_fmt);
    else
        rcm_gen_out_date(o, date, d->date_fmt);
    rcm_gen_out_end(o, 0);
}

static void credential(gen_ctx *c, gen_student *st, int code, int32_t date,
                       const gen_district *d)
{
    const rcm_catalog *cat = &c->cfg->catalog;
    const rcm_file_kind f = RCM_FILE_CREDENTIALS;
    char nobody[16], unknown[96];
    cred_row(c, st->id, cat->codes[code], date, 0, d);
    if (rcm_gen_mess(c, st, f, GEN_MESS_DUPLICATE, GEN_P_DUPLICATE))
        cred_row(c, st->id, cat->codes[code], date, 0, d);
    if (rcm_gen_mess(c, st, f, GEN_MESS_BAD_REQUIRED, GEN_P_BAD_REQUIRED))
        cred_row(c, st->id, cat->codes[code], date, 1, d);
    if (rcm_gen_mess(c, st, f, GEN_MESS_UNKNOWN_STUDENT, GEN_P_UNKNOWN)) {
        rcm_gen_student_id(c, c->students + st->index, nobody);
        cred_row(c, nobody, cat->codes[code], date, 0, d);
    }
    snprintf(unknown, sizeof unknown, "X-%s", cat->codes[code]);
    if (rcm_catalog_find(cat, unknown, strlen(unknown)) < 0 &&
        rcm_gen_mess(c, st, f, GEN_MESS_UNKNOWN_CODE, GEN_P_UNKNOWN))
        cred_row(c, st->id, unknown, date, 0, d); /* a retired local code */
}

static void credentials(gen_ctx *c, gen_student *st, const year_info *y, int ny)
{
    const gen_weights *w = c->w;
    gen_rng *r = &st->rng;
    int used[4], n_used = 0, n, j;
    double u;
    if (!c->field_start[c->n_fields + 1] || !gen_chance(r, st->cte ? w->cred_cte : w->cred_other))
        return;
    u = gen_unit(r);
    n = u < 0.45 ? 1 : u < 0.75 ? 2 : u < 0.92 ? 3 : 4;
    st->field = pick_field(c, r);
    for (j = 0; j < n; j++) {
        const year_info *yi = pick_year(r, y, ny, 10, w->cred_grade12);
        const gen_district *d = yi ? yi->d : y[0].d;
        int32_t date;
        if (j == 0 && gen_chance(r, 0.03)) /* earned in middle school */
            date = rcm_days_from_civil(st->g9 - 1, 1, 10) + (int32_t)gen_below(r, 120);
        else if (yi)
            date = date_in(st, r, yi->label, 9, 1, 5, 31);
        else
            date = RCM_NO_DATE;
        if (date == RCM_NO_DATE)
            continue;
        used[n_used] = pick_code(c, st, rcm_gen_label(c, date), d->id, used, n_used);
        if (used[n_used] < 0)
            continue;
        credential(c, st, used[n_used], date, d);
        if (gen_chance(r, 0.06)) { /* renewed a year later: earned twice */
            int32_t again = date + 330 + (int32_t)gen_below(r, 70);
            if (again <= st->span_end)
                credential(c, st, used[n_used], again,
                           rcm_gen_district_at(c, st, rcm_gen_label(c, again)));
        }
        n_used++;
    }
}

/*
 * A score or program row is written copies + 2 times at most: the row and
 * its exact duplicates, then perhaps once with a bad required value and
 * once naming a student nobody enrolled. For copy k, returns 0 when it is
 * not written; else writes its student_id field and says whether it is the
 * bad copy.
 */
static int row_copy(gen_ctx *c, gen_student *st, rcm_file_kind f, int k, int copies, int *bad)
{
    char nobody[16];
    int stranger = k == copies + 1;
    *bad = k == copies;
    if (*bad && !rcm_gen_mess(c, st, f, GEN_MESS_BAD_REQUIRED, GEN_P_BAD_REQUIRED))
        return 0;
    if (stranger && !rcm_gen_mess(c, st, f, GEN_MESS_UNKNOWN_STUDENT, GEN_P_UNKNOWN / 2))
        return 0;
    if (stranger)
        rcm_gen_student_id(c, c->students + st->index, nobody);
    rcm_gen_out_str(&c->out[f], stranger ? nobody : st->id);
    return 1;
}

/* -------------------------------------------------------- assessments */

static void score_row(gen_ctx *c, gen_student *st, int test, int subject, const char *course,
                      int score, int32_t date, const gen_district *d)
{
    const rcm_file_kind f = RCM_FILE_ASSESSMENTS;
    gen_out *o = &c->out[f];
    int copies = 1, k;
    /* SIS aliases of subjects are older names (WorkKeys renamed two
     * sections in 2017): only scores from before then carry them */
    const gen_district *subject_habit = date < rcm_days_from_civil(2017, 7, 1) ? d : NULL;
    copies += rcm_gen_mess(c, st, f, GEN_MESS_DUPLICATE, GEN_P_DUPLICATE);
    for (k = 0; k < copies + 2; k++) {
        int bad;
        if (!row_copy(c, st, f, k, copies, &bad))
            continue;
        rcm_gen_out_str(o, rcm_gen_code(c, RCM_CODES_TEST, test, d));
        rcm_gen_out_str(o, course ? course
                                  : rcm_gen_code(c, RCM_CODES_SUBJECT, subject, subject_habit));
        if (bad)
            rcm_gen_out_str(o, "N/A"); /* not a number: rejected */
        else
            rcm_gen_out_uint(o, (uint64_t)score, 1);
        rcm_gen_out_date(o, date, d->date_fmt);
        rcm_gen_out_end(o, 0);
    }
}

static void act_sitting(gen_ctx *c, gen_student *st, int32_t date, int gain,
                        const gen_district *d)
{
    static const struct {
        int subject;
        double mean, sd;
    } sections[] = {{RCM_SUBJ_ENGLISH, 19.0, 6.5},
                    {RCM_SUBJ_MATH, 19.8, 5.0},
                    {RCM_SUBJ_READING, 20.5, 6.3},
                    {RCM_SUBJ_SCIENCE, 20.0, 5.3}};
    int k, sum = 0;
    for (k = 0; k < 4; k++) {
        int s = scaled(st, sections[k].mean + gain, sections[k].sd, 1, 36);
        sum += s;
        score_row(c, st, RCM_TEST_ACT, sections[k].subject, NULL, s, date, d);
    }
    /* the composite is the mean of the four, rounded half up */
    score_row(c, st, RCM_TEST_ACT, RCM_SUBJ_COMPOSITE, NULL, (sum + 2) / 4, date, d);
    if (gen_chance(&st->rng, 0.10))
        score_row(c, st, RCM_TEST_ACT, RCM_SUBJ_WRITING, NULL, scaled(st, 7, 2, 2, 12), date, d);
}

static void sat_sitting(gen_ctx *c, gen_student *st, int32_t date, const gen_district *d)
{
    if (date >= rcm_days_from_civil(2016, 3, 1)) {
        int ebrw = scaled(st, 52, 10, 20, 80) * 10, math = scaled(st, 51, 11, 20, 80) * 10;
        score_row(c, st, RCM_TEST_SAT, RCM_SUBJ_EBRW, NULL, ebrw, date, d);
        score_row(c, st, RCM_TEST_SAT, RCM_SUBJ_MATH, NULL, math, date, d);
        score_row(c, st, RCM_TEST_SAT, RCM_SUBJ_TOTAL, NULL, ebrw + math, date, d);
        return;
    }
    /* the SAT before March 2016 */
    score_row(c, st, RCM_TEST_SAT, RCM_SUBJ_CRITICAL_READING, NULL,
              scaled(st, 49, 11, 20, 80) * 10, date, d);
    score_row(c, st, RCM_TEST_SAT, RCM_SUBJ_MATH, NULL, scaled(st, 50, 11.5, 20, 80) * 10, date, d);
    score_row(c, st, RCM_TEST_SAT, RCM_SUBJ_WRITING, NULL, scaled(st, 47.5, 11, 20, 80) * 10,
              date, d);
}

static void workkeys(gen_ctx *c, gen_student *st, int32_t date, const gen_district *d)
{
    static const int sections[] = {RCM_SUBJ_APPLIED_MATH, RCM_SUBJ_GRAPHIC_LITERACY,
                                   RCM_SUBJ_WORKPLACE_DOCS};
    int k;
    for (k = 0; k < 3; k++)
        score_row(c, st, RCM_TEST_WORKKEYS, sections[k], NULL, scaled(st, 4.8, 0.9, 3, 7), date,
                  d);
}

/* Exams in named courses (AP 1-5, IB 1-7) with the matching course rows. */
static void course_exams(gen_ctx *c, gen_student *st, const year_info *y, int ny, int ib);

static void assessments(gen_ctx *c, gen_student *st, const year_info *y, int ny)
{
    const gen_weights *w = c->w;
    gen_rng *r = &st->rng;
    const year_info *y11 = year_with_grade(y, ny, 11), *late = pick_year(r, y, ny, 11, 0.3);
    int32_t date;
    if (y11 && gen_chance(r, w->act)) { /* the state-paid ACT in March */
        date = date_in(st, r, y11->label, 3, 1, 3, 25);
        if (date != RCM_NO_DATE) {
            act_sitting(c, st, date, 0, y11->d);
            date = date_in(st, r, y11->label + 1, 9, 10, 12, 15);
            if (date != RCM_NO_DATE && gen_chance(r, w->act_retake))
                act_sitting(c, st, date, 1, rcm_gen_district_at(c, st, y11->label + 1));
        }
    }
    if (y11 && gen_chance(r, w->sat)) {
        date = date_in(st, r, y11->label, 4, 1, 4, 20);
        if (date != RCM_NO_DATE)
            sat_sitting(c, st, date, y11->d);
    }
    if (late && gen_chance(r, st->cte ? w->workkeys_cte : w->workkeys_other)) {
        date = date_in(st, r, late->label, 10, 1, 4, 30);
        if (date != RCM_NO_DATE)
            workkeys(c, st, date, late->d);
    }
    if (late && gen_chance(r, w->asvab)) {
        date = date_in(st, r, late->label, 10, 1, 3, 31);
        if (date != RCM_NO_DATE)
            score_row(c, st, RCM_TEST_ASVAB, RCM_SUBJ_AFQT, NULL, scaled(st, 50, 25, 1, 99),
                      date, late->d);
    }
    if (gen_chance(r, w->ap * (st->ability > 0 ? 1.6 : 0.4)))
        course_exams(c, st, y, ny, 0);
    if (y11 && c->world.schools[y11->school].ib && gen_chance(r, w->ib))
        course_exams(c, st, y, ny, 1);
}

/* ----------------------------------------------------------- programs */

/* One programs row; hours10 is credit hours in tenths (-1: empty);
 * completed -1 is empty (read as Y). */
static void prog_row(gen_ctx *c, gen_student *st, const year_info *yi, int kind,
                     const char *course, int hours10, int completed)
{
    static const char *const flag_text[3][2] = {{"N", "Y"}, {"No", "Yes"}, {"0", "1"}};
    const rcm_file_kind f = RCM_FILE_PROGRAMS;
    gen_out *o = &c->out[f];
    const gen_district *d = yi->d;
    char hours[32];
    int copies = 1, k;
    copies += rcm_gen_mess(c, st, f, GEN_MESS_DUPLICATE, GEN_P_DUPLICATE);
    for (k = 0; k < copies + 2; k++) {
        int bad;
        if (!row_copy(c, st, f, k, copies, &bad))
            continue;
        if (bad) { /* spans two years: rejected */
            snprintf(hours, sizeof hours, "%d-%d", yi->label - 1, yi->label + 1);
            rcm_gen_out_str(o, hours);
        } else {
            rcm_gen_out_school_year(o, yi->label, d->short_year);
        }
        rcm_gen_out_str(o, rcm_gen_code(c, RCM_CODES_KIND, kind, d));
        if (course)
            rcm_gen_out_str(o, course);
        else
            rcm_gen_out_empty(o);
        if (hours10 < 0)
            rcm_gen_out_empty(o);
        else if (hours10 % 10) {
            snprintf(hours, sizeof hours, "%d.%d", hours10 / 10, hours10 % 10);
            rcm_gen_out_str(o, hours);
        } else
            rcm_gen_out_uint(o, (uint64_t)(hours10 / 10), 1);
        if (completed < 0)
            rcm_gen_out_empty(o);
        else
            rcm_gen_out_str(o, flag_text[d->flag_style][completed]);
        rcm_gen_out_end(o, 0);
    }
}

static int completion(gen_rng *r)
{
    double u = gen_unit(r);
    return u < 0.88 ? 1 : u < 0.96 ? 0 : -1;
}

static void course_exams(gen_ctx *c, gen_student *st, const year_info *y, int ny, int ib)
{
    const gen_words *list = ib ? &rcm_gen_ib_courses : &rcm_gen_ap_courses;
    gen_rng *r = &st->rng;
    uint32_t taken[6];
    int n = ib ? gen_range(r, 3, 6) : gen_range(r, 1, 5), n_taken = 0, j, i;
    char course_id[16];
    for (j = 0; j < n; j++) {
        const year_info *yi = pick_year(r, y, ny, ib ? 11 : 10, ib ? 0.7 : 0.3);
        uint32_t k = gen_below(r, (uint32_t)list->n);
        int32_t date;
        for (i = 0; i < n_taken && taken[i] != k; i++)
            ;
        if (!yi || i < n_taken)
            continue;
        taken[n_taken++] = k;
        date = date_in(st, r, yi->label, 5, 4, 5, 16);
        snprintf(course_id, sizeof course_id, "%s%02u", ib ? "IB" : "AP", (unsigned)k + 1);
        prog_row(c, st, yi, ib ? RCM_KIND_IB_COURSE : RCM_KIND_AP_COURSE, course_id, -1,
                 completion(r));
        if (date != RCM_NO_DATE)
            score_row(c, st, ib ? RCM_TEST_IB : RCM_TEST_AP, -1, list->items[k],
                      ib ? scaled(st, 4.6, 1.2, 1, 7) : scaled(st, 2.9, 1.1, 1, 5), date, yi->d);
    }
}

/* College courses of one kind: 1..max distinct courses. */
static void college(gen_ctx *c, gen_student *st, const year_info *y, int ny, int kind, int max)
{
    static const int hours_by_draw[] = {30, 30, 30, 30, 30, 30, 30, 40, 15, 20, 10};
    const gen_words *list = &rcm_gen_college_courses;
    gen_rng *r = &st->rng;
    uint32_t first = gen_below(r, (uint32_t)list->n), step = 1 + gen_below(r, 5);
    int n = gen_range(r, 1, max), j;
    for (j = 0; j < n; j++) { /* step < list length: the courses are distinct */
        const year_info *yi = pick_year(r, y, ny, 10, 0.5);
        int hours = kind == RCM_KIND_CIE ? -1 : hours_by_draw[gen_below(r, 11)];
        if (yi)
            prog_row(c, st, yi, kind, list->items[(first + j * step) % list->n], hours,
                     completion(r));
    }
}

static void programs(gen_ctx *c, gen_student *st, const year_info *y, int ny)
{
    static const int wbl[] = {RCM_KIND_INTERNSHIP, RCM_KIND_PRE_APPRENTICESHIP,
                              RCM_KIND_APPRENTICESHIP};
    const gen_weights *w = c->w;
    gen_rng *r = &st->rng;
    const double college_share[] = {w->dual_enrollment, w->dual_credit, w->clep, w->cie, w->ldc};
    const int college_kind[] = {RCM_KIND_DUAL_ENROLLMENT, RCM_KIND_DUAL_CREDIT, RCM_KIND_CLEP,
                                RCM_KIND_CIE, RCM_KIND_LDC};
    const double wbl_share[] = {w->internship, w->pre_apprenticeship, w->apprenticeship};
    const year_info *yi;
    int k;
    if (gen_chance(r, w->ccp * (st->ability > 0 ? 1.5 : 0.5)))
        college(c, st, y, ny, RCM_KIND_CCP, 6);
    for (k = 0; k < 5; k++)
        if (gen_chance(r, college_share[k]))
            college(c, st, y, ny, college_kind[k], 3);
    for (k = 0; k < 3; k++)
        if (gen_chance(r, wbl_share[k] * (st->cte ? 2.5 : 0.55)) &&
            (yi = pick_year(r, y, ny, 11, 0.5)) != NULL)
            prog_row(c, st, yi, wbl[k], gen_chance(r, 0.5) ? "WBL" : NULL, -1, completion(r));
    if (gen_chance(r, w->ap_cs) && (yi = pick_year(r, y, ny, 10, 0.3)) != NULL)
        prog_row(c, st, yi, RCM_KIND_AP_COMPUTER_SCIENCE, gen_chance(r, 0.6) ? "APCSP" : "APCSA",
                 -1, completion(r));
}

void rcm_gen_evidence_write(gen_ctx *c, gen_student *st)
{
    year_info y[GEN_MAX_ROWS];
    int ny = years_of(c, st, y);
    credentials(c, st, y, ny);
    assessments(c, st, y, ny);
    programs(c, st, y, ny);
}
