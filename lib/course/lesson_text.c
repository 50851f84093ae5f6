/*
 * lesson_text.c: the pieces of a lesson as plain text, for `metaconc
 * learn --plain`, pipes and tests. Prose is re-wrapped to the width; code
 * is printed exactly, indented, between a header that says where it comes
 * from and a closing "---", so it can be read, copied, and compared with
 * its source.
 */
#include "course/lesson_text.h"

#include <string.h>

#include "core/text.h"
#include "render/wording.h"

#define CODE_INDENT "    "
#define TAB_WIDTH 4 /* the sources are indented with tabs; four columns leave room for the code */

void lesson_text_wrap(FILE *out, const char *text, int width, const char *first, const char *rest)
{
	const char *indent = first;
	int used = 0;
	bool line_empty = true;

	while (*text != '\0') {
		size_t length;
		int word;

		while (*text == ' ')
			text++;
		if (*text == '\0')
			break;
		length = strcspn(text, " ");
		word = text_columns_of(text, length);
		if (!line_empty && used + 1 + word > width) {
			fputc('\n', out);
			indent = rest;
			line_empty = true;
		}
		if (line_empty) {
			fputs(indent, out);
			used = text_columns(indent);
		} else {
			fputc(' ', out);
			used++;
		}
		fwrite(text, 1, length, out);
		used += word;
		line_empty = false;
		text += length;
	}
	if (!line_empty)
		fputc('\n', out);
}

void lesson_text_note(FILE *out, const char *note, int width)
{
	while (*note != '\0') {
		size_t length = strcspn(note, "\n");
		char line[1024];

		snprintf(line, sizeof line, "%.*s", (int)(length < sizeof line ? length : sizeof line - 1), note);
		if (line[0] == '\0')
			fputc('\n', out);
		else
			lesson_text_wrap(out, line, width, "    ", "    ");
		note += length + (note[length] == '\n');
	}
}

/* Prints `text` and a line of `mark` under it, as long as it is. */
static void underlined(FILE *out, const char *text, char mark)
{
	int length = text_columns(text);

	fprintf(out, "%s\n", text);
	for (int i = 0; i < length; i++)
		fputc(mark, out);
	fputc('\n', out);
}

void lesson_text_title(FILE *out, const struct lesson *lesson, int number, size_t course_size)
{
	char title[512];

	if (number > 0)
		snprintf(title, sizeof title, "Lesson %d of %zu: %s", number, course_size, lesson->title);
	else
		snprintf(title, sizeof title, "Lesson: %s", lesson->title);
	underlined(out, title, '=');
	lesson_text_wrap(out, lesson->summary, LESSON_TEXT_PROSE_WIDTH, "", "");
	fputc('\n', out);
}

void lesson_text_page(FILE *out, const struct lesson_page *page, int lesson_number, size_t page_number)
{
	char heading[512];

	if (lesson_number > 0)
		snprintf(heading, sizeof heading, "%d.%zu %s", lesson_number, page_number, page->heading);
	else
		snprintf(heading, sizeof heading, "%zu. %s", page_number, page->heading);
	fputc('\n', out);
	underlined(out, heading, '-');
	fputc('\n', out);
}

void lesson_text_prose(FILE *out, const struct lesson_prose *prose, int width)
{
	if (width > LESSON_TEXT_PROSE_WIDTH)
		width = LESSON_TEXT_PROSE_WIDTH;
	if (prose->bullet)
		lesson_text_wrap(out, prose->text, width, "  - ", "    ");
	else
		lesson_text_wrap(out, prose->text, width, "", "");
}

/* One line of code, indented, with its tabs expanded from the code's own first column. */
static void code_line(FILE *out, const char *line, size_t length)
{
	int column = 0;

	if (length == 0) {
		fputc('\n', out);
		return;
	}
	fputs(CODE_INDENT, out);
	for (size_t i = 0; i < length; i++) {
		if (line[i] == '\t') {
			do
				fputc(' ', out);
			while (++column % TAB_WIDTH != 0);
		} else {
			fputc(line[i], out);
			if (((unsigned char)line[i] & 0xc0) != 0x80)
				column++;
		}
	}
	fputc('\n', out);
}

void lesson_text_code(FILE *out, const struct lesson *lesson, const struct lesson_code *code)
{
	const char *text = code->text != NULL ? code->text : "";

	switch (code->origin) {
	case LESSON_CODE_BLOG:
		fprintf(out, "--- %s, quoted exactly from the post \"%s\"\n", code->language,
		    lesson->source != NULL ? lesson->source : "?");
		break;
	case LESSON_CODE_CORRECTED:
		fprintf(out, "--- %s, corrected (%s.py): it runs as it is\n", code->language, code->region);
		break;
	case LESSON_CODE_EXAMPLE:
		fprintf(out, "--- %s, an example (%s.py): it runs as it is\n", code->language, code->region);
		break;
	case LESSON_CODE_REGION:
		fprintf(out, "--- %s, %s lines %d-%d (region %s): the code metaconc runs\n", code->language,
		    code->file, code->first_line, code->last_line, code->region);
		break;
	case LESSON_CODE_SNIPPET:
		fprintf(out, "--- %s, snippet %s: python3 runs it, and what it prints is below\n", code->language,
		    code->region);
		break;
	}
	while (*text != '\0') {
		const char *newline = strchr(text, '\n');
		size_t length = newline != NULL ? (size_t)(newline - text) : strlen(text);

		code_line(out, text, length);
		text += length + (newline != NULL);
	}
	fprintf(out, "---\n\n");
}

void lesson_text_experiment(FILE *out, const struct lesson_experiment *experiment, int width)
{
	const char *label = experiment->label != NULL ? experiment->label : "";
	const char *space = experiment->label != NULL ? " " : "";
	char line[1024];

	if (experiment->kind == LESSON_RUN)
		snprintf(line, sizeof line, ">>> Experiment%s%s: metaconc run %s", space, label, experiment->command);
	else if (experiment->kind == LESSON_SNIPPET)
		snprintf(line, sizeof line, ">>> Experiment%s%s: python3 runs the snippet %s", space, label, label);
	else
		snprintf(line, sizeof line, ">>> Measurement%s%s: %s %d %s%s, one after another", space, label,
		    experiment->kind == LESSON_THREAD_START ? "start and join" : "fork and reap",
		    experiment->count, experiment->kind == LESSON_THREAD_START ? "thread" : "process",
		    experiment->count == 1 ? "" : experiment->kind == LESSON_THREAD_START ? "s" : "es");
	lesson_text_wrap(out, line, width, "", "        ");
	if (experiment->kind == LESSON_RUN)
		fputc('\n', out);
}

void lesson_text_cost(FILE *out, const struct cost_result *result)
{
	char total[32], median[32], fastest[32];

	wording_duration(total, sizeof total, result->total_ns);
	wording_duration(median, sizeof median, result->median_ns);
	wording_duration(fastest, sizeof fastest, result->fastest_ns);
	fprintf(out, "    %d %s%s in %s: %s each (the median; the fastest took %s)\n\n", result->count,
	    cost_noun(result->kind), result->count == 1 ? "" : result->kind == COST_THREAD ? "s" : "es",
	    total, median, fastest);
}

/* Each line of `text` (its last newline dropped) after "    | ". */
static void quoted_lines(FILE *out, const char *text)
{
	size_t length = strlen(text);

	while (length > 0 && text[length - 1] == '\n')
		length--;
	while (length > 0) {
		size_t line = strcspn(text, "\n");

		if (line > length)
			line = length;
		fprintf(out, "    | %.*s\n", (int)line, text);
		text += line;
		length -= line;
		if (length > 0) {
			text++;
			length--;
		}
	}
}

void lesson_text_snippet(FILE *out, const struct snippet_result *result)
{
	const char *version = result->version[0] != '\0' ? result->version : "(version unknown)";

	if (result->out[0] != '\0') {
		fprintf(out, "    Python %s printed:\n", version);
		quoted_lines(out, result->out);
	} else {
		fprintf(out, "    Python %s printed nothing on its standard output.\n", version);
	}
	if (result->out_cut > 0)
		fprintf(out, "    (and %zu bytes more)\n", result->out_cut);
	if (result->err[0] != '\0') {
		fprintf(out, "    and on its standard error:\n");
		quoted_lines(out, result->err);
	}
	if (result->err_cut > 0)
		fprintf(out, "    (and %zu bytes more)\n", result->err_cut);
	if (result->interrupted_by != 0)
		fprintf(out, "    It was stopped by a signal before its end.\n");
	else if (result->timed_out)
		fprintf(out, "    It was still running after %d s, so it was stopped.\n", result->seconds);
	else if (result->killed_by != 0)
		fprintf(out, "    It was killed by signal %d.\n", result->killed_by);
	else if (result->exit_status != 0)
		fprintf(out, "    It exited with status %d.\n", result->exit_status);
	fputc('\n', out);
}

void lesson_text_question(FILE *out, const struct lesson_question *question, int width)
{
	char first[32];

	if (width > LESSON_TEXT_PROSE_WIDTH)
		width = LESSON_TEXT_PROSE_WIDTH;
	snprintf(first, sizeof first, "??? Prediction %d: ", question->number);
	lesson_text_wrap(out, question->text, width, first, "    ");
	for (size_t i = 0; i < question->choice_count; i++) {
		char range[64], line[640], lead[8];

		question_format_range(question, i, range, sizeof range);
		snprintf(lead, sizeof lead, "    %c) ", 'a' + (int)i);
		snprintf(line, sizeof line, "%s (%s)", question->choices[i].text, range);
		lesson_text_wrap(out, line, width, lead, "       ");
	}
	if (question->of_a_run)
		fprintf(out, "    %s answers it.\n", question->language == LESSON_IN_PYTHON ?
		    "The run in Python (python3)" : "The run in C");
	if (question->quantity == LESSON_OUTPUT)
		fprintf(out, "    Predict what it prints (type it; spaces do not matter).\n");
	else if (question->choice_count == 0)
		fprintf(out, "    Predict a number: %s.\n", question_quantity_name(question));
}

void lesson_text_answer(FILE *out, const struct lesson_question *question,
    const struct question_answer *answer, const struct question_value *value, const char *disturbed, int width)
{
	char measured[QUESTION_TEXT_MAX + 16], given[QUESTION_TEXT_MAX + 16], line[1024];
	bool printed = question->quantity == LESSON_OUTPUT || question->quantity == LESSON_PRINTED_NUMBER;
	bool right = question_is_right(question, answer, value);

	if (width > LESSON_TEXT_PROSE_WIDTH)
		width = LESSON_TEXT_PROSE_WIDTH;
	question_format_value(question, value, measured, sizeof measured);
	if (question->choice_count > 0) {
		size_t choice = question_choice_of(question, value->number);

		snprintf(line, sizeof line, "!!! Answer to prediction %d (%s %s): %s, which is %c) %s.", question->number,
		    printed ? "printed by" : "measured in", value->measured_by, measured, 'a' + (int)choice,
		    question->choices[choice].text);
	} else {
		snprintf(line, sizeof line, "!!! Answer to prediction %d (%s %s): %s", question->number,
		    printed ? "printed by" : "measured in", value->measured_by, measured);
	}
	lesson_text_wrap(out, line, width, "", "    ");
	question_format_answer(question, answer, given, sizeof given);
	if (disturbed != NULL) {
		snprintf(line, sizeof line, "This run was disturbed by other programs (%s): it is not graded. "
		    "Run it again when the machine is quieter.", disturbed);
		lesson_text_wrap(out, line, width, "    ", "    ");
		if (answer->given)
			fprintf(out, "    You predicted %s.\n", given);
	} else if (!answer->given)
		fprintf(out, "    You made no prediction.\n");
	else if (question->choice_count > 0 || question->quantity == LESSON_OUTPUT)
		fprintf(out, "    You predicted %s: %s.\n", given, right ? "right" : "not this time");
	else
		fprintf(out, "    You predicted %s: %s.\n", given, right ? "right (within 25%)" : "not within 25% of it");
	lesson_text_wrap(out, question->explanation, width, "    ", "    ");
	fputc('\n', out);
}
