/* fuzz.h: the entry point every fuzz target defines, for libFuzzer and for the replay driver. */
#ifndef METACONC_FUZZ_H
#define METACONC_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
