/*
 * ui_page.c: draws a lesson page's layout in a band of the screen and
 * scrolls it. The layout is rebuilt lazily, on the next draw after the
 * width or the status changed, so a resize costs one layout, not one per
 * key. Prose draws its `code` spans in the code's style, without the
 * backticks. Code too wide for its column is cut with a dim '>' and
 * scrolls sideways with < and >, as `less -S` does (a dim '<' then says
 * more is on the left).
 */
#include "ui/ui_page.h"

#include <curses.h>
#include <string.h>

#include "core/text.h"
#include "ui/ui_term.h"

#define CODE_SHIFT_STEP 8 /* columns the code moves sideways at each < or > */

void ui_page_init(struct ui_page *page, const struct lesson *lesson, int number)
{
	memset(page, 0, sizeof *page);
	page->lesson = lesson;
	page->number = number;
	page->status.focus = LESSON_NO_EXPERIMENT;
	page->reveal_experiment = LESSON_NO_EXPERIMENT;
}

void ui_page_free(struct ui_page *page)
{
	page_layout_free(&page->layout);
	page->layout_width = 0;
}

void ui_page_open(struct ui_page *page, size_t page_index)
{
	if (page_index >= page->lesson->page_count)
		page_index = page->lesson->page_count - 1;
	page->page_index = page_index;
	page->scroll = 0;
	page->code_shift = 0;
	page->layout_width = 0;
}

void ui_page_set_status(struct ui_page *page, const struct page_status *status)
{
	page->status = *status;
	page->layout_width = 0;
}

void ui_page_changed(struct ui_page *page)
{
	page->layout_width = 0;
}

static void build(struct ui_page *page, int width)
{
	page_layout_free(&page->layout);
	page_layout_build(&page->layout, page->lesson, page->number, page->page_index, width, &page->status);
	page->layout_width = width;
}

static attr_t style_of(enum page_style style)
{
	switch (style) {
	case PAGE_HEADING:
		return ui_term_style(UI_STYLE_HEADING) | A_UNDERLINE;
	case PAGE_CODE_HEADER:
		return ui_term_style(UI_STYLE_DIM);
	case PAGE_CODE:
		return ui_term_style(UI_STYLE_CODE);
	case PAGE_EXPERIMENT:
		return ui_term_style(UI_STYLE_GOOD);
	case PAGE_QUESTION:
		return ui_term_style(UI_STYLE_QUESTION);
	case PAGE_ANSWER:
		return ui_term_style(UI_STYLE_HEADING);
	case PAGE_BLANK:
	case PAGE_PROSE:
		break;
	}
	return ui_term_style(UI_STYLE_NORMAL);
}

static bool is_code(enum page_style style)
{
	return style == PAGE_CODE || style == PAGE_CODE_HEADER;
}

static void dim_mark(int y, int x, char mark)
{
	attron(ui_term_style(UI_STYLE_DIM));
	mvaddch(y, x, (chtype)mark);
	attroff(ui_term_style(UI_STYLE_DIM));
}

/* Prose from column x: its `code` spans in the code's style, the backticks left out. */
static void draw_spans(int y, int x, const struct page_cell *cell, int width)
{
	const char *text = cell->text;
	bool in_span = false;

	move(y, x);
	while (*text != '\0' && width > 0) {
		size_t length = strcspn(text, "`");
		int columns = text_columns_of(text, length);
		attr_t style = in_span ? ui_term_style(UI_STYLE_CODE) : style_of(cell->style);

		if (columns > width)
			length = text_bytes_of_columns(text, columns = width);
		attron(style);
		addnstr(text, (int)length);
		attroff(style);
		width -= columns;
		text += length;
		if (*text == '`') {
			in_span = !in_span;
			text++;
		}
	}
}

/*
 * One cell of text from column x. Code is shown from its column `shift`
 * on: a dim '<' says some is hidden on the left, a dim '>' that a line
 * goes on past the edge.
 */
static void draw_cell(int y, int x, const struct page_cell *cell, int width, int shift)
{
	const char *text;
	bool cut;

	if (cell->text == NULL || width <= 0)
		return;
	if (page_layout_has_spans(cell->style)) {
		draw_spans(y, x, cell, width);
		return;
	}
	text = cell->text;
	if (is_code(cell->style) && shift > 0 && width > 1) {
		text += text_bytes_of_columns(text, shift);
		dim_mark(y, x++, '<');
		width--;
	}
	cut = text_columns(text) > width;
	attron(style_of(cell->style));
	mvaddnstr(y, x, text, (int)text_bytes_of_columns(text, cut ? width - 1 : width));
	attroff(style_of(cell->style));
	if (cut)
		dim_mark(y, x + width - 1, '>');
}

/* The columns code has on this layout: the right column side by side, else the whole width. */
static int code_width(const struct ui_page *page)
{
	return page->layout.side_by_side ? page->layout_width - page->layout.right_column : page->layout_width;
}

/* How far code may move sideways: until its widest line ends on the screen. */
static int last_shift(const struct ui_page *page)
{
	int last = page->layout.code_columns - code_width(page) + 1;

	return last > 0 ? last : 0;
}

/* The first row of the experiment with the focus: highlighted across its column. */
static void draw_focus(int y, const struct page_cell *cell, int width)
{
	attron(ui_term_style(UI_STYLE_SELECTED));
	move(y, 0);
	for (int x = 0; x <= width && x < COLS; x++)
		addch(' ');
	if (cell->text != NULL)
		mvaddnstr(y, 1, cell->text, width);
	attroff(ui_term_style(UI_STYLE_SELECTED));
}

/* The row experiment e starts at in the layout, or -1: not on this page, or no layout (yet). */
static int experiment_row(const struct ui_page *page, int e)
{
	if (page->layout.experiment_row == NULL || e < 0 || (size_t)e >= page->lesson->experiment_count)
		return -1;
	return page->layout.experiment_row[e];
}

/* The row question `number` (from 1) starts at, or -1 likewise. */
static int question_row(const struct ui_page *page, int number)
{
	if (page->layout.question_row == NULL || number < 1 || (size_t)number > page->lesson->question_count)
		return -1;
	return page->layout.question_row[number - 1];
}

/* Scrolls so that `row` is in view, near the top, if it is not already. */
static void reveal_row(struct ui_page *page, int row)
{
	if (row < 0)
		return;
	if (row < page->scroll || row >= page->scroll + page->rows - 2)
		page->scroll = row > 2 ? row - 2 : 0;
}

/* The maximum scroll: the last row at the bottom of the band. */
static int last_scroll(const struct ui_page *page)
{
	int last = (int)page->layout.count - page->rows;

	return last > 0 ? last : 0;
}

/* One row of the layout at screen row y; the left column is narrow only where code stands beside it. */
static void draw_row(const struct ui_page *page, int y, size_t row, int width)
{
	const struct page_row *r = &page->layout.rows[row];
	int left_width = r->right.text != NULL ? page->layout.left_width : width;

	if (page->status.focus != LESSON_NO_EXPERIMENT && (int)row == experiment_row(page, page->status.focus))
		draw_focus(y, &r->left, left_width);
	else
		draw_cell(y, 1, &r->left, left_width, page->code_shift);
	if (r->right.text != NULL)
		draw_cell(y, 1 + page->layout.right_column, &r->right, width - page->layout.right_column,
		    page->code_shift);
}

void ui_page_draw(struct ui_page *page, int top, int rows)
{
	int width = COLS - 2; /* a margin of one column each side */

	if (page->layout_width != width)
		build(page, width);
	page->rows = rows;
	if (page->reveal_experiment != LESSON_NO_EXPERIMENT) {
		int row = experiment_row(page, page->reveal_experiment);

		if (row >= 0)
			page->scroll = row > 2 ? row - 2 : 0;
		page->reveal_experiment = LESSON_NO_EXPERIMENT;
	}
	if (page->reveal_question > 0)
		reveal_row(page, question_row(page, page->reveal_question));
	if (page->reveal_focus)
		reveal_row(page, experiment_row(page, page->status.focus));
	page->reveal_question = 0;
	page->reveal_focus = false;
	if (page->scroll > last_scroll(page))
		page->scroll = last_scroll(page);
	if (page->code_shift > last_shift(page))
		page->code_shift = last_shift(page);
	for (int i = 0; i < rows; i++) {
		size_t row = (size_t)(page->scroll + i);

		move(top + i, 0);
		clrtoeol();
		if (row < page->layout.count)
			draw_row(page, top + i, row, width);
	}
}

void ui_page_reveal_question(struct ui_page *page, int number)
{
	page->reveal_question = number;
}

void ui_page_reveal_focus(struct ui_page *page)
{
	page->reveal_focus = true;
}

void ui_page_reveal_experiment(struct ui_page *page, int e)
{
	page->reveal_experiment = e;
}

bool ui_page_at_end(const struct ui_page *page)
{
	return page->scroll >= last_scroll(page);
}

bool ui_page_code_cut(const struct ui_page *page)
{
	return page->layout_width > 0 && last_shift(page) > 0;
}

const struct lesson_code *ui_page_example(const struct ui_page *page)
{
	const struct page_example *chosen = NULL;

	for (size_t i = 0; i < page->layout.example_count; i++) {
		const struct page_example *example = &page->layout.examples[i];

		if (example->row >= page->scroll + page->rows)
			break;
		chosen = example; /* the last one begun above the bottom of the screen */
		if (example->row >= page->scroll)
			break;        /* ...or the first one whose header is in view */
	}
	if (chosen == NULL && page->layout.example_count > 0)
		chosen = &page->layout.examples[0];
	return chosen != NULL ? chosen->code : NULL;
}

/* < and >: the code sideways. */
static enum ui_reaction shift_code(struct ui_page *page, int columns)
{
	int before = page->code_shift;

	page->code_shift += columns;
	if (page->code_shift > last_shift(page))
		page->code_shift = last_shift(page);
	if (page->code_shift < 0)
		page->code_shift = 0;
	return page->code_shift != before ? UI_REACT_REDRAW : UI_REACT_NONE;
}

enum ui_reaction ui_page_key(struct ui_page *page, int key)
{
	int before = page->scroll, rows = page->rows > 1 ? page->rows : 1;

	if (key == '>')
		return shift_code(page, CODE_SHIFT_STEP);
	if (key == '<')
		return shift_code(page, -CODE_SHIFT_STEP);
	switch (key) {
	case 'j':
	case KEY_DOWN:
	case '\x0e': /* ^N */
		page->scroll++;
		break;
	case 'k':
	case KEY_UP:
	case '\x10': /* ^P */
		page->scroll--;
		break;
	case ' ':
	case 'f':
	case KEY_NPAGE:
		page->scroll += rows - 1;
		break;
	case 'b':
	case KEY_PPAGE:
		page->scroll -= rows - 1;
		break;
	case 'd':
		page->scroll += rows / 2;
		break;
	case 'u':
		page->scroll -= rows / 2;
		break;
	case 'g':
	case KEY_HOME:
		page->scroll = 0;
		break;
	case 'G':
	case KEY_END:
		page->scroll = last_scroll(page);
		break;
	default:
		return UI_REACT_NONE;
	}
	if (page->scroll > last_scroll(page))
		page->scroll = last_scroll(page);
	if (page->scroll < 0)
		page->scroll = 0;
	return page->scroll != before ? UI_REACT_REDRAW : UI_REACT_NONE;
}
