/*
 * demo_lessons.c: a demo script's lessons, loaded up front. A presenter
 * must learn on the command line, not on stage, that `lesson gil` has no
 * page 9, so each `lesson` is looked up in the catalog and parsed, and each
 * `page` is checked against the lesson open at that line. The players then
 * only look the lessons up by command.
 */
#include "course/demo_lessons.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Loads the lesson of `command` into lessons->lessons[lessons->count]. */
static int load_one(struct demo_lessons *lessons, const struct demo_script *script,
    const struct demo_command *command, const struct catalog *catalog, char *why, size_t why_size)
{
	char reason[1024];
	int index = catalog_find(catalog, command->text, reason, sizeof reason);

	if (index < 0) {
		snprintf(why, why_size, "%s:%d: lesson: %s", script->name, command->line, reason);
		return -1;
	}
	if (lesson_parse_file(&lessons->lessons[lessons->count], catalog->entries[index].path,
	    catalog->source_root, reason, sizeof reason) != 0) {
		snprintf(why, why_size, "%s:%d: lesson %s: %s", script->name, command->line, command->text, reason);
		return -1;
	}
	lessons->numbers[lessons->count++] = catalog->entries[index].number;
	return 0;
}

static int check_page(const struct demo_lessons *lessons, const struct demo_script *script,
    const struct demo_command *command, int open, char *why, size_t why_size)
{
	const struct lesson *lesson = &lessons->lessons[open];

	if ((size_t)command->number <= lesson->page_count)
		return 0;
	snprintf(why, why_size, "%s:%d: page %d: lesson %d (\"%s\") has %zu page%s", script->name, command->line,
	    command->number, lessons->numbers[open], lesson->title, lesson->page_count,
	    lesson->page_count == 1 ? "" : "s");
	return -1;
}

int demo_lessons_load(struct demo_lessons *lessons, const struct demo_script *script,
    const struct catalog *catalog, char *why, size_t why_size)
{
	int open = -1;

	memset(lessons, 0, sizeof *lessons);
	lessons->course_size = catalog->count;
	lessons->lessons = calloc(script->count, sizeof *lessons->lessons);
	lessons->numbers = calloc(script->count, sizeof *lessons->numbers);
	lessons->open = calloc(script->count, sizeof *lessons->open);
	if (lessons->lessons == NULL || lessons->numbers == NULL || lessons->open == NULL) {
		snprintf(why, why_size, "%s: out of memory", script->name);
		demo_lessons_free(lessons);
		return -1;
	}
	for (size_t i = 0; i < script->count; i++) {
		const struct demo_command *command = &script->commands[i];
		int rc = 0;

		if (command->kind == DEMO_LESSON) {
			rc = load_one(lessons, script, command, catalog, why, why_size);
			open = (int)lessons->count - 1;
		} else if (command->kind == DEMO_PAGE) {
			rc = check_page(lessons, script, command, open, why, why_size);
		}
		if (rc != 0) {
			demo_lessons_free(lessons);
			return -1;
		}
		lessons->open[i] = open;
	}
	return 0;
}

void demo_lessons_free(struct demo_lessons *lessons)
{
	for (size_t i = 0; i < lessons->count; i++)
		lesson_free(&lessons->lessons[i]);
	free(lessons->lessons);
	free(lessons->numbers);
	free(lessons->open);
	memset(lessons, 0, sizeof *lessons);
}

const struct lesson *demo_lessons_at(const struct demo_lessons *lessons, size_t index, int *number)
{
	int open = lessons->open[index];

	if (open < 0)
		return NULL;
	if (number != NULL)
		*number = lessons->numbers[open];
	return &lessons->lessons[open];
}
