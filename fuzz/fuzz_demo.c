/*
 * fuzz_demo.c: the demo script parser (demo.c) on arbitrary bytes.
 *
 * Every `run` line of a script goes through the run option parser as well,
 * so this target reaches options.c from a second direction.
 */
#include <stddef.h>
#include <stdint.h>

#include "course/demo.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct demo_script script;
	char why[512];

	if (demo_parse_buffer(&script, "fuzz.demo", (const char *)data, size, why, sizeof why) == 0)
		demo_free(&script);
	return 0;
}
