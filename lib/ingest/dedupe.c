/*
 * dedupe.c - exact duplicates (SPEC 3.6): a row whose canonical values equal
 * an earlier accepted row of the same file is merged, not stored.
 *
 * Accepted rows are compact fixed-size records, zeroed before they are
 * filled, so two rows have the same canonical values exactly when their
 * bytes are equal outside the fields that are not values (the enrollment's
 * order, the credential's line). The set holds only row indices into the
 * dataset arrays: 4 bytes a slot, ~6-11 bytes per accepted row.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "ingest/ingest_internal.h"

/* Which bytes of a record are its canonical values: all but
 * [skip_off, skip_off + skip_len) (the enrollment's order, the credential's
 * line). Records are zeroed before filling, so padding compares equal. */
typedef struct {
    size_t elem, skip_off, skip_len;
} row_key;

static uint64_t hash_bytes(uint64_t h, const unsigned char *p, size_t n)
{
    uint64_t w;
    for (; n >= 8; p += 8, n -= 8) {
        memcpy(&w, p, 8);
        h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
        h ^= h >> 31;
    }
    if (n) {
        w = 0;
        memcpy(&w, p, n);
        h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
        h ^= h >> 31;
    }
    return h;
}

static uint64_t key_hash(const row_key *k, const void *row)
{
    const unsigned char *p = row;
    size_t tail = k->skip_off + k->skip_len;
    uint64_t h = hash_bytes(0x243f6a8885a308d3ULL, p, k->skip_off);
    h = hash_bytes(h, p + tail, k->elem - tail);
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

static int key_eq(const row_key *k, const void *a, const void *b)
{
    const unsigned char *x = a, *y = b;
    size_t tail = k->skip_off + k->skip_len;
    return memcmp(x, y, k->skip_off) == 0 && memcmp(x + tail, y + tail, k->elem - tail) == 0;
}

/*
 * Slot layout: a slot is 0 when free, else (tag << bits) | (index + 1), where
 * bits = log2(n_slots) + 1 leaves room for any index below the 0.7 load and
 * the tag is the top 32 - bits bits of the row's hash (7 bits at 6 million
 * rows). Comparing tags first means a probe touches a stored row only when
 * the tags agree.
 *
 * Where a row goes: a duplicate has the same student, so the set is laid out
 * by student. A row's home is in its student's cache line of slots (16
 * slots, chosen by the student's id; the row's hash picks the slot in it),
 * and it takes the first free slot of the WINDOW slots from there. Exports
 * list a student's rows together, and ids are given in order of first
 * appearance, so the set is walked almost in order: a row costs a cache
 * line already loaded, or the next one, instead of a miss in the cache and
 * in the TLB (the set is tens of megabytes). A row whose window is full (a
 * student with dozens of rows) goes to a second set, by hash alone, and its
 * home line is marked; only marked lines look there. With no deletions,
 * a row's window, once full, stays full, so a later equal row finds it:
 * in the window before any free slot, or in the second set.
 */
#define MAX_SLOTS ((size_t)1 << 31)
#define LINE_SHIFT 4 /* 16 slots of 4 bytes: one cache line */
#define WINDOW 32u

static unsigned slot_bits(size_t n_slots)
{
    unsigned b = 1;
    while (((size_t)1 << (b - 1)) < n_slots)
        b++;
    return b;
}

static uint32_t slot_tag(uint64_t h, unsigned bits)
{
    return bits >= 32 ? 0 : (uint32_t)(h >> 32) >> bits;
}

static uint32_t slot_value(uint64_t h, unsigned bits, size_t index)
{
    return (bits >= 32 ? 0 : slot_tag(h, bits) << bits) | (uint32_t)(index + 1);
}

/* The row index a non-empty slot holds. */
static size_t slot_index(const rcm_rowset *s, uint32_t v)
{
    uint32_t mask = s->bits >= 32 ? UINT32_MAX : ((uint32_t)1 << s->bits) - 1;
    return (size_t)(v & mask) - 1;
}

/* Store v at the first free slot from h's home (linear probing). */
static void probe_put(uint32_t *slots, size_t n_slots, uint64_t h, uint32_t v)
{
    size_t j;
    for (j = h & (n_slots - 1); slots[j]; j = (j + 1) & (n_slots - 1))
        ;
    slots[j] = v;
}

_Static_assert(offsetof(rcm_enrollment, student) == 0 && offsetof(rcm_credential, student) == 0 &&
                   offsetof(rcm_assessment, student) == 0 && offsetof(rcm_program, student) == 0,
               "the set reads a row's student from its first four bytes");

static uint32_t student_of(const void *row)
{
    uint32_t s;
    memcpy(&s, row, sizeof s); /* every record starts with its student */
    return s;
}

static size_t home_of(size_t n_slots, uint32_t student, uint64_t h)
{
    return (((size_t)student << LINE_SHIFT) | (h & ((1u << LINE_SHIFT) - 1))) & (n_slots - 1);
}

/* The slots a set needs for `want` rows at a load of at most 0.7 (at
 * least `from`); 0 when that is more than MAX_SLOTS. */
static size_t slots_for(size_t want, size_t from)
{
    size_t n_slots = from ? from : 1024;
    while (want * 10 > n_slots * 7 && n_slots <= MAX_SLOTS)
        n_slots *= 2;
    return n_slots > MAX_SLOTS ? 0 : n_slots;
}

static int line_marked(const rcm_rowset *s, size_t home)
{
    size_t line = home >> LINE_SHIFT;
    return s->marked[line >> 3] >> (line & 7) & 1;
}

static void mark_line(rcm_rowset *s, size_t home)
{
    size_t line = home >> LINE_SHIFT;
    s->marked[line >> 3] |= (uint8_t)(1u << (line & 7));
}

/* Put a row known to be new, whose window (from `home`) is full, into the
 * second set (grown at 0.7), and mark its home line. */
static int spill(rcm_rowset *s, const row_key *k, const unsigned char *rows, uint64_t h,
                 size_t index, size_t home)
{
    if ((s->over_count + 1) * 10 > s->n_over * 7) {
        size_t n = s->n_over ? s->n_over * 2 : 1024, i;
        uint32_t *grown = rcm_calloc(n, sizeof *grown);
        if (!grown)
            return -1;
        for (i = 0; i < s->n_over; i++)
            if (s->over[i])
                probe_put(grown, n,
                          key_hash(k, rows + slot_index(s, s->over[i]) * k->elem), s->over[i]);
        free(s->over);
        s->over = grown;
        s->n_over = n;
    }
    probe_put(s->over, s->n_over, h, slot_value(h, s->bits, index));
    s->over_count++;
    mark_line(s, home);
    s->count++;
    return 0;
}

/* Put a row known to be new: its window, else the second set. */
static int place(rcm_rowset *s, const row_key *k, const unsigned char *rows, const void *row,
                 uint64_t h, size_t index)
{
    size_t home = home_of(s->n_slots, student_of(row), h), i;
    for (i = 0; i < WINDOW; i++) {
        size_t j = (home + i) & (s->n_slots - 1);
        if (!s->slots[j]) {
            s->slots[j] = slot_value(h, s->bits, index);
            s->count++;
            return 0;
        }
    }
    return spill(s, k, rows, h, index, home);
}

static void free_over(rcm_rowset *s)
{
    free(s->over);
    s->over = NULL;
    s->n_over = s->over_count = 0;
}

void rcm_rowset_free(rcm_rowset *s)
{
    free(s->slots);
    free(s->spare);
    free(s->marked);
    free_over(s);
    memset(s, 0, sizeof *s);
}

/* Make `slots` (zeroed, n_slots of them) the set and put the n stored rows
 * in it again. */
static int rowset_adopt(rcm_rowset *s, const row_key *k, const unsigned char *rows, size_t n,
                        uint32_t *slots, size_t n_slots)
{
    size_t i, lines = n_slots >> LINE_SHIFT;
    uint8_t *marked = rcm_calloc(lines / 8 + 1, 1);
    if (!marked) {
        free(slots);
        return -1;
    }
    free(s->slots);
    free(s->marked);
    free_over(s);
    s->slots = slots;
    s->n_slots = n_slots;
    s->marked = marked;
    s->bits = slot_bits(n_slots);
    s->count = 0;
    for (i = 0; i < n; i++) {
        const unsigned char *row = rows + i * k->elem;
        if (place(s, k, rows, row, key_hash(k, row), i))
            return -1;
    }
    return 0;
}

/* Make room for `want` rows at a load of at most 0.7: put the n stored
 * rows into enough slots. */
static int rowset_reserve(rcm_rowset *s, const row_key *k, const unsigned char *rows, size_t n,
                          size_t want)
{
    size_t n_slots;
    uint32_t *slots;
    if (want * 10 <= s->n_slots * 7)
        return 0;
    if (!(n_slots = slots_for(want, s->n_slots)) ||
        !(slots = rcm_calloc(n_slots, sizeof *slots)))
        return -1;
    return rowset_adopt(s, k, rows, n, slots, n_slots);
}

static const row_key row_keys[RCM_FILE_COUNT] = {
    {sizeof(rcm_enrollment), offsetof(rcm_enrollment, order), sizeof(uint32_t)},
    {sizeof(rcm_credential), offsetof(rcm_credential, line), sizeof(uint32_t)},
    {sizeof(rcm_assessment), 0, 0},
    {sizeof(rcm_program), 0, 0},
};

/* The dataset array that f's file fills, and its length. */
static void rows_of(rcm_file_reader *f, void ***rows, size_t **n)
{
    rcm_dataset *ds = f->ds;
    switch (f->kind) {
    case RCM_FILE_ENROLLMENTS: *rows = (void **)&ds->enr; *n = &ds->n_enr; return;
    case RCM_FILE_CREDENTIALS: *rows = (void **)&ds->cred; *n = &ds->n_cred; return;
    case RCM_FILE_ASSESSMENTS: *rows = (void **)&ds->test; *n = &ds->n_test; return;
    case RCM_FILE_PROGRAMS:
    case RCM_FILE_COUNT: break;
    }
    *rows = (void **)&ds->prog;
    *n = &ds->n_prog;
}

/*
 * Presizing: the row array grows to the expected rows and a set for them is
 * allocated, and a helper faults both in (the set first). Rows go on into
 * the small set until the large one's pages are in: filled at once, its
 * random writes would fault in every page of it on this thread (tens of
 * megabytes cleared while the other core has room).
 */
void rcm_ingest_presize(rcm_file_reader *f, uint64_t expected_rows)
{
    rcm_rowset *s = &f->seen;
    void **rows;
    size_t *n, n_slots;
    rcm_range r[2];
    if (expected_rows > (uint64_t)MAX_SLOTS / 2)
        expected_rows = (uint64_t)MAX_SLOTS / 2;
    rows_of(f, &rows, &n);
    /* a failure here is not an error: the set and array grow as they go */
    if (f->prefault || s->spare || (n_slots = slots_for((size_t)expected_rows, 0)) <= s->n_slots ||
        rcm_grow(rows, &f->rows_cap, (size_t)expected_rows, row_keys[f->kind].elem) != 0 ||
        !(s->spare = rcm_calloc(n_slots, sizeof *s->spare)))
        return;
    s->spare_slots = n_slots;
    r[0].p = s->spare;
    r[0].len = n_slots * sizeof *s->spare;
    r[1].p = (unsigned char *)*rows + *n * row_keys[f->kind].elem;
    r[1].len = ((size_t)expected_rows - *n) * row_keys[f->kind].elem;
    /* under injected allocation failures the set is taken at once: when a
     * small set grows must not depend on a thread's timing */
    if (!rcm_alloc_injection_armed())
        f->prefault = rcm_prefault_start(r, 2);
}

/* The helper faults in the arrays where they are: stop it before the row
 * array or the set in use moves to a larger allocation. A presized set
 * still waiting is taken once the helper is done with it, or stopped. */
static int before_growth(rcm_file_reader *f, size_t n)
{
    rcm_rowset *s = &f->seen;
    if (f->prefault && (n + 1 > f->rows_cap || (!s->spare && (s->count + 1) * 10 > s->n_slots * 7))) {
        rcm_prefault_stop(f->prefault);
        f->prefault = NULL;
    }
    if (s->spare && rcm_prefault_done(f->prefault, 0)) {
        void **rows;
        size_t *count;
        uint32_t *spare = s->spare;
        rows_of(f, &rows, &count);
        s->spare = NULL;
        /* else the estimate was far off: the set grows as it goes */
        if (*count * 10 > s->spare_slots * 7)
            free(spare);
        else if (rowset_adopt(s, &row_keys[f->kind], *rows, *count, spare, s->spare_slots))
            return -1;
    }
    return 0;
}

uint64_t rcm_ingest_hash_row(rcm_file_reader *f, const void *cand)
{
    uint64_t h = key_hash(&row_keys[f->kind], cand);
#if defined(__GNUC__)
    /* start loading the home line now: it is read once the next row has
     * been parsed */
    if (f->seen.n_slots)
        __builtin_prefetch(&f->seen.slots[home_of(f->seen.n_slots, student_of(cand), h)]);
#endif
    return h;
}

/* 1 when a row equal to cand is stored at slot value v (tags first). */
static int holds(const rcm_rowset *s, const row_key *k, const unsigned char *rows, uint32_t v,
                 uint32_t tag, const void *cand)
{
    return (s->bits >= 32 ? 0 : v >> s->bits) == tag &&
           key_eq(k, rows + slot_index(s, v) * k->elem, cand);
}

/* 1 when cand is in the set, 0 when not: then *free_slot is a free slot of
 * its window, or n_slots when the window is full. */
static int lookup(const rcm_rowset *s, const row_key *k, const unsigned char *rows,
                  const void *cand, uint64_t h, size_t *free_slot)
{
    size_t home = home_of(s->n_slots, student_of(cand), h), i, j;
    uint32_t tag = slot_tag(h, s->bits);
    for (i = 0; i < WINDOW; i++) {
        j = (home + i) & (s->n_slots - 1);
        if (!s->slots[j]) {
            *free_slot = j;
            return 0;
        }
        if (holds(s, k, rows, s->slots[j], tag, cand))
            return 1;
    }
    *free_slot = s->n_slots;
    if (!line_marked(s, home))
        return 0;
    for (j = h & (s->n_over - 1); s->over[j]; j = (j + 1) & (s->n_over - 1))
        if (holds(s, k, rows, s->over[j], tag, cand))
            return 1;
    return 0;
}

int rcm_ingest_add_unique(rcm_file_reader *f, const void *cand, uint64_t h)
{
    const row_key *k = &row_keys[f->kind];
    rcm_rowset *s = &f->seen;
    void **rows;
    size_t *n, j;
    rows_of(f, &rows, &n);
    if (before_growth(f, *n) || *n >= UINT32_MAX - 1 ||
        rowset_reserve(s, k, *rows, *n, s->count + 1))
        return -1;
    if (lookup(s, k, *rows, cand, h, &j))
        return 1;
    if (rcm_grow(rows, &f->rows_cap, *n + 1, k->elem))
        return -1;
    memcpy((unsigned char *)*rows + *n * k->elem, cand, k->elem);
    if (j < s->n_slots) {
        s->slots[j] = slot_value(h, s->bits, *n);
        s->count++;
    } else if (spill(s, k, *rows, h, *n, home_of(s->n_slots, student_of(cand), h))) {
        return -1; /* its window is full: straight to the second set */
    }
    (*n)++;
    return 0;
}
