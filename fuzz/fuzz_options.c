/*
 * fuzz_options.c: the run option parser (options.c) on arbitrary arguments.
 *
 * The input is split into arguments at every NUL byte or newline, as a shell
 * would hand them to main: the first is the technique, the rest its options.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/options.h"
#include "fuzz.h"

#define FUZZ_MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1);
	char *argv[FUZZ_MAX_ARGS + 1];
	int argc = 0;
	struct run_options options;
	char why[512];

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	/* Each argument starts after a separator; separators become string ends. */
	argv[argc++] = copy;
	for (size_t i = 0; i < size && argc < FUZZ_MAX_ARGS; i++) {
		if (copy[i] == '\0' || copy[i] == '\n') {
			copy[i] = '\0';
			argv[argc++] = copy + i + 1;
		}
	}
	argv[argc] = NULL;
	options_parse_run(&options, argc, argv, why, sizeof why);
	free(copy);
	return 0;
}
