/*
 * test_pipeline_split.c - metrics counted on two threads (metrics/split.c)
 * give the same files as on one.
 *
 * A generated Ohio export just over the size where the students of each
 * metric are cut in two halves, each counted into its own accumulators and
 * then added up, is run twice: as is, and with allocation-failure
 * injection armed at an allocation that never comes, which keeps every
 * stage on one thread. metrics.csv and metrics_public.csv must be
 * byte-identical. Every metric of the Ohio profile is enabled, plus the
 * others of SPEC 6 (whose per-student loops stay on one thread).
 */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "metrics/metrics_internal.h"
#include "rcm.h"

static char base[64];

static void path_in(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", base, name);
}

static void make_base(void)
{
    snprintf(base, sizeof base, "/tmp/rcm_split_test_XXXXXX");
    cr_assert(mkdtemp(base) != NULL);
}

static void remove_base(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", base);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(pipeline_split, .init = make_base, .fini = remove_base);

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    cr_assert(f != NULL, "%s: cannot open", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = malloc((size_t)n + 1);
    cr_assert(buf && fread(buf, 1, (size_t)n, f) == (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void run_into(const char *out, int one_thread)
{
    static const rcm_setting sets[] = {
        {"metrics.enabled=acgr,cert_attainment,cert_attainment_enrolled,oh_pfs,"
         "oh_cred_pathway,tn_ready_graduate,co_competency,co_cdip"}};
    char in[256];
    rcm_options opt;
    rcm_diag d;
    rcm_err err;
    memset(&opt, 0, sizeof opt);
    memset(&d, 0, sizeof d);
    path_in(in, sizeof in, "in");
    opt.config_path = RCM_SOURCE_DIR "/config/ohio.ini";
    opt.input_dir = in;
    opt.output_dir = out;
    opt.sets = sets;
    opt.n_sets = 1;
    if (one_thread)
        rcm_alloc_fail_at(ULONG_MAX);
    err = rcm_run(&opt, &d);
    rcm_alloc_fail_at(0);
    cr_assert_eq(err, RCM_OK, "%s", d.message);
}

static void same_file(const char *a_dir, const char *b_dir, const char *name)
{
    char a_path[256], b_path[256];
    size_t a_len, b_len;
    char *a, *b;
    snprintf(a_path, sizeof a_path, "%s/%s", a_dir, name);
    snprintf(b_path, sizeof b_path, "%s/%s", b_dir, name);
    a = slurp(a_path, &a_len);
    b = slurp(b_path, &b_len);
    cr_assert_gt(a_len, 1000000, "%s: only %zu bytes", name, a_len);
    cr_assert_eq(a_len, b_len, "%s: %zu bytes on two threads, %zu on one", name, a_len, b_len);
    cr_assert(memcmp(a, b, a_len) == 0, "%s differs between two threads and one", name);
    free(a);
    free(b);
}

Test(pipeline_split, two_threads_give_the_same_files_as_one, .timeout = 120)
{
    char in[256], two[256], one[256];
    rcm_gen_options g;
    rcm_diag d;
    memset(&g, 0, sizeof g);
    memset(&d, 0, sizeof d);
    path_in(in, sizeof in, "in");
    path_in(two, sizeof two, "two");
    path_in(one, sizeof one, "one");
    g.output_dir = in;
    g.students = RCM_SPLIT_MIN_STUDENTS + 5000;
    g.seed = 7;
    g.config_dir = RCM_SOURCE_DIR "/config";
    cr_assert_eq(rcm_gen(&g, &d), RCM_OK, "%s", d.message);
    run_into(two, 0);
    run_into(one, 1);
    same_file(two, one, "metrics.csv");
    same_file(two, one, "metrics_public.csv");
}
