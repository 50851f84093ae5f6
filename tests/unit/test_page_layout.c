/* test_page_layout.c: a lesson page laid out stacked and side by side, with predictions and measured answers. */
#include <string.h>

#include "check.h"
#include "course/lesson.h"
#include "course/page_layout.h"

static const char lesson_text[] =
    "title: Layout\n"
    "summary: A page to lay out.\n"
    "source: The post\n"
    "page: Threads\n"
    "Some prose that introduces the code beside it, long enough to be wrapped on a narrow screen.\n"
    "\n"
    "```python blog\n"
    "def f():\n"
    "\treturn 1\n"
    "```\n"
    "question: How much faster?\n"
    "answer: speedup of fast\n"
    "choice: below 1.5: hardly\n"
    "choice: above 1.5: twice\n"
    "explain: Two CPUs.\n"
    "\n"
    "run fast: spawn --workers 2 --tasks 4 --task-ms 10 --compare\n";

/* The row whose left (or right) column holds `text`, or -1. */
static int row_of(const struct page_layout *layout, const char *text, bool right)
{
	for (size_t i = 0; i < layout->count; i++) {
		const struct page_cell *cell = right ? &layout->rows[i].right : &layout->rows[i].left;

		if (cell->text != NULL && strstr(cell->text, text) != NULL)
			return (int)i;
	}
	return -1;
}

int main(void)
{
	struct lesson lesson;
	struct page_layout layout;
	struct question_answer answers[1] = { { .given = true, .choice = 1 } };
	struct question_value values[1] = { { .number = 1.9, .measured_by = "C" } };
	bool measured[1] = { true };
	char *notes[1] = { "wall 1.00 s" };
	struct page_status status = { .focus = LESSON_NO_EXPERIMENT };
	char why[256];

	CHECK(lesson_parse_buffer(&lesson, "t.lesson", lesson_text, strlen(lesson_text), NULL, why,
	    sizeof why) == 0);

	/* Narrow: one column, the code in the flow, nothing measured yet. */
	CHECK(page_layout_build(&layout, &lesson, 3, 0, 60, &status) == 0);
	CHECK(!layout.side_by_side);
	CHECK(strcmp(layout.rows[0].left.text, "3.1 Threads") == 0);
	CHECK(layout.rows[0].left.style == PAGE_HEADING);
	CHECK(row_of(&layout, "def f():", false) > row_of(&layout, "Some prose", false));
	CHECK(layout.rows[row_of(&layout, "def f():", false)].left.style == PAGE_CODE);
	CHECK(layout.rows[row_of(&layout, "quoted exactly", false)].left.style == PAGE_CODE_HEADER);
	CHECK(row_of(&layout, "        return 1", false) > 0); /* the tab is expanded */
	CHECK(layout.question_row[0] == row_of(&layout, "Prediction 1", false));
	CHECK(layout.experiment_row[0] == row_of(&layout, "Experiment fast", false));
	CHECK(row_of(&layout, "Answer to prediction", false) == -1);
	for (size_t i = 0; i < layout.count; i++) {
		CHECK(layout.rows[i].left.text == NULL || strlen(layout.rows[i].left.text) <= 60 ||
		    layout.rows[i].left.style == PAGE_CODE || layout.rows[i].left.style == PAGE_CODE_HEADER);
	}
	page_layout_free(&layout);

	/* Wide: the code sits on the right beside its paragraph; the answer follows the run. */
	status = (struct page_status){ answers, values, measured, notes, NULL, 0 };
	CHECK(page_layout_build(&layout, &lesson, 3, 0, 160, &status) == 0);
	CHECK(layout.side_by_side);
	CHECK(row_of(&layout, "def f():", true) > 0);
	CHECK(row_of(&layout, "def f():", false) == -1);
	CHECK(row_of(&layout, "quoted exactly", true) == row_of(&layout, "Some prose", false));
	CHECK(row_of(&layout, "Your prediction: b", false) > layout.question_row[0]);
	CHECK(row_of(&layout, "wall 1.00 s", false) > layout.experiment_row[0]);
	CHECK(row_of(&layout, "Answer to prediction 1 (measured in C): 1.90x", false) > layout.experiment_row[0]);
	CHECK(layout.rows[row_of(&layout, "Answer to prediction", false)].left.style == PAGE_ANSWER);
	CHECK(row_of(&layout, "You predicted b: right", false) > 0);
	page_layout_free(&layout);

	lesson_free(&lesson);
	return check_report("page_layout");
}
