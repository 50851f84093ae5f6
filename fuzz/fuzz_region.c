/*
 * fuzz_region.c: the marked-region finder (region.c) on arbitrary source text.
 *
 * The first line of the input names the region to look for; the rest is the
 * file. Each input is searched twice, with C markers and with Python ones.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "course/region.h"
#include "fuzz.h"

#define FUZZ_MAX_NAME 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *newline = memchr(text, '\n', size);
	size_t name_length = newline != NULL ? (size_t)(newline - text) : 0;
	size_t skip = newline != NULL ? name_length + 1 : 0;
	char name[FUZZ_MAX_NAME + 1];
	struct region region;
	char why[512];

	if (name_length > FUZZ_MAX_NAME)
		name_length = FUZZ_MAX_NAME;
	memcpy(name, text, name_length);
	name[name_length] = '\0';
	if (region_extract(text + skip, size - skip, REGION_C, name, &region, why, sizeof why) == 0)
		region_free(&region);
	if (region_extract(text + skip, size - skip, REGION_PYTHON, name, &region, why, sizeof why) == 0)
		region_free(&region);
	return 0;
}
