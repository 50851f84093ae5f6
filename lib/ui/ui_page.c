/*
 * ui_page.c: draws a lesson page's layout in a band of the screen and
 * scrolls it. The layout is rebuilt lazily, on the next draw after the
 * width or the status changed, so a resize costs one layout, not one per
 * key.
 */
#include "ui/ui_page.h"

#include <curses.h>
#include <string.h>

#include "ui/ui_term.h"

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

/* Columns a UTF-8 string takes (one per character: lessons use no wide ones). */
static int text_columns(const char *text)
{
	int n = 0;

	for (; *text != '\0'; text++)
		n += ((unsigned char)*text & 0xc0) != 0x80;
	return n;
}

/* The byte length of the first `columns` characters of text. */
static int bytes_of_columns(const char *text, int columns)
{
	int i = 0;

	for (int seen = 0; text[i] != '\0'; i++) {
		if (((unsigned char)text[i] & 0xc0) != 0x80 && seen++ == columns)
			break;
	}
	return i;
}

/* One cell of text from column x; a line too long for the screen ends in a dim '>'. */
static void draw_cell(int y, int x, const struct page_cell *cell, int width)
{
	bool cut;

	if (cell->text == NULL || width <= 0)
		return;
	cut = text_columns(cell->text) > width;
	attron(style_of(cell->style));
	mvaddnstr(y, x, cell->text, bytes_of_columns(cell->text, cut ? width - 1 : width));
	attroff(style_of(cell->style));
	if (cut) {
		attron(ui_term_style(UI_STYLE_DIM));
		mvaddch(y, x + width - 1, '>');
		attroff(ui_term_style(UI_STYLE_DIM));
	}
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
		draw_cell(y, 1, &r->left, left_width);
	if (r->right.text != NULL)
		draw_cell(y, 1 + page->layout.right_column, &r->right, width - page->layout.right_column);
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

enum ui_reaction ui_page_key(struct ui_page *page, int key)
{
	int before = page->scroll, rows = page->rows > 1 ? page->rows : 1;

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
