/*
 * ui_tutorial.c: the tutorial's menu, and the loop between it and the
 * lessons.
 *
 *     metaconc  Metaprogramming for concurrency and parallelism ...
 *       [x]  1  Concurrency versus parallelism      2 of 2 predictions right
 *     > [ ]  2  Dynamic thread spawning
 *       ...
 *     (the selected lesson's summary)
 *     Enter open  j/k move  f filter: all  x reset  ? help  q quit
 *
 * Every lesson is parsed when the menu opens (it takes milliseconds), so
 * a broken lesson file is shown as such instead of failing when opened.
 */
#include "ui/ui_tutorial.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/signals.h"
#include "core/text.h"
#include "course/lesson.h"
#include "ui/ui_fit.h"
#include "ui/ui_help.h"
#include "ui/ui_lesson.h"
#include "ui/ui_term.h"

#define POST_TITLE "Metaprogramming for concurrency and parallelism in Python"
#define MESSAGE_ROWS 3 /* a long message wraps over at most this many rows */

enum menu_filter {
	FILTER_ALL,
	FILTER_PENDING,
	FILTER_DONE,
};

struct menu_item {
	const struct catalog_entry *entry;
	struct lesson lesson;
	bool parsed;
	char error[512]; /* why it could not be parsed */
};

struct menu {
	const struct catalog *catalog;
	struct progress *progress;
	struct menu_item *items;
	size_t count;
	size_t selected;         /* an index into items */
	enum menu_filter filter;
	char message[600];
	bool help;
	bool confirm_reset;      /* asking "forget lesson N? y/n" */
};

static const char *const help_lines[] = {
	"Keys of the menu",
	"",
	"  Enter  l  Right   open the selected lesson",
	"  j k  Down Up      select the next, previous lesson",
	"  1-9               select lesson N",
	"  g  G              the first, last lesson",
	"  f                 show all lessons, only pending ones, only finished ones",
	"  x                 forget the selected lesson's progress (asks first)",
	"  q  Esc            quit",
	"  ?                 this help (any key closes it)",
	"",
	"In a lesson: n next page, p previous, Enter runs the experiment,",
	"? lists its keys. Your progress is saved as you go.",
};

static const struct progress_lesson *progress_of(const struct menu *menu, const struct menu_item *item)
{
	return menu->progress != NULL ? progress_find(menu->progress, item->entry->slug) : NULL;
}

static bool finished(const struct menu *menu, const struct menu_item *item)
{
	const struct progress_lesson *done = progress_of(menu, item);

	return done != NULL && done->finished;
}

static bool shown(const struct menu *menu, size_t i)
{
	bool done = finished(menu, &menu->items[i]);

	return menu->filter == FILTER_ALL || (menu->filter == FILTER_DONE) == done;
}

static bool menu_init(struct menu *menu, const struct catalog *catalog, struct progress *progress)
{
	memset(menu, 0, sizeof *menu);
	menu->catalog = catalog;
	menu->progress = progress;
	menu->count = catalog->count;
	menu->items = calloc(catalog->count + 1, sizeof *menu->items);
	if (menu->items == NULL)
		return false;
	for (size_t i = 0; i < catalog->count; i++) {
		struct menu_item *item = &menu->items[i];

		item->entry = &catalog->entries[i];
		item->parsed = lesson_parse_file(&item->lesson, item->entry->path, catalog->source_root, item->error,
		    sizeof item->error) == 0;
	}
	return true;
}

static void menu_free(struct menu *menu)
{
	for (size_t i = 0; i < menu->count; i++) {
		if (menu->items[i].parsed)
			lesson_free(&menu->items[i].lesson);
	}
	free(menu->items);
}

/* Moves the selection by `step` among the lessons shown; stays put if there is none that way. */
static void select_step(struct menu *menu, int step)
{
	for (long i = (long)menu->selected + step; i >= 0 && i < (long)menu->count; i += step) {
		if (shown(menu, (size_t)i)) {
			menu->selected = (size_t)i;
			return;
		}
	}
}

/* After the filter changed: keep the selection on a lesson that is shown, if any. */
static void select_shown(struct menu *menu)
{
	if (menu->count == 0 || shown(menu, menu->selected))
		return;
	select_step(menu, 1);
	if (!shown(menu, menu->selected))
		select_step(menu, -1);
}

/* ---- drawing ------------------------------------------------------------- */

static const char *filter_name(enum menu_filter filter)
{
	switch (filter) {
	case FILTER_PENDING:
		return "pending";
	case FILTER_DONE:
		return "finished";
	case FILTER_ALL:
		break;
	}
	return "all";
}

static void draw_item(const struct menu *menu, size_t i, int y)
{
	const struct menu_item *item = &menu->items[i];
	const struct progress_lesson *done = progress_of(menu, item);
	char line[512], right[64] = "";
	bool selected = i == menu->selected;
	attr_t attributes = selected ? ui_term_style(UI_STYLE_SELECTED) : A_NORMAL;

	snprintf(line, sizeof line, "%s [%c] %2d  %s", selected ? ">" : " ", finished(menu, item) ? 'x' : ' ',
	    item->entry->number, item->parsed ? item->lesson.title : "(this lesson cannot be read)");
	if (done != NULL && done->prediction_count > 0)
		snprintf(right, sizeof right, "%zu of %zu predictions right ", progress_right(done),
		    done->prediction_count);
	if (selected)
		ui_term_fill_row(y, attributes);
	attron(attributes);
	if (right[0] != '\0' && COLS > text_columns(line) + text_columns(right) + 4)
		mvaddstr(y, COLS - text_columns(right) - 1, right);
	else
		right[0] = '\0';
	ui_fit_line(y, 1, COLS - 2 - text_columns(right), line);
	attroff(attributes);
}

/* The selected lesson's summary (or why it cannot be read), wrapped at spaces, from row y. */
static void draw_summary(const struct menu *menu, int y, int rows)
{
	const struct menu_item *item = &menu->items[menu->selected];
	const char *text = item->parsed ? item->lesson.summary : item->error;
	int width = COLS - 4;

	attron(ui_term_style(item->parsed ? UI_STYLE_DIM : UI_STYLE_CRASH));
	for (int row = 0; row < rows && *text != '\0' && width > 10; row++) {
		int length = text_line_length(text, width);

		mvaddnstr(y + row, 2, text, length);
		text = text_skip_spaces(text + length);
	}
	attroff(ui_term_style(item->parsed ? UI_STYLE_DIM : UI_STYLE_CRASH));
}

static void draw_help(void)
{
	ui_help_draw(help_lines, sizeof help_lines / sizeof help_lines[0]);
}

/* " metaconc  lessons from "Metaprogramming ..."": the post's title is what stays. */
static void draw_title(void)
{
	struct text_piece pieces[] = {
		{ .text = "metaconc", .rank = 1 },
		{ .text = "lessons from \"" POST_TITLE "\"", .shorter = "\"" POST_TITLE "\"", .rank = 0 },
	};
	char title[256];

	text_fit(pieces, 2, "  ", COLS - 2);
	text_join(title, sizeof title, pieces, 2, "  ");
	ui_term_fill_row(0, ui_term_style(UI_STYLE_TITLE));
	attron(ui_term_style(UI_STYLE_TITLE));
	ui_fit_line(0, 1, COLS - 2, title);
	attroff(ui_term_style(UI_STYLE_TITLE));
}

/* "0 of 13 lessons finished   showing: all" */
static void draw_tally(const struct menu *menu, size_t done)
{
	char tally[64], showing[32];
	struct text_piece pieces[] = {
		{ .text = tally, .rank = 0 },
		{ .text = showing, .rank = 1 },
	};
	char line[128];

	snprintf(tally, sizeof tally, "%zu of %zu lessons finished", done, menu->count);
	snprintf(showing, sizeof showing, "showing: %s", filter_name(menu->filter));
	text_fit(pieces, 2, "   ", COLS - 2);
	text_join(line, sizeof line, pieces, 2, "   ");
	attron(ui_term_style(UI_STYLE_HEADING));
	ui_fit_line(1, 1, COLS - 2, line);
	attroff(ui_term_style(UI_STYLE_HEADING));
}

static void draw_keys(const struct menu *menu)
{
	char filter[32];
	struct text_piece keys[] = {
		{ .text = "Enter open", .rank = 1 },
		{ .text = "j/k move", .rank = 3 },
		{ .text = filter, .shorter = "f filter", .rank = 2 },
		{ .text = "x reset", .rank = 4 },
		{ .text = "? help", .rank = 0 },
		{ .text = "q quit", .rank = 0 },
	};

	snprintf(filter, sizeof filter, "f filter: %s", filter_name(menu->filter));
	ui_fit_keys(keys, (int)(sizeof keys / sizeof keys[0]));
}

/* The rows the message takes above the keys: one, or up to MESSAGE_ROWS for a long one. */
static int message_rows(const char *message)
{
	int rows = ui_fit_rows(message, COLS - 2, false);

	return rows < 1 ? 1 : rows > MESSAGE_ROWS ? MESSAGE_ROWS : rows;
}

static void draw(const struct menu *menu)
{
	size_t done = 0, listed = 0;
	int y = 3, message = message_rows(menu->message);

	erase();
	if (LINES < 8 || COLS < 40) {
		ui_fit_too_small("the menu", 40, 8);
		refresh();
		return;
	}
	for (size_t i = 0; i < menu->count; i++)
		done += finished(menu, &menu->items[i]);
	draw_title();
	draw_tally(menu, done);
	for (size_t i = 0; i < menu->count && y < LINES - 4 - message; i++) {
		if (!shown(menu, i))
			continue;
		draw_item(menu, i, y++);
		listed++;
	}
	if (listed == 0)
		ui_fit_wrap(y++, 3, 2, COLS - 4, menu->filter == FILTER_DONE ? "No lesson finished yet: f shows the others." :
		    "Every lesson is finished: f shows them.", false);
	else
		draw_summary(menu, y + 1, LINES - y - 3 - message);
	attron(ui_term_style(menu->confirm_reset ? UI_STYLE_QUESTION : UI_STYLE_HEADING));
	ui_fit_wrap(LINES - 1 - message, 1, message, COLS - 2, menu->message, false);
	attroff(ui_term_style(menu->confirm_reset ? UI_STYLE_QUESTION : UI_STYLE_HEADING));
	draw_keys(menu);
	if (menu->help)
		draw_help();
	refresh();
}

/* ---- acting ----------------------------------------------------------------- */

static void save(struct menu *menu)
{
	char why[512];

	if (menu->progress != NULL && progress_save(menu->progress, why, sizeof why) != 0)
		snprintf(menu->message, sizeof menu->message, "Your progress was not saved: %s", why);
}

/* Opens lesson i; returns true if a signal stopped it. */
static bool open_lesson(struct menu *menu, size_t i)
{
	struct menu_item *item = &menu->items[i];
	struct ui_lesson_place place = {
		.lesson = &item->lesson,
		.slug = item->entry->slug,
		.number = item->entry->number,
		.course_size = menu->count,
		.progress = menu->progress,
	};

	if (!item->parsed) {
		snprintf(menu->message, sizeof menu->message, "%s", item->error);
		return false;
	}
	switch (ui_lesson_show(&place, menu->message, sizeof menu->message)) {
	case UI_LESSON_INTERRUPTED:
		return true;
	case UI_LESSON_FINISHED:
		if (menu->progress != NULL && progress_mark_finished(menu->progress, item->entry->slug) == 0)
			snprintf(menu->message, sizeof menu->message, "Lesson %d finished.", item->entry->number);
		save(menu);
		if (i + 1 < menu->count)
			menu->selected = i + 1; /* selected, not opened: moving on is the learner's choice */
		break;
	case UI_LESSON_UNFINISHED:
	case UI_LESSON_BACK:
		break;
	}
	select_shown(menu);
	return false;
}

static void reset_selected(struct menu *menu)
{
	const struct menu_item *item = &menu->items[menu->selected];

	if (menu->progress == NULL) {
		snprintf(menu->message, sizeof menu->message, "Progress is not kept this time: nothing to reset.");
		return;
	}
	progress_reset(menu->progress, item->entry->slug);
	snprintf(menu->message, sizeof menu->message, "Forgot your progress in lesson %d.", item->entry->number);
	save(menu);
	select_shown(menu);
}

/* Acts on one key; true when the learner quits (or a lesson was interrupted). */
static bool handle_key(struct menu *menu, int key)
{
	if (key == KEY_RESIZE || key == ERR)
		return false;
	if (menu->help) {
		menu->help = false;
		return false;
	}
	if (menu->confirm_reset) {
		menu->confirm_reset = false;
		menu->message[0] = '\0';
		if (key == 'y' || key == 'Y')
			reset_selected(menu);
		return false;
	}
	menu->message[0] = '\0';
	if (key == 'q' || key == 27)
		return true;
	if (menu->count == 0)
		return false;
	if (key == 'j' || key == KEY_DOWN) {
		select_step(menu, 1);
	} else if (key == 'k' || key == KEY_UP) {
		select_step(menu, -1);
	} else if (key == 'g' || key == KEY_HOME) {
		menu->selected = 0;
		select_shown(menu);
	} else if (key == 'G' || key == KEY_END) {
		menu->selected = menu->count - 1;
		select_shown(menu);
	} else if (key >= '1' && key <= '9') {
		for (size_t i = 0; i < menu->count; i++) {
			if (menu->items[i].entry->number == key - '0') {
				menu->filter = FILTER_ALL;
				menu->selected = i;
			}
		}
	} else if (key == 'f') {
		menu->filter = (enum menu_filter)((menu->filter + 1) % 3);
		select_shown(menu);
	} else if (key == 'x') {
		menu->confirm_reset = true;
		snprintf(menu->message, sizeof menu->message, "Forget your progress in lesson %d? y/n",
		    menu->items[menu->selected].entry->number);
	} else if (key == '?') {
		menu->help = true;
	} else if ((key == '\n' || key == '\r' || key == KEY_ENTER || key == 'l' || key == KEY_RIGHT) &&
	    shown(menu, menu->selected)) {
		return open_lesson(menu, menu->selected);
	}
	return false;
}

enum ui_tutorial_result ui_tutorial_run(const struct catalog *catalog, int start, struct progress *progress,
    int *interrupted_by, char *why, size_t why_size)
{
	struct menu menu;
	bool quit = false;

	*interrupted_by = 0;
	if (!menu_init(&menu, catalog, progress)) {
		snprintf(why, why_size, "out of memory");
		return UI_TUTORIAL_NO_TERMINAL;
	}
	if (ui_term_start(why, why_size) != 0) {
		menu_free(&menu);
		return UI_TUTORIAL_NO_TERMINAL;
	}
	if (progress == NULL)
		snprintf(menu.message, sizeof menu.message, "Your progress cannot be read, so it is not kept this time.");
	if (start >= 0 && (size_t)start < menu.count) {
		menu.selected = (size_t)start;
		quit = open_lesson(&menu, (size_t)start);
	}
	while (!quit && signals_caught() == 0) {
		int key;

		draw(&menu);
		ui_term_wait(-1);
		while (!quit && signals_caught() == 0 && (key = ui_term_key()) != ERR)
			quit = handle_key(&menu, key);
	}
	*interrupted_by = signals_caught();
	ui_term_stop();
	menu_free(&menu);
	return UI_TUTORIAL_DONE;
}
