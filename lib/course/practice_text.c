/*
 * practice_text.c: `metaconc practice` in words. The exercise is printed
 * as its statement was written (statement.md is already laid out for a
 * terminal); the verdict lists every item of the check with what was
 * measured, so a learner sees why, not only whether.
 */
#include "course/practice_text.h"

#include <string.h>

void practice_text_exercise(FILE *out, const struct exercise *exercise, size_t count, const char *program)
{
	fprintf(out, "Exercise %d of %zu: %s\n", exercise->number, count, exercise->title);
	fprintf(out, "  your file: %s\n\n", program);
	fputs(exercise->statement, out);
	if (exercise->statement[0] != '\0' && exercise->statement[strlen(exercise->statement) - 1] != '\n')
		fputc('\n', out);
	fprintf(out, "\n  run it:    python3 %s\n", program);
	fprintf(out, "  check it:  metaconc practice check %d\n", exercise->number);
	fprintf(out, "  a hint:    metaconc practice hint %d   (%zu hint%s)\n", exercise->number, exercise->hint_count,
	    exercise->hint_count == 1 ? "" : "s");
}

void practice_text_failed_run(FILE *out, const struct exercise_measurements *measurements)
{
	const struct exercise_run *run = NULL;
	size_t r, first;

	for (r = 0; r < measurements->run_count && run == NULL; r++) {
		if (measurements->runs[r].stopped == EXERCISE_ENDED && measurements->runs[r].exit_status != 0)
			run = &measurements->runs[r];
	}
	if (run == NULL)
		return;
	if (measurements->run_count > 1)
		fprintf(out, "Run %zu of %zu ended with exit status %d.", r, measurements->run_count, run->exit_status);
	else
		fprintf(out, "Your program ended with exit status %d.", run->exit_status);
	if (run->line_count == 0) {
		fprintf(out, " It printed nothing.\n\n");
		return;
	}
	fprintf(out, " The last of what it printed:\n");
	first = run->line_count > PRACTICE_TEXT_FAILED_LINES ? run->line_count - PRACTICE_TEXT_FAILED_LINES : 0;
	for (size_t i = first; i < run->line_count; i++)
		fprintf(out, "  | %s\n", run->lines[i].text);
	fputc('\n', out);
}

const char *practice_text_verdict_word(enum exercise_verdict verdict)
{
	switch (verdict) {
	case EXERCISE_PASSED: return "ok  ";
	case EXERCISE_FAILED: return "FAIL";
	default: return "--  ";
	}
}

void practice_text_tally(char *buf, size_t size, const struct exercise_report *report)
{
	size_t failed = 0, unmeasured = 0;

	for (size_t i = 0; i < report->count; i++) {
		failed += report->results[i].verdict == EXERCISE_FAILED;
		unmeasured += report->results[i].verdict == EXERCISE_NOT_MEASURABLE;
	}
	if (report->passed)
		snprintf(buf, size, "Passed%s.", unmeasured > 0 ? " (what this machine cannot measure was left out)" : "");
	else
		snprintf(buf, size, "Not yet: %zu of %zu items failed.", failed, report->count);
}

void practice_text_verdict(FILE *out, const struct exercise *exercise, const struct exercise_report *report)
{
	char tally[128];

	fprintf(out, "Check of exercise %d (%s):\n", exercise->number, exercise->slug);
	for (size_t i = 0; i < report->count; i++) {
		const struct exercise_result *result = &report->results[i];

		fprintf(out, "  %s  %s\n", practice_text_verdict_word(result->verdict), result->text);
		if (result->verdict == EXERCISE_FAILED && result->item != NULL && result->item->explain != NULL)
			fprintf(out, "        %s\n", result->item->explain);
	}
	practice_text_tally(tally, sizeof tally, report);
	if (report->passed)
		fprintf(out, "\n%s Next: metaconc practice\n", tally);
	else
		fprintf(out, "\n%s A hint: metaconc practice hint %d\n", tally, exercise->number);
}
