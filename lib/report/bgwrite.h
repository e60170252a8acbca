/*
 * bgwrite.h - a file written from a small pool of aligned buffers, the
 * writes done in order on a background thread so the caller goes on
 * filling the next buffer while the disk takes the last one.
 *
 * With direct I/O (O_DIRECT) a write returns only once the data is on the
 * device, so a writer that formatted and wrote in turn would wait for the
 * disk about a third of the time. Here a full buffer is handed over and
 * an empty one taken back; the thread starts with the first full buffer,
 * so a small file never starts one.
 */
#ifndef RCM_REPORT_BGWRITE_H
#define RCM_REPORT_BGWRITE_H

#include <stddef.h>

/* Alignment of the buffers and of every direct write's size and offset
 * (covers the usual logical block sizes). */
#define RCM_BGWRITE_ALIGN 4096u

typedef struct rcm_bgwrite rcm_bgwrite;

/* A writer to fd (positioned where writing starts) with buffers of `cap`
 * bytes, cap a multiple of RCM_BGWRITE_ALIGN. NULL: out of memory. */
rcm_bgwrite *rcm_bgwrite_new(int fd, size_t cap);
/* The buffer to fill first. */
char *rcm_bgwrite_buffer(rcm_bgwrite *b);
/* Ask for direct I/O on fd; 1 if the system took it. Writes then go from
 * the buffers to the device, not through the page cache; a filesystem that
 * refuses a direct write (EINVAL) gets the same bytes through the page
 * cache instead. */
int rcm_bgwrite_direct(rcm_bgwrite *b);
/* 1 while direct I/O is on: handed-over lengths must then be multiples of
 * RCM_BGWRITE_ALIGN. */
int rcm_bgwrite_is_direct(rcm_bgwrite *b);
/* Hand over buf[0..len) (a buffer from this writer) to be written after
 * everything handed over before; returns an empty buffer to fill next,
 * waiting while every buffer is still being written. */
char *rcm_bgwrite_swap(rcm_bgwrite *b, char *buf, size_t len);
/* errno of the first failed write so far, else 0. */
int rcm_bgwrite_error(rcm_bgwrite *b);
/* Wait for every write handed over, then write buf[0..len) through the
 * page cache (any length) and stop the thread. Returns 0 or the errno of
 * the first failed write. The file is not flushed to disk here. */
int rcm_bgwrite_finish(rcm_bgwrite *b, const char *buf, size_t len);
/* Stop the thread if still running (dropping what is queued) and free. */
void rcm_bgwrite_free(rcm_bgwrite *b);

#endif
