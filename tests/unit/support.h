/*
 * support.h - building configs and datasets by hand for unit tests.
 *
 * t_config() writes a small profile and catalog to a temporary folder and
 * loads it with the real loader; the t_* row builders append records the
 * way the ingest stage would store them, so cohort and metric rules can be
 * tested on a handful of students whose figures are computed by hand.
 */
#ifndef RCM_TEST_SUPPORT_H
#define RCM_TEST_SUPPORT_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cohort/cohort.h"
#include "config/config.h"
#include "core/arena.h"
#include "core/parse.h"
#include "ingest/ingest.h"

static char t_dir[64];

static void t_write(const char *name, const char *text)
{
    char path[256];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", t_dir, name);
    f = fopen(path, "w");
    cr_assert(f != NULL);
    fputs(text, f);
    fclose(f);
}

/* Profile with the given extra INI text and catalog CSV (header included). */
static inline rcm_config *t_config(const char *ini_extra, const char *catalog_csv)
{
    rcm_config *cfg = NULL;
    rcm_diag d;
    char ini[4096], path[256];
    memset(&d, 0, sizeof d);
    snprintf(t_dir, sizeof t_dir, "/tmp/rcm-test-XXXXXX");
    cr_assert(mkdtemp(t_dir) != NULL);
    snprintf(ini, sizeof ini, "[profile]\nname = Test\n[input]\ncatalog = cat.csv\n%s",
             ini_extra ? ini_extra : "");
    t_write("rcm.ini", ini);
    t_write("cat.csv", catalog_csv ? catalog_csv : "code,name\nX1,Dummy\n");
    snprintf(path, sizeof path, "%s/rcm.ini", t_dir);
    cr_assert_eq(rcm_config_load(path, NULL, 0, &cfg, &d), RCM_OK, "config: %s", d.message);
    snprintf(path, sizeof path, "%s/rcm.ini", t_dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/cat.csv", t_dir);
    unlink(path);
    rmdir(t_dir);
    return cfg;
}

typedef struct {
    rcm_dataset ds;
    size_t cap_enr, cap_cred, cap_test, cap_prog;
} t_data;

static inline t_data *t_data_new(void)
{
    t_data *t = calloc(1, sizeof *t);
    t->ds.students = rcm_intern_new();
    t->ds.districts = rcm_intern_new();
    t->ds.schools = rcm_intern_new();
    t->ds.names = rcm_intern_new();
    t->ds.courses = rcm_intern_new();
    return t;
}

static inline void t_data_free(t_data *t)
{
    rcm_intern_free(t->ds.students);
    rcm_intern_free(t->ds.districts);
    rcm_intern_free(t->ds.schools);
    rcm_intern_free(t->ds.names);
    rcm_intern_free(t->ds.courses);
    free(t->ds.enr);
    free(t->ds.cred);
    free(t->ds.test);
    free(t->ds.prog);
    free(t);
}

static inline int32_t t_date(const char *s)
{
    int32_t d = RCM_NO_DATE;
    if (s && *s)
        cr_assert_eq(rcm_parse_date(s, strlen(s), &d), 0, "bad test date %s", s);
    return d;
}

/* Append an enrollment row; returns it so a test can set more fields. */
static inline rcm_enrollment *t_enr(t_data *t, const char *student, const char *district,
                                    const char *school, int label, int grade)
{
    rcm_enrollment *r;
    rcm_grow((void **)&t->ds.enr, &t->cap_enr, t->ds.n_enr + 1, sizeof *r);
    r = &t->ds.enr[t->ds.n_enr];
    memset(r, 0, sizeof *r);
    rcm_intern_put(t->ds.students, student, strlen(student), &r->student);
    rcm_intern_put(t->ds.districts, district, strlen(district), &r->district);
    rcm_intern_put(t->ds.schools, school, strlen(school), &r->school);
    r->order = (uint32_t)t->ds.n_enr++;
    r->label = (uint16_t)label;
    r->grade = (int8_t)grade;
    r->entry_date = r->exit_date = r->diploma_date = RCM_NO_DATE;
    if (label > t->ds.max_label)
        t->ds.max_label = label;
    return r;
}

static inline void t_exit(rcm_enrollment *r, rcm_exit code, const char *date)
{
    r->exit_code = (uint8_t)(code + 1);
    r->exit_date = t_date(date);
}

static inline void t_diploma(rcm_enrollment *r, rcm_diploma type, const char *date)
{
    r->diploma_type = (uint8_t)(type + 1);
    r->diploma_date = t_date(date);
}

static inline void t_cred(t_data *t, const rcm_config *cfg, const char *student, const char *code,
                          const char *date)
{
    rcm_credential *c;
    rcm_grow((void **)&t->ds.cred, &t->cap_cred, t->ds.n_cred + 1, sizeof *c);
    c = &t->ds.cred[t->ds.n_cred++];
    memset(c, 0, sizeof *c);
    c->student = rcm_intern_find(t->ds.students, student, strlen(student));
    cr_assert(c->student != 0, "unknown test student %s", student);
    c->code = (uint32_t)rcm_catalog_find(&cfg->catalog, code, strlen(code));
    c->earned_date = t_date(date);
}

static inline void t_score(t_data *t, const char *student, rcm_test test, int subject,
                           double score, const char *date)
{
    rcm_assessment *a;
    rcm_grow((void **)&t->ds.test, &t->cap_test, t->ds.n_test + 1, sizeof *a);
    a = &t->ds.test[t->ds.n_test++];
    memset(a, 0, sizeof *a);
    a->student = rcm_intern_find(t->ds.students, student, strlen(student));
    a->test = (uint8_t)test;
    a->subject = (uint16_t)(subject < 0 ? 0 : subject);
    a->score = (int64_t)(score * RCM_FIXED_ONE);
    a->test_date = t_date(date);
}

static inline void t_prog(t_data *t, const char *student, int label, rcm_kind kind,
                          const char *course, double hours, int completed)
{
    rcm_program *p;
    rcm_grow((void **)&t->ds.prog, &t->cap_prog, t->ds.n_prog + 1, sizeof *p);
    p = &t->ds.prog[t->ds.n_prog++];
    memset(p, 0, sizeof *p);
    p->student = rcm_intern_find(t->ds.students, student, strlen(student));
    p->label = (uint16_t)label;
    p->kind = (uint8_t)kind;
    rcm_intern_put(t->ds.courses, course, strlen(course), &p->course);
    p->credit_hours = (int64_t)(hours * RCM_FIXED_ONE);
    p->completed = (uint8_t)completed;
}

static inline rcm_cohort *t_cohort(const rcm_config *cfg, t_data *t)
{
    rcm_cohort *c = NULL;
    rcm_diag d;
    memset(&d, 0, sizeof d);
    cr_assert_eq(rcm_cohort_build(cfg, &t->ds, &c, &d), RCM_OK);
    return c;
}

static inline uint32_t t_student(const t_data *t, const char *id)
{
    return rcm_intern_find(t->ds.students, id, strlen(id));
}

#endif
