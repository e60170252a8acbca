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
#include <pthread.h>

#include "core/arena.h"
#include "metrics/metrics_internal.h"


typedef struct {
    rcm_student_fn fn;
    void *part;
    uint32_t lo, hi;          /* students [lo, hi) */
    int failed;
} half;

static void *count_half(void *arg)
{
    half *h = arg;
    uint32_t s;
    for (s = h->lo; s < h->hi && !h->failed; s++)
        h->failed |= h->fn(h->part, s);
    return NULL;
}

int rcm_for_students(const rcm_cohort *c, rcm_student_fn fn, void *part0, void *part1,
                     int *split)
{
    uint32_t n = c->n_students;
    half first = {fn, part1, 1, 1 + n / 2, 0}, rest = {fn, part0, 1 + n / 2, n + 1, 0};
    pthread_t t;
    *split = 0;
    /* one thread when small, or while a test injects allocation failures,
     * whose count must not depend on thread timing */
    if (!part1 || n < RCM_SPLIT_MIN_STUDENTS || rcm_alloc_injection_armed() ||
        pthread_create(&t, NULL, count_half, &first) != 0) {
        rest.lo = 1;
        count_half(&rest);
        return rest.failed;
    }
    *split = 1;
    count_half(&rest);
    pthread_join(t, NULL);
    return first.failed | rest.failed;
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
