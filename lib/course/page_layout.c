/*
 * page_layout.c: a lesson page as rows of styled text for a screen.
 *
 * Each block is first printed by render_lesson.c into a memory stream, at
 * the width of the column it goes to, and the printed text is cut into
 * rows. Stacked, the rows follow each other. Side by side, prose,
 * experiments and predictions fill the left column, and each code block
 * goes to the right column beside the paragraph that introduces it.
 */
#include "course/page_layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "course/lesson_text.h"

/* Where the next rows go in each column. */
struct cursor {
	int left;
	int right;
	int anchor; /* the row where the last paragraph on the left began */
};

static bool ensure_rows(struct page_layout *layout, size_t count)
{
	struct page_row *rows;
	size_t capacity;

	if (count <= layout->capacity)
		return true;
	capacity = layout->capacity == 0 ? 64 : layout->capacity;
	while (capacity < count)
		capacity *= 2;
	rows = realloc(layout->rows, capacity * sizeof *rows);
	if (rows == NULL) {
		layout->failed = true;
		return false;
	}
	memset(rows + layout->capacity, 0, (capacity - layout->capacity) * sizeof *rows);
	layout->rows = rows;
	layout->capacity = capacity;
	return true;
}

/* Puts one row of text in a column at `row`. */
static void put(struct page_layout *layout, int row, bool right, const char *text, size_t length,
    enum page_style style)
{
	struct page_cell *cell;

	if (!ensure_rows(layout, (size_t)row + 1))
		return;
	cell = right ? &layout->rows[row].right : &layout->rows[row].left;
	free(cell->text);
	cell->text = strndup(text, length);
	cell->style = style;
	if (cell->text == NULL)
		layout->failed = true;
	if ((size_t)row + 1 > layout->count)
		layout->count = (size_t)row + 1;
}

/*
 * Cuts printed text into rows of one column from *row on; a line "---"
 * (the end of a code block) is left out, and so are blank lines at the end.
 * A line beginning "--- " takes the header style. Returns the rows used.
 */
static int put_text(struct page_layout *layout, int *row, bool right, const char *text,
    enum page_style style)
{
	int first = *row, last_filled = *row - 1;

	while (*text != '\0') {
		size_t length = strcspn(text, "\n");
		enum page_style line_style = style;

		if (style == PAGE_CODE && length >= 3 && strncmp(text, "---", 3) == 0)
			line_style = PAGE_CODE_HEADER;
		if (!(length == 3 && line_style == PAGE_CODE_HEADER)) {
			if (length > 0) {
				put(layout, *row, right, text, length, line_style);
				last_filled = *row;
			}
			(*row)++;
		}
		text += length + (text[length] == '\n');
	}
	*row = last_filled + 1;
	return *row - first;
}

/* Prints with `print` into memory, then into rows. */
struct printed {
	FILE *stream;
	char *text;
	size_t size;
};

static FILE *printed_open(struct printed *p)
{
	p->text = NULL;
	p->size = 0;
	p->stream = open_memstream(&p->text, &p->size);
	return p->stream;
}

static void printed_put(struct printed *p, struct page_layout *layout, int *row, bool right,
    enum page_style style)
{
	if (p->stream == NULL) {
		layout->failed = true;
		return;
	}
	fclose(p->stream);
	if (p->text != NULL)
		put_text(layout, row, right, p->text, style);
	free(p->text);
}

static void skip_blank(int *row)
{
	(*row)++;
}

/*
 * How wide an experiment, a prediction or an answer may be: side by side,
 * once no code is beside it, it may spread over the right column too (the
 * right column then continues below it).
 */
static int item_width(const struct page_layout *layout, struct cursor *at)
{
	if (!layout->side_by_side || at->left < at->right)
		return layout->left_width;
	return layout->width < LESSON_TEXT_PROSE_WIDTH ? layout->width : LESSON_TEXT_PROSE_WIDTH;
}

/* After an item that may have spread: nothing goes beside it on the right. */
static void below_item(struct cursor *at)
{
	if (at->right < at->left)
		at->right = at->left;
}

/* The answers that `experiment` made known, with how each prediction fared. */
static void put_answers(struct page_layout *layout, struct cursor *at, const struct lesson *lesson,
    int experiment, const struct page_status *status)
{
	for (size_t i = 0; i < lesson->question_count; i++) {
		const struct lesson_question *question = lesson->questions[i];
		struct printed p;
		char disturbance[64];
		bool disturbed;

		if (question->answered_after != experiment || status->measured == NULL || !status->measured[i])
			continue;
		disturbed = status->measurements != NULL &&
		    question_disturbed(question, status->measurements, disturbance, sizeof disturbance);
		if (printed_open(&p) != NULL)
			lesson_text_answer(p.stream, question, &status->answers[i], &status->values[i],
			    disturbed ? disturbance : NULL, item_width(layout, at));
		printed_put(&p, layout, &at->left, false, PAGE_ANSWER);
		skip_blank(&at->left);
		below_item(at);
	}
}

static void put_block(struct page_layout *layout, struct cursor *at, const struct lesson *lesson,
    const struct lesson_block *block, const struct page_status *status)
{
	struct printed p;

	switch (block->kind) {
	case LESSON_PROSE:
		at->anchor = at->left;
		if (printed_open(&p) != NULL)
			lesson_text_prose(p.stream, &block->prose, layout->left_width);
		printed_put(&p, layout, &at->left, false, PAGE_PROSE);
		skip_blank(&at->left);
		break;
	case LESSON_CODE:
		if (printed_open(&p) != NULL)
			lesson_text_code(p.stream, lesson, &block->code);
		if (layout->side_by_side) {
			if (at->right < at->anchor)
				at->right = at->anchor;
			printed_put(&p, layout, &at->right, true, PAGE_CODE);
			skip_blank(&at->right);
		} else {
			printed_put(&p, layout, &at->left, false, PAGE_CODE);
			skip_blank(&at->left);
		}
		break;
	case LESSON_EXPERIMENT: {
		const struct lesson_experiment *experiment = &block->experiment;
		const char *note = status->notes != NULL ? status->notes[experiment->index] : NULL;
		int width;

		if (layout->side_by_side && at->left < at->right)
			at->left = at->right; /* an experiment comes after the code it runs */
		layout->experiment_row[experiment->index] = at->left;
		width = item_width(layout, at);
		if (printed_open(&p) != NULL)
			lesson_text_experiment(p.stream, experiment, width);
		printed_put(&p, layout, &at->left, false, PAGE_EXPERIMENT);
		if (note != NULL && printed_open(&p) != NULL) {
			lesson_text_note(p.stream, note, width);
			printed_put(&p, layout, &at->left, false, PAGE_EXPERIMENT);
		}
		skip_blank(&at->left);
		below_item(at);
		put_answers(layout, at, lesson, experiment->index, status);
		break;
	}
	case LESSON_QUESTION: {
		const struct lesson_question *question = &block->question;
		const struct question_answer *answer =
		    status->answers != NULL ? &status->answers[question->number - 1] : NULL;

		layout->question_row[question->number - 1] = at->left;
		if (printed_open(&p) != NULL) {
			lesson_text_question(p.stream, question, item_width(layout, at));
			if (answer != NULL && answer->given) {
				char given[64];

				question_format_answer(question, answer, given, sizeof given);
				fprintf(p.stream, "    Your prediction: %s\n", given);
			}
		}
		printed_put(&p, layout, &at->left, false, PAGE_QUESTION);
		skip_blank(&at->left);
		below_item(at);
		break;
	}
	}
}

int page_layout_build(struct page_layout *layout, const struct lesson *lesson, int number,
    size_t page_index, int width, const struct page_status *status)
{
	const struct lesson_page *page = &lesson->pages[page_index];
	struct cursor at = { 0, 0, 0 };
	char heading[512];

	memset(layout, 0, sizeof *layout);
	layout->side_by_side = width >= PAGE_LAYOUT_SIDE_BY_SIDE;
	layout->width = width;
	layout->left_width = width;
	if (layout->side_by_side) {
		/* Prose as wide as it reads well, as long as the code keeps PAGE_LAYOUT_CODE_WIDTH columns. */
		layout->left_width = width - PAGE_LAYOUT_GUTTER - PAGE_LAYOUT_CODE_WIDTH;
		if (layout->left_width > LESSON_TEXT_PROSE_WIDTH)
			layout->left_width = LESSON_TEXT_PROSE_WIDTH;
		if (layout->left_width < width * 2 / 5)
			layout->left_width = width * 2 / 5;
		layout->right_column = layout->left_width + PAGE_LAYOUT_GUTTER;
	}
	if (layout->left_width < 20)
		layout->left_width = 20;
	layout->experiment_row = malloc((lesson->experiment_count + 1) * sizeof *layout->experiment_row);
	layout->question_row = malloc((lesson->question_count + 1) * sizeof *layout->question_row);
	if (layout->experiment_row == NULL || layout->question_row == NULL)
		return -1;
	for (size_t i = 0; i < lesson->experiment_count; i++)
		layout->experiment_row[i] = -1;
	for (size_t i = 0; i < lesson->question_count; i++)
		layout->question_row[i] = -1;

	if (number > 0)
		snprintf(heading, sizeof heading, "%d.%zu %s", number, page_index + 1, page->heading);
	else
		snprintf(heading, sizeof heading, "%zu. %s", page_index + 1, page->heading);
	put(layout, 0, false, heading, strlen(heading), PAGE_HEADING);
	at.left = at.right = 2;
	for (size_t k = 0; k < page->block_count; k++)
		put_block(layout, &at, lesson, &page->blocks[k], status);
	return layout->failed ? -1 : 0;
}

void page_layout_free(struct page_layout *layout)
{
	for (size_t i = 0; i < layout->capacity; i++) {
		free(layout->rows[i].left.text);
		free(layout->rows[i].right.text);
	}
	free(layout->rows);
	free(layout->experiment_row);
	free(layout->question_row);
	memset(layout, 0, sizeof *layout);
}
