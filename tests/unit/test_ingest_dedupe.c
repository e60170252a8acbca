/*
 * test_ingest_dedupe.c - exact duplicates (SPEC 3.6) across the presized
 * set: rows are compared with every accepted row before them whether they
 * went into the small set, into the presized one, or were moved from the
 * first to the second when its pages were in.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ingest/ingest_internal.h"

typedef struct {
    rcm_dataset ds;
    rcm_file_reader f;
} fixture;

static void open_credentials(fixture *x)
{
    memset(x, 0, sizeof *x);
    x->f.kind = RCM_FILE_CREDENTIALS;
    x->f.ds = &x->ds;
}

static void close_credentials(fixture *x)
{
    rcm_ingest_release(&x->f);
    free(x->ds.cred);
}

/* Row i of a made-up file: student i / 3, code i % 7, day 18000 + i. Its
 * line differs from every other row's, and is not part of the values. */
static rcm_credential row(uint32_t i, uint32_t line)
{
    rcm_credential c;
    memset(&c, 0, sizeof c);
    c.student = i / 3 + 1;
    c.code = i % 7;
    c.earned_date = 18000 + (int32_t)i;
    c.line = line;
    return c;
}

/* add_unique as the reader calls it: 1 duplicate, 0 stored. */
static int add(fixture *x, rcm_credential c)
{
    int r = rcm_ingest_add_unique(&x->f, &c, rcm_ingest_hash_row(&x->f, &c));
    cr_assert_geq(r, 0);
    return r;
}

/* Presized for 3 million rows: a 16 MiB set, faulted in by a helper, so
 * rows go into the small set first and are moved over once it is done. */
Test(dedupe, duplicates_found_before_during_and_after_the_move_to_the_presized_set)
{
    fixture x;
    struct timespec pause = {0, 5 * 1000 * 1000};
    uint32_t i, line = 2;
    int tries;
    open_credentials(&x);
    for (i = 0; i < 4096; i++)
        cr_assert_eq(add(&x, row(i, line++)), 0);
    rcm_ingest_presize(&x.f, 3000000);
    cr_assert_not_null(x.f.seen.spare);
    cr_assert_eq(x.f.seen.spare_slots, (size_t)1 << 23); /* 3e6 / 0.7 -> 2^23 */
    /* rows while the set waits: new ones stored, old ones found */
    for (i = 4096; i < 6000; i++)
        cr_assert_eq(add(&x, row(i, line++)), 0);
    for (i = 0; i < 6000; i += 97)
        cr_assert_eq(add(&x, row(i, line++)), 1, "row %u", i);
    /* the helper runs in idle time only: up to 5 s on a busy machine */
    for (tries = 0; tries < 1000 && !rcm_prefault_done(x.f.prefault, 0); tries++)
        nanosleep(&pause, NULL);
    cr_assert(rcm_prefault_done(x.f.prefault, 0));
    cr_assert_eq(add(&x, row(6000, line++)), 0); /* takes the presized set */
    cr_assert_null(x.f.seen.spare);
    cr_assert_eq(x.f.seen.n_slots, (size_t)1 << 23);
    for (i = 0; i <= 6000; i += 89)
        cr_assert_eq(add(&x, row(i, line++)), 1, "row %u after the move", i);
    for (i = 6001; i < 20000; i++)
        cr_assert_eq(add(&x, row(i, line++)), 0);
    cr_assert_eq(x.ds.n_cred, 20000);
    cr_assert_eq(x.f.seen.count, 20000);
    /* the stored rows are the first of each, in order */
    cr_assert_eq(x.ds.cred[6000].earned_date, 18000 + 6000);
    cr_assert_eq(x.ds.cred[6000].line, 2 + 6000 + 62);
    close_credentials(&x);
}

/* A presized set too small to be worth a helper is taken at the next row. */
Test(dedupe, a_small_presized_set_is_taken_at_once)
{
    fixture x;
    uint32_t i;
    open_credentials(&x);
    for (i = 0; i < 4096; i++)
        cr_assert_eq(add(&x, row(i, i + 2)), 0);
    cr_assert_eq(x.f.seen.n_slots, 8192); /* 4096 rows at a load of at most 0.7 */
    rcm_ingest_presize(&x.f, 10000);      /* 16384 slots: 64 KiB, no helper */
    cr_assert_not_null(x.f.seen.spare);
    cr_assert_null(x.f.prefault);
    cr_assert_eq(add(&x, row(7, 0)), 1);  /* the set is moved first, then searched */
    cr_assert_null(x.f.seen.spare);
    cr_assert_eq(x.f.seen.n_slots, 16384);
    for (i = 4096; i < 30000; i++) /* and grows past the estimate as usual */
        cr_assert_eq(add(&x, row(i, i + 2)), 0);
    for (i = 0; i < 30000; i += 11)
        cr_assert_eq(add(&x, row(i, 0)), 1, "row %u", i);
    cr_assert_eq(x.ds.n_cred, 30000);
    cr_assert_eq(x.f.seen.n_slots, 65536);
    close_credentials(&x);
}

/* Row i of one student's many rows (a student with a test score a day). */
static rcm_credential many(uint32_t student, uint32_t i)
{
    rcm_credential c;
    memset(&c, 0, sizeof c);
    c.student = student;
    c.code = i % 5;
    c.earned_date = 17000 + (int32_t)i;
    c.line = i + 2;
    return c;
}

/* The set is laid out by student: a student's rows share its line of 16
 * slots and the windows of 32 from there, and the rest go to the second
 * set, marked on the line.
 * Every row is still found, the set grows through it (all rows placed
 * again), and a student with 60,000 rows costs no more per row than one
 * with three (the window is bounded: no quadratic walk). */
Test(dedupe, a_student_with_many_rows_spills_into_the_second_set)
{
    fixture x;
    uint32_t i, s;
    open_credentials(&x);
    for (i = 0; i < 60000; i++)
        cr_assert_eq(add(&x, many(7, i)), 0);
    /* its windows start in its line of 16 and reach 31 further: at most
     * 47 slots hold its rows, the rest are in the second set */
    cr_assert_geq(x.f.seen.over_count, 60000 - 47);
    cr_assert_eq(x.f.seen.count, 60000);
    for (s = 100; s < 3100; s++) /* other students around it */
        for (i = 0; i < 3; i++)
            cr_assert_eq(add(&x, many(s, i)), 0);
    for (i = 0; i < 60000; i += 7)
        cr_assert_eq(add(&x, many(7, i)), 1, "row %u of the large student", i);
    for (s = 100; s < 3100; s += 13)
        cr_assert_eq(add(&x, many(s, 2)), 1, "student %u", s);
    cr_assert_eq(add(&x, many(7, 60000)), 0);
    cr_assert_eq(add(&x, many(8, 0)), 0); /* a neighbour line, unmarked */
    cr_assert_eq(x.ds.n_cred, 60000 + 9000 + 2);
    cr_assert_eq(x.f.seen.count, x.ds.n_cred);
    close_credentials(&x);
}
