/*
 * split.c - counting the students of one metric on both cores.
 *
 * The per-student work of a metric (as-of reads, credential and test
 * evidence, the accumulators) runs while the writer threads of the
 * previous metric's rows have little left to do, so one core would idle.
 * The students are cut in two halves, each counted into its own
 * accumulators; the caller adds them up (rcm_agg_merge) before emitting.
 * The counts are integers, so the rows are the same as from one thread.
 */
#include "core/halves.h"
#include "metrics/metrics_internal.h"

typedef struct {
    rcm_student_fn fn;
    void *part;
} students_ctx;

static int count_range(void *arg, uint32_t lo, uint32_t hi)
{
    students_ctx *x = arg;
    uint32_t s;
    int failed = 0;
    for (s = lo; s < hi && !failed; s++)
        failed |= x->fn(x->part, s);
    return failed;
}

int rcm_for_students(const rcm_cohort *c, rcm_student_fn fn, void *part0, void *part1,
                     int *split)
{
    students_ctx x0 = {fn, part0}, x1 = {fn, part1};
    return rcm_run_halves(count_range, &x0, part1 ? &x1 : NULL, 1, c->n_students + 1,
                          RCM_SPLIT_MIN_STUDENTS, split);
}

static void parts_release(rcm_cred_part *p)
{
    int i;
    for (i = 0; i < 2; i++) {
        rcm_agg_release(&p[i].agg);
        rcm_cred_evidence_release(&p[i].ev);
    }
}

rcm_err rcm_count_and_emit(rcm_metric_ctx *m, rcm_cred_part p[2], rcm_student_fn fn)
{
    int failed, split;
    rcm_err err;
    p[0].c = p[1].c = m->c;
    if (rcm_cred_evidence_init(&p[0].ev, m->c->cfg) ||
        rcm_cred_evidence_init(&p[1].ev, m->c->cfg) || rcm_agg_twin(&p[0].agg, &p[1].agg)) {
        parts_release(p);
        return RCM_ERR_NOMEM;
    }
    failed = rcm_for_students(m->c, fn, &p[0], &p[1], &split);
    failed |= rcm_agg_merge(&p[0].agg, &p[1].agg);
    err = failed ? RCM_ERR_NOMEM : rcm_agg_emit(&p[0].agg, m->res);
    parts_release(p);
    return err;
}


int rcm_adjusted_year(const rcm_cohort *c, uint32_t s, rcm_asof *a)
{
    int y = c->students[s].cohort_year;
    if (!y)
        return 0;
    rcm_cohort_asof(c, s, y, a);
    return rcm_in_adjusted(c->cfg, a) ? y : 0;
}
