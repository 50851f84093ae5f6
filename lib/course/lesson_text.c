/*
 * lesson_text.c: the pieces of a lesson as plain text, for `metaconc
 * learn --plain`, pipes and tests. Prose is re-wrapped to the width; code
 * is printed exactly, indented, between a header that says where it comes
 * from and a closing "---", so it can be read, copied, and compared with
 * its source.
 */
#include "course/lesson_text.h"

#include <string.h>

#include "render/wording.h"

#define CODE_INDENT "    "
#define TAB_WIDTH 8

/* Columns a UTF-8 string takes (one per character; the lessons use no wide ones). */
static int columns(const char *text, size_t length)
{
	int n = 0;

	for (size_t i = 0; i < length; i++) {
		if (((unsigned char)text[i] & 0xc0) != 0x80)
			n++;
	}
	return n;
}

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
		word = columns(text, length);
		if (!line_empty && used + 1 + word > width) {
			fputc('\n', out);
			indent = rest;
			line_empty = true;
		}
		if (line_empty) {
			fputs(indent, out);
			used = columns(indent, strlen(indent));
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

/* Prints `text` and a line of `mark` under it, as long as it is. */
static void underlined(FILE *out, const char *text, char mark)
{
	int length = columns(text, strlen(text));

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
		fprintf(out, "--- %s, corrected: it runs as it is\n", code->language);
		break;
	case LESSON_CODE_EXAMPLE:
		fprintf(out, "--- %s, an example: it runs as it is\n", code->language);
		break;
	case LESSON_CODE_REGION:
		fprintf(out, "--- %s, %s lines %d-%d (region %s): the code metaconc runs\n", code->language,
		    code->file, code->first_line, code->last_line, code->region);
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
	if (question->choice_count == 0)
		fprintf(out, "    Predict a number: %s.\n", question_quantity_name(question));
}

void lesson_text_answer(FILE *out, const struct lesson_question *question,
    const struct question_answer *answer, double value, int width)
{
	char measured[64], given[64], line[1024];

	if (width > LESSON_TEXT_PROSE_WIDTH)
		width = LESSON_TEXT_PROSE_WIDTH;
	question_format_value(question, value, measured, sizeof measured);
	if (question->choice_count > 0) {
		size_t choice = question_choice_of(question, value);

		snprintf(line, sizeof line, "!!! Answer to prediction %d: measured %s, which is %c) %s.",
		    question->number, measured, 'a' + (int)choice, question->choices[choice].text);
	} else {
		snprintf(line, sizeof line, "!!! Answer to prediction %d: measured %s.", question->number, measured);
	}
	lesson_text_wrap(out, line, width, "", "    ");
	question_format_answer(question, answer, given, sizeof given);
	if (!answer->given)
		fprintf(out, "    You made no prediction.\n");
	else if (question->choice_count > 0)
		fprintf(out, "    You predicted %s: %s.\n", given, question_is_right(question, answer, value) ? "right" : "not this time");
	else
		fprintf(out, "    You predicted %s: %s.\n", given, question_is_right(question, answer, value) ?
		    "right (within 25%)" : "not within 25% of it");
	lesson_text_wrap(out, question->explanation, width, "    ", "    ");
	fputc('\n', out);
}
