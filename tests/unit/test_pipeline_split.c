/*
 * test_pipeline_split.c - metrics counted on two threads (metrics/split.c)
 * give the same files as on one.
 *
 * A generated export just over the size where the students of each metric
 * are cut in two halves, each counted into its own accumulators and then
 * added up, is run twice: as is, and with allocation-failure injection
 * armed at an allocation that never comes, which keeps every stage on one
 * thread. metrics.csv and metrics_public.csv must be byte-identical. The
 * Ohio export runs with every metric of SPEC 6 enabled (co_cdip's loop
 * stays on one thread), the Tennessee and Colorado exports with their own
 * profiles.
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
#include "slurp.h"

static char base[64];

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

static void run_into(const char *profile, const char *in, const char *out, int one_thread)
{
    static const rcm_setting all[] = {
        {"metrics.enabled=acgr,cert_attainment,cert_attainment_enrolled,oh_pfs,"
         "oh_cred_pathway,tn_ready_graduate,co_competency,co_cdip"}};
    char config[256];
    rcm_options opt;
    rcm_diag d;
    rcm_err err;
    memset(&opt, 0, sizeof opt);
    memset(&d, 0, sizeof d);
    snprintf(config, sizeof config, RCM_SOURCE_DIR "/config/%s.ini", profile);
    opt.config_path = config;
    opt.input_dir = in;
    opt.output_dir = out;
    if (!strcmp(profile, "ohio")) {
        opt.sets = all;
        opt.n_sets = 1;
    }
    if (one_thread)
        rcm_alloc_fail_at(ULONG_MAX);
    err = rcm_run(&opt, &d);
    rcm_alloc_fail_at(0);
    cr_assert_eq(err, RCM_OK, "%s: %s", profile, d.message);
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

static void both_ways(const char *profile)
{
    char in[256], two[256], one[256];
    rcm_gen_options g;
    rcm_diag d;
    memset(&g, 0, sizeof g);
    memset(&d, 0, sizeof d);
    snprintf(in, sizeof in, "%s/%s-in", base, profile);
    snprintf(two, sizeof two, "%s/%s-two", base, profile);
    snprintf(one, sizeof one, "%s/%s-one", base, profile);
    g.output_dir = in;
    g.students = RCM_SPLIT_MIN_STUDENTS + 5000;
    g.seed = 7;
    g.profile = profile;
    g.config_dir = RCM_SOURCE_DIR "/config";
    cr_assert_eq(rcm_gen(&g, &d), RCM_OK, "%s", d.message);
    run_into(profile, in, two, 0);
    run_into(profile, in, one, 1);
    same_file(two, one, "metrics.csv");
    same_file(two, one, "metrics_public.csv");
}

Test(pipeline_split, ohio_every_metric, .timeout = 120) { both_ways("ohio"); }

Test(pipeline_split, tennessee, .timeout = 120) { both_ways("tennessee"); }

Test(pipeline_split, colorado, .timeout = 120) { both_ways("colorado"); }
