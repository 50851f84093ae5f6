/*
 * fuzz_lesson.c: the lesson parser (lesson.c) on arbitrary bytes.
 *
 * With no source root, `code:` regions are not read, so only the lesson
 * format itself is under test. A parse either fails with a reason or gives
 * a lesson that lesson_free() releases whole; the sanitizers watch both.
 */
#include <stddef.h>
#include <stdint.h>

#include "course/lesson.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lesson lesson;
	char why[512];

	if (lesson_parse_buffer(&lesson, "fuzz.lesson", (const char *)data, size, NULL, why, sizeof why) == 0)
		lesson_free(&lesson);
	return 0;
}
