/*
 * test_pipeline_alloc.c - the whole run under allocation failure (STYLE:
 * failure injection, as parson's test_failing_allocations does).
 *
 * rcm_run on the c2 conformance inputs with allocation number n made to
 * fail, for n = 1, 2, ... until a run succeeds. Every failing run must
 * return RCM_ERR_NOMEM (exit 71) with a message, never another code and
 * never a crash; the sanitizer build (ASan + LeakSanitizer) checks that no
 * failing path leaks or touches freed memory. Only allocations through
 * rcm_malloc / rcm_calloc / rcm_realloc are injected (ours, and libcsv's
 * field buffer and zlib's state, which are routed to them); libxlsxwriter,
 * OpenSSL, cJSON and inih allocate on their own. The ingest stage reads
 * without its read-ahead thread while injection is armed, so the count is
 * the same in every run; the metrics files' writer threads allocate too,
 * so a failure may land in one of them (it must still end in NOMEM).
 *
 * After a failure the output directory must hold nothing but the lock file
 * (SPEC 8.7: a failed run leaves no partial file). The last, successful run
 * must write the full output set.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "rcm.h"

/* Under AddressSanitizer, LeakSanitizer checks the heap after every failed
 * run: a leak fails the test naming the allocation that failed. (Its report
 * at process exit would not: Criterion's workers exit 0 after a passing
 * test whatever LeakSanitizer prints then.) */
#if defined(__SANITIZE_ADDRESS__)
#define HAVE_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_LSAN 1
#endif
#endif
#ifdef HAVE_LSAN
#include <sanitizer/lsan_interface.h>
static int leaked(void) { return __lsan_do_recoverable_leak_check(); }
#else
static int leaked(void) { return 0; }
#endif

#define C2 RCM_SOURCE_DIR "/tests/cases/c2_ohio"

/* Far more than a c2 run allocates: a run that still fails here means the
 * injection never stops (a loop retrying on failure). */
#define MAX_ALLOCS 100000ul

static char outdir[64];

static void make_outdir(void)
{
    snprintf(outdir, sizeof outdir, "/tmp/rcm_alloc_test_XXXXXX");
    cr_assert(mkdtemp(outdir) != NULL);
}

/* Files in outdir other than the lock file, removed as they are counted
 * when `remove` is set. */
static int count_outputs(int remove)
{
    DIR *d = opendir(outdir);
    struct dirent *e;
    char path[512];
    int n = 0;
    cr_assert(d != NULL);
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
            !strcmp(e->d_name, ".rcm.lock"))
            continue;
        n++;
        if (remove) {
            snprintf(path, sizeof path, "%s/%s", outdir, e->d_name);
            unlink(path);
        }
    }
    closedir(d);
    return n;
}

static void remove_outdir(void)
{
    char path[512];
    count_outputs(1);
    snprintf(path, sizeof path, "%s/.rcm.lock", outdir);
    unlink(path);
    rmdir(outdir);
}

TestSuite(pipeline_alloc, .init = make_outdir, .fini = remove_outdir);

/* The last log line of the run, to tell in which stage a failure happened. */
static char last_log[256];

static void on_diag(void *ctx, rcm_diag_level level, const char *msg)
{
    (void)ctx;
    if (level == RCM_DIAG_LOG)
        snprintf(last_log, sizeof last_log, "%s", msg);
}

static rcm_err run_failing_at(unsigned long n, rcm_diag *diag, int student_detail)
{
    rcm_options opt;
    rcm_err err;
    memset(&opt, 0, sizeof opt);
    memset(diag, 0, sizeof *diag);
    diag->fn = on_diag;
    snprintf(last_log, sizeof last_log, "(no stage finished)");
    opt.config_path = C2 "/rcm.ini";
    opt.input_dir = C2 "/input";
    opt.output_dir = outdir;
    opt.student_detail = student_detail;
    rcm_alloc_fail_at(n);
    err = rcm_run(&opt, diag);
    rcm_alloc_fail_at(0);
    return err;
}

/* Fail allocation 1, 2, ... until a run gets through; returns how many
 * allocations the successful run made (the last n that failed). */
static unsigned long fail_each_allocation(int student_detail)
{
    unsigned long n;
    rcm_diag diag;
    for (n = 1; n < MAX_ALLOCS; n++) {
        rcm_err err = run_failing_at(n, &diag, student_detail);
        if (err == RCM_OK)
            break;
        cr_assert_eq(err, RCM_ERR_NOMEM, "allocation %lu failed after '%s': got %s (exit %d): %s",
                     n, last_log, rcm_strerror(err), rcm_exit_code(err), diag.message);
        cr_assert_eq(rcm_exit_code(err), 71);
        cr_assert(diag.message[0] != '\0', "allocation %lu failed after '%s': no message", n,
                  last_log);
        cr_assert_eq(count_outputs(0), 0, "allocation %lu failed after '%s': partial outputs left",
                     n, last_log);
        cr_assert_eq(leaked(), 0, "allocation %lu failed after '%s': memory leaked", n, last_log);
    }
    cr_assert_lt(n, MAX_ALLOCS, "runs never succeed");
    cr_assert_eq(leaked(), 0, "the successful run leaked");
    return n - 1;
}

Test(pipeline_alloc, every_failed_allocation_is_nomem)
{
    unsigned long allocs = fail_each_allocation(0);
    cr_assert_gt(allocs, 10, "a run allocates (got %lu)", allocs);
    /* metrics.csv, metrics_public.csv, rejects.csv, report.xlsx, manifest.json */
    cr_assert_eq(count_outputs(1), 5);
}

Test(pipeline_alloc, every_failed_allocation_is_nomem_with_student_detail)
{
    fail_each_allocation(1);
    cr_assert_eq(count_outputs(1), 6);
}

Test(pipeline_alloc, a_run_after_a_failed_one_succeeds)
{
    rcm_diag diag;
    unsigned long n;
    /* failed runs (early: the config; later: ingest and beyond) leave
     * nothing behind that stops the next run: no lock, no stale state */
    for (n = 1; n <= 150; n += 37) {
        rcm_err err = run_failing_at(n, &diag, 0);
        cr_assert(err == RCM_ERR_NOMEM || err == RCM_OK, "allocation %lu: %s", n, diag.message);
        cr_assert_eq(run_failing_at(0, &diag, 0), RCM_OK, "after %lu: %s", n, diag.message);
        cr_assert_eq(count_outputs(1), 5);
    }
}
