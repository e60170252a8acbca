/*
 * fuzz.h - what the fuzz targets share: the libFuzzer entry point and a
 * scratch file to hand the bytes to readers that take a path.
 *
 * Each target defines LLVMFuzzerTestOneInput. Built with clang and
 * -fsanitize=fuzzer (tests/fuzz/run.sh) it is a libFuzzer binary; built
 * with replay.c instead (any compiler, every ctest run) it replays the
 * committed corpus, so an input that once crashed stays a regression test.
 */
#ifndef RCM_FUZZ_H
#define RCM_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Path of a scratch file in a private temporary folder created on first
 * use, named `name`; removed at exit. */
const char *fuzz_path(const char *name);
/* Replace the scratch file `name` with data[0..size); returns its path,
 * or NULL when it cannot be written. */
const char *fuzz_write(const char *name, const uint8_t *data, size_t size);

#endif
