/*
 * ui_lesson.c: the lesson screen of the tutorial.
 *
 *     row 0            the title bar: lesson, page k of n
 *     rows 1..         the page (ui_page.c), scrolled like less
 *     row LINES-2      a message: what just happened, or a prompt (a long
 *                      one wraps over up to three rows, the page gives way)
 *     row LINES-1      the keys that matter here, fitted (ui_fit.c): `? help`
 *                      and `q menu` always among them
 *
 * One experiment of the page has the focus (the first not run yet). Enter
 * runs it: first the learner is asked for the predictions this run answers
 * (lesson_flow.c), then the run animates in the timeline view (ui_run.c)
 * until the learner quits the view, and back on the page its measurement
 * and the answers appear under the experiment, and the focus moves on to
 * the next experiment (it stays on a run other programs disturbed, to be run
 * again). Predictions measured are recorded in the progress file at once.
 */
#include "ui/ui_lesson.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/signals.h"
#include "core/text.h"
#include "course/example_file.h"
#include "course/lesson_flow.h"
#include "course/lesson_text.h"
#include "course/question.h"
#include "engine/cost.h"
#include "engine/snippet.h"
#include "model/outcome.h"
#include "model/stats.h"
#include "render/wording.h"
#include "ui/ui_fit.h"
#include "ui/ui_help.h"
#include "ui/ui_page.h"
#include "ui/ui_run.h"
#include "ui/ui_term.h"

#define NOTE_SIZE 512
#define SNIPPET_NOTE_SIZE 2048 /* what a snippet printed, shown under it */
#define MESSAGE_ROWS 3         /* a long message wraps over at most this many rows */

struct screen {
	const struct ui_lesson_place *place;
	const struct lesson *lesson;
	struct ui_page page;
	/* by question */
	struct question_answer *answers;
	struct question_value *values;
	bool *measured;
	bool *predicted; /* answers[i].given, as lesson_flow_finished() takes it */
	/* by experiment */
	struct question_measurement *measurements;
	char **notes;
	bool *ran;
	bool *failed;
	bool *ran_well;  /* ran, and did not fail */
	char message[600];
	bool help;
};

static const char *const help_lines[] = {
	"Keys of a lesson",
	"",
	"  n  l  Right     next page (past the last page: back to the menu)",
	"  p  h  Left      previous page",
	"  Enter  r        run the highlighted experiment (you predict first)",
	"  Tab             highlight the next experiment of the page",
	"  j k  Down Up    scroll a line",
	"  space  b        scroll a screen down, up (also PgDn, PgUp)",
	"  d  u            half a screen down, up",
	"  g  G            top, bottom of the page",
	"  <  >            scroll the code sideways (a cut line ends in >)",
	"  w               write the Python example in view to NAME.py here",
	"  q  Esc          back to the menu",
	"  ?               this help (any key closes it)",
	"",
	"In the timeline: ? for its keys, q to come back to the page.",
};

static bool is_enter(int key)
{
	return key == '\n' || key == '\r' || key == KEY_ENTER;
}

static bool screen_init(struct screen *s, const struct ui_lesson_place *place)
{
	size_t questions = place->lesson->question_count + 1, experiments = place->lesson->experiment_count + 1;

	memset(s, 0, sizeof *s);
	s->place = place;
	s->lesson = place->lesson;
	s->answers = calloc(questions, sizeof *s->answers);
	s->values = calloc(questions, sizeof *s->values);
	s->measured = calloc(questions, sizeof *s->measured);
	s->predicted = calloc(questions, sizeof *s->predicted);
	s->measurements = calloc(experiments, sizeof *s->measurements);
	s->notes = calloc(experiments, sizeof *s->notes);
	s->ran = calloc(experiments, sizeof *s->ran);
	s->failed = calloc(experiments, sizeof *s->failed);
	s->ran_well = calloc(experiments, sizeof *s->ran_well);
	ui_page_init(&s->page, s->lesson, place->number);
	return s->answers && s->values && s->measured && s->predicted && s->measurements && s->notes && s->ran && s->failed &&
	    s->ran_well;
}

static void screen_free(struct screen *s)
{
	for (size_t i = 0; s->notes != NULL && i < s->lesson->experiment_count; i++)
		free(s->notes[i]);
	free(s->answers);
	free(s->values);
	free(s->measured);
	free(s->predicted);
	free(s->measurements);
	free(s->notes);
	free(s->ran);
	free(s->failed);
	free(s->ran_well);
	ui_page_free(&s->page);
}

/* The experiments of the current page, by index: [*first, *last]; false if it has none. */
static bool page_experiments(const struct screen *s, int *first, int *last)
{
	const struct lesson_page *page = &s->lesson->pages[s->page.page_index];

	*first = *last = LESSON_NO_EXPERIMENT;
	for (size_t k = 0; k < page->block_count; k++) {
		if (page->blocks[k].kind != LESSON_EXPERIMENT)
			continue;
		if (*first == LESSON_NO_EXPERIMENT)
			*first = page->blocks[k].experiment.index;
		*last = page->blocks[k].experiment.index;
	}
	return *first != LESSON_NO_EXPERIMENT;
}

/* Gives the focus to the page's first experiment not run yet, else its first. */
static void focus_first(struct screen *s)
{
	int first, last;

	s->page.status.focus = LESSON_NO_EXPERIMENT;
	if (!page_experiments(s, &first, &last))
		return;
	s->page.status.focus = first;
	for (int e = first; e <= last; e++) {
		if (!s->ran[e]) {
			s->page.status.focus = e;
			return;
		}
	}
}

static void show_status(struct screen *s)
{
	struct page_status status = {
		.answers = s->answers,
		.values = s->values,
		.measured = s->measured,
		.notes = s->notes,
		.measurements = s->measurements,
		.focus = s->page.status.focus,
	};

	ui_page_set_status(&s->page, &status);
}

static void open_page(struct screen *s, size_t index)
{
	ui_page_open(&s->page, index);
	focus_first(s);
	show_status(s);
}

/* ---- drawing ------------------------------------------------------------- */

/* " metaconc  Lesson 5 of 13: The GIL ... page 3 of 5": what gives way first is "metaconc", then "Lesson 5 of 13". */
static void draw_title(const struct screen *s)
{
	char lesson[32], page[32], left[512];
	struct text_piece pieces[] = {
		{ .text = "metaconc", .rank = 3 },
		{ .text = lesson, .shorter = lesson + strlen("Lesson "), .rank = 2, .glue = "  " },
		{ .text = s->lesson->title, .rank = 0, .glue = ": " },
	};
	int right, room;

	snprintf(lesson, sizeof lesson, "Lesson %d of %zu", s->place->number, s->place->course_size);
	snprintf(page, sizeof page, "page %zu of %zu", s->page.page_index + 1, s->lesson->page_count);
	right = COLS - 1 - text_columns(page);
	room = right - 3; /* a space before, two between */
	text_fit(pieces, 3, "  ", room);
	text_join(left, sizeof left, pieces, 3, "  ");
	ui_term_fill_row(0, ui_term_style(UI_STYLE_TITLE));
	attron(ui_term_style(UI_STYLE_TITLE));
	ui_fit_line(0, 1, room, left);
	if (right > 0)
		mvaddstr(0, right, page);
	attroff(ui_term_style(UI_STYLE_TITLE));
}

static void draw_keys(const struct screen *s)
{
	bool last_page = s->page.page_index + 1 == s->lesson->page_count;
	bool focus = s->page.status.focus != LESSON_NO_EXPERIMENT;
	const struct lesson_code *example = ui_page_example(&s->page);
	char write[64] = "";
	struct text_piece keys[] = {
		{ .text = last_page ? "n end of lesson" : "n next page", .shorter = last_page ? "n end" : "n next", .rank = 2 },
		{ .text = "p previous", .shorter = "p prev", .rank = 3 },
		{ .text = focus ? "Enter run the highlighted experiment" : NULL, .shorter = "Enter run", .rank = 1 },
		{ .text = ui_page_at_end(&s->page) ? "j/k scroll" : "j/k scroll (more below: space)", .shorter = "j/k scroll",
		  .rank = 5 },
		{ .text = ui_page_code_cut(&s->page) ? "</> code sideways" : NULL, .shorter = "</> code", .rank = 2 },
		{ .text = example != NULL ? write : NULL, .shorter = "w write", .rank = 4 },
		{ .text = "? help", .rank = 0 },
		{ .text = "q menu", .rank = 0 },
	};

	if (example != NULL) {
		char name[48];

		example_file_name(example, name, sizeof name);
		snprintf(write, sizeof write, "w write %s", name);
	}
	ui_fit_keys(keys, (int)(sizeof keys / sizeof keys[0]));
}

/* The rows a message takes above the keys: one, or up to MESSAGE_ROWS for a long one. */
static int message_rows(const char *message)
{
	int rows = ui_fit_rows(message, COLS - 2, false);

	return rows < 1 ? 1 : rows > MESSAGE_ROWS ? MESSAGE_ROWS : rows;
}

/* The message just above the keys, wrapped at words. */
static void draw_message(const char *message, enum ui_style style)
{
	int rows = message_rows(message);

	for (int i = 0; i < rows; i++) {
		move(LINES - 1 - rows + i, 0);
		clrtoeol();
	}
	attron(ui_term_style(style));
	ui_fit_wrap(LINES - 1 - rows, 1, rows, COLS - 2, message, false);
	attroff(ui_term_style(style));
}

static void draw_help(void)
{
	ui_help_draw(help_lines, sizeof help_lines / sizeof help_lines[0]);
}

static void draw(struct screen *s)
{
	erase();
	if (LINES < 8 || COLS < 40) {
		ui_fit_too_small("a lesson", 40, 8);
		refresh();
		return;
	}
	draw_title(s);
	ui_page_draw(&s->page, 1, LINES - 2 - message_rows(s->message));
	draw_message(s->message, UI_STYLE_HEADING);
	draw_keys(s);
	if (s->help)
		draw_help();
	refresh();
}

/* ---- predictions ----------------------------------------------------------- */

/*
 * Reads one line at the message row, after `prompt`. Returns true with
 * the text, false if the learner pressed Esc or a signal came.
 */
static bool read_line(struct screen *s, const char *prompt, char *text, size_t size)
{
	size_t length = 0;

	text[0] = '\0';
	for (;;) {
		char shown[512];
		int key;

		snprintf(shown, sizeof shown, "%s %s_", prompt, text);
		draw_message(shown, UI_STYLE_QUESTION);
		refresh();
		ui_term_wait(-1);
		if (signals_caught() != 0)
			return false;
		while ((key = ui_term_key()) != ERR) {
			if (key == 27)
				return false;
			if (is_enter(key))
				return true;
			if ((key == KEY_BACKSPACE || key == 127 || key == '\b') && length > 0)
				text[--length] = '\0';
			else if (key == KEY_RESIZE)
				draw(s);
			else if (key >= 32 && key < 127 && length + 1 < size) {
				text[length++] = (char)key;
				text[length] = '\0';
			}
		}
	}
}

/* Asks for one prediction until it reads; Esc leaves it unmade. */
static void ask(struct screen *s, const struct lesson_question *question)
{
	char prompt[400], text[QUESTION_TEXT_MAX], why[256];

	ui_page_reveal_question(&s->page, question->number);
	draw(s);
	if (question->quantity == LESSON_OUTPUT)
		snprintf(prompt, sizeof prompt, "Prediction %d: what will it print (Enter; Esc: none)?", question->number);
	else if (question->choice_count > 0)
		snprintf(prompt, sizeof prompt, "Prediction %d: your answer, a to %c (Enter; Esc: none)?",
		    question->number, 'a' + (int)question->choice_count - 1);
	else
		snprintf(prompt, sizeof prompt, "Prediction %d: your number for %s (Enter; Esc: none)?",
		    question->number, question_quantity_name(question));
	while (read_line(s, prompt, text, sizeof text)) {
		if (question_parse_answer(question, text, &s->answers[question->number - 1], why, sizeof why) == 0)
			return;
		snprintf(prompt, sizeof prompt, "%s. Prediction %d (Enter; Esc: none)?", why, question->number);
	}
}

/*
 * Before experiment `e` runs: the predictions this run answers that are not
 * made yet (one left unmade with Esc is asked again at the next run: the
 * lesson is not finished without it). A prediction that needs another run
 * too waits for that one.
 */
static void ask_before(struct screen *s, int e)
{
	for (size_t i = 0; i < s->lesson->question_count; i++) {
		const struct lesson_question *question = s->lesson->questions[i];

		if (s->answers[i].given || !lesson_flow_answers(question, e, s->ran_well))
			continue;
		ask(s, question);
		if (signals_caught() != 0)
			return;
	}
	show_status(s);
}

/* Records a measured prediction in the progress file at once. */
static void record_prediction(struct screen *s, const struct lesson_question *question)
{
	const struct question_answer *answer = &s->answers[question->number - 1];
	char why[512];

	if (s->place->progress == NULL || !answer->given)
		return;
	if (question_record(s->place->progress, s->place->slug, question, answer,
	    &s->values[question->number - 1]) != 0)
		snprintf(s->message, sizeof s->message, "Your prediction was not saved: out of memory");
	else if (progress_save(s->place->progress, why, sizeof why) != 0)
		snprintf(s->message, sizeof s->message, "Your prediction was not saved: %s", why);
}

/*
 * Every question that experiment e's measurement answers, answered from it:
 * after a re-run, the answers (and the saved grades) are the new run's, all
 * of them. A run other programs disturbed is shown, but graded nowhere.
 */
static bool answer_questions(struct screen *s, int e)
{
	int answered = 0, right = 0;
	char disturbance[64] = "";

	for (size_t i = 0; i < s->lesson->question_count; i++) {
		const struct lesson_question *question = s->lesson->questions[i];

		if ((question->experiment != e && question->other != e) || s->failed[e] ||
		    !question_value(question, s->measurements, &s->values[i]))
			continue;
		s->measured[i] = true;
		if (question_disturbed(question, s->measurements, disturbance, sizeof disturbance))
			continue;
		answered++;
		if (s->answers[i].given && question_is_right(question, &s->answers[i], &s->values[i]))
			right++;
		record_prediction(s, question);
	}
	if (disturbance[0] != '\0' && s->message[0] == '\0')
		snprintf(s->message, sizeof s->message, "This run was disturbed by other programs (%s): run it again "
		    "(Enter)? It is not graded.", disturbance);
	else if (answered > 0 && s->message[0] == '\0')
		snprintf(s->message, sizeof s->message, "%d prediction%s answered below the experiment (%d right).",
		    answered, answered == 1 ? "" : "s", right);
	return disturbance[0] != '\0';
}

/* ---- experiments ----------------------------------------------------------- */

static void set_note(struct screen *s, int e, const char *note)
{
	free(s->notes[e]);
	s->notes[e] = strdup(note);
}

/* Appends to the note being written at *used; nothing once it is full. */
__attribute__((format(printf, 4, 5)))
static void note_add(char *note, size_t size, int *used, const char *format, ...)
{
	va_list args;
	int n;

	if (*used < 0 || (size_t)*used >= size)
		return;
	va_start(args, format);
	n = vsnprintf(note + *used, size - (size_t)*used, format, args);
	va_end(args);
	*used = n < 0 ? -1 : *used + n;
}

/* One line of the note: "wall 2.03 s, 1.98 CPUs busy, 1.97x as fast as sequential, 17 lost updates" */
static void outcome_note(char *note, size_t size, int *used, const struct outcome *run,
    const struct outcome *baseline)
{
	char wall[32];

	wording_duration(wall, sizeof wall, run->stats.wall_ns);
	note_add(note, size, used, "wall %s, %.2f CPUs busy", wall, stats_parallelism(&run->stats));
	if (baseline != NULL && run->stats.wall_ns > 0)
		note_add(note, size, used, ", %.2fx as fast as sequential%s",
		    (double)baseline->stats.wall_ns / (double)run->stats.wall_ns, run->is_python ? " Python" : "");
	if (run->spec != NULL && run->spec->technique == TECHNIQUE_RACE && run->report != NULL)
		note_add(note, size, used, ", %llu lost updates", (unsigned long long)outcome_lost_updates(run));
}

/*
 * "measured in C: wall 2.03 s, 1.98 CPUs busy, 1.97x as fast as sequential"
 * and, with --python, a second line for the run in Python.
 */
static void run_note(char *note, size_t size, const struct outcome_set *set, bool expect_failure)
{
	int used = 0;

	note[0] = '\0';
	note_add(note, size, &used, "measured in C: ");
	outcome_note(note, size, &used, &set->run, set->has_baseline ? &set->baseline : NULL);
	if (set->has_vs)
		note_add(note, size, &used, ", %.2fx as fast as the run it is compared with", outcome_vs_ratio(set));
	if (outcome_failed(&set->run))
		note_add(note, size, &used, "; a worker failed%s", expect_failure ? ", as this experiment means to show" : "");
	if (set->has_python) {
		note_add(note, size, &used, "\nmeasured in Python %s: ", set->python.python.version);
		outcome_note(note, size, &used, &set->python, set->has_python_baseline ? &set->python_baseline : NULL);
		if (outcome_failed(&set->python))
			note_add(note, size, &used, "; the Python run failed");
	}
}

static void run_technique(struct screen *s, const struct lesson_experiment *experiment)
{
	struct run_set set;
	char why[256], note[NOTE_SIZE];
	int e = experiment->index;

	if (ui_run_in_view(&set, &experiment->options, "q: back to the lesson", why, sizeof why) != 0) {
		snprintf(s->message, sizeof s->message, "The experiment could not start: %s", why);
	} else if (set.outcomes.interrupted_by != 0 || set.stopped || !set.has_outcomes) {
		snprintf(s->message, sizeof s->message, "The experiment was stopped before its end: Enter runs it again.");
	} else {
		run_note(note, sizeof note, &set.outcomes, experiment->expect_failure);
		set_note(s, e, note);
		question_measure_run(&s->measurements[e], &set.outcomes);
		s->ran[e] = true;
		s->failed[e] = outcome_set_failed(&set.outcomes) && !experiment->expect_failure;
	}
	runner_free(&set);
}

static void measure_cost(struct screen *s, const struct lesson_experiment *experiment)
{
	enum cost_kind kind = experiment->kind == LESSON_THREAD_START ? COST_THREAD : COST_PROCESS;
	struct cost_result result;
	char why[256], note[NOTE_SIZE], median[32], fastest[32];
	int e = experiment->index;

	draw_message("Measuring...", UI_STYLE_HEADING);
	refresh();
	if (cost_measure(kind, experiment->count, &result, why, sizeof why) != 0) {
		snprintf(s->message, sizeof s->message, "The measurement failed: %s", why);
		return;
	}
	wording_duration(median, sizeof median, result.median_ns);
	wording_duration(fastest, sizeof fastest, result.fastest_ns);
	snprintf(note, sizeof note, "measured in C: %s each to start and end a %s (the median of %d; the fastest %s)",
	    median, cost_noun(kind), result.count, fastest);
	set_note(s, e, note);
	question_measure_cost(&s->measurements[e], &result);
	s->ran[e] = true;
}

/* The note under a snippet: what python3 printed, line by line, and how it ended if not well. */
static void snippet_note(char *note, size_t size, const struct snippet_result *result)
{
	FILE *stream = fmemopen(note, size, "w");

	if (stream == NULL) {
		snprintf(note, size, "python3 ran it");
		return;
	}
	lesson_text_snippet(stream, result);
	fclose(stream);
	note[size - 1] = '\0';
}

static void run_snippet(struct screen *s, const struct lesson_experiment *experiment)
{
	struct snippet_result *result = malloc(sizeof *result);
	char why[256], note[SNIPPET_NOTE_SIZE];
	int e = experiment->index;

	if (result == NULL) {
		snprintf(s->message, sizeof s->message, "Out of memory.");
		return;
	}
	draw_message("python3 is running the snippet...", UI_STYLE_HEADING);
	refresh();
	if (snippet_run(experiment->code, result, why, sizeof why) != 0) {
		snprintf(s->message, sizeof s->message, "The snippet could not run: %s", why);
	} else if (result->interrupted_by != 0) {
		snprintf(s->message, sizeof s->message, "The snippet was stopped before its end: Enter runs it again.");
	} else {
		snippet_note(note, sizeof note, result);
		set_note(s, e, note);
		question_measure_snippet(&s->measurements[e], result);
		s->ran[e] = true;
		s->failed[e] = !snippet_finished(result);
	}
	free(result);
}

static void run_focus(struct screen *s)
{
	int e = s->page.status.focus;
	const struct lesson_experiment *experiment;

	if (e == LESSON_NO_EXPERIMENT) {
		int first, last;

		snprintf(s->message, sizeof s->message, page_experiments(s, &first, &last) ?
		    "Every experiment of this page has run: Tab picks one to run again, n goes on." :
		    "This page has no experiment.");
		return;
	}
	experiment = s->lesson->experiments[e];
	s->message[0] = '\0';
	ask_before(s, e);
	if (signals_caught() != 0)
		return;
	if (experiment->kind == LESSON_RUN)
		run_technique(s, experiment);
	else if (experiment->kind == LESSON_SNIPPET)
		run_snippet(s, experiment);
	else
		measure_cost(s, experiment);
	s->ran_well[e] = s->ran[e] && !s->failed[e];
	/* On to the next experiment, unless this one is to be run again: it failed, stopped, or was disturbed. */
	if (s->ran[e] && !answer_questions(s, e) && s->ran_well[e])
		s->page.status.focus = lesson_flow_next(s->lesson, s->page.page_index, e, s->ran_well);
	show_status(s);
	ui_page_reveal_experiment(&s->page, e);
}

/* w: the Python example in view, whole, to NAME.py in the current directory; a file there is replaced only if the learner says so. */
static void write_example(struct screen *s)
{
	const struct lesson_code *code = ui_page_example(&s->page);
	char name[64], prompt[160], answer[8], why[256], here[4096], shown[64];

	if (code == NULL) {
		snprintf(s->message, sizeof s->message, "This page has no Python example that runs as it is.");
		return;
	}
	example_file_name(code, name, sizeof name);
	if (example_file_exists(name)) {
		snprintf(prompt, sizeof prompt, "%s is already here: replace it (y, then Enter)?", name);
		if (!read_line(s, prompt, answer, sizeof answer) || (answer[0] != 'y' && answer[0] != 'Y')) {
			snprintf(s->message, sizeof s->message, "%s left as it was.", name);
			return;
		}
	}
	if (example_file_write(code, name, why, sizeof why) != 0) {
		snprintf(s->message, sizeof s->message, "%s was not written: %s", name, why);
		return;
	}
	text_elide(shown, sizeof shown, getcwd(here, sizeof here) != NULL ? here : ".", 40);
	snprintf(s->message, sizeof s->message, "Wrote %s in %s: python3 %s runs it.", name, shown, name);
}

static void focus_next(struct screen *s)
{
	int first, last;

	if (!page_experiments(s, &first, &last))
		return;
	s->page.status.focus = s->page.status.focus == LESSON_NO_EXPERIMENT || s->page.status.focus >= last ? first :
	    s->page.status.focus + 1;
	show_status(s);
	ui_page_reveal_focus(&s->page);
}

/* Whether the lesson is finished so far (lesson_flow.h); if not, why. */
static bool finished(struct screen *s, char *why, size_t why_size)
{
	for (size_t i = 0; i < s->lesson->question_count; i++)
		s->predicted[i] = s->answers[i].given;
	return lesson_flow_finished(s->lesson, s->ran_well, s->predicted, why, why_size);
}

/* Past the last page: finished if every experiment ran well and every prediction was made. */
static enum ui_lesson_end leave_at_end(struct screen *s, char *message, size_t message_size)
{
	char why[400];

	if (finished(s, why, sizeof why))
		return UI_LESSON_FINISHED;
	snprintf(message, message_size, "Lesson %d is not marked finished: %s.", s->place->number, why);
	return UI_LESSON_UNFINISHED;
}

/* On the last page, before the learner leaves it: what the lesson still misses, if anything. */
static void warn_at_last_page(struct screen *s)
{
	char why[400];

	if (s->page.page_index + 1 == s->lesson->page_count && !finished(s, why, sizeof why))
		snprintf(s->message, sizeof s->message, "Not finished yet: %s.", why);
}

/* Acts on one key; true when the learner leaves the lesson (*end says how). */
static bool handle_key(struct screen *s, int key, enum ui_lesson_end *end, char *message, size_t message_size)
{
	if (key == KEY_RESIZE)
		return false;
	if (s->help) {
		s->help = false;
		return false;
	}
	if (ui_page_key(&s->page, key) != UI_REACT_NONE)
		return false;
	s->message[0] = '\0';
	if (key == 'q' || key == 27) {
		*end = UI_LESSON_BACK;
		return true;
	}
	if (key == '?') {
		s->help = true;
	} else if (key == 'n' || key == 'l' || key == KEY_RIGHT) {
		if (s->page.page_index + 1 == s->lesson->page_count) {
			*end = leave_at_end(s, message, message_size);
			return true;
		}
		open_page(s, s->page.page_index + 1);
		warn_at_last_page(s);
	} else if (key == 'p' || key == 'h' || key == KEY_LEFT) {
		if (s->page.page_index > 0)
			open_page(s, s->page.page_index - 1);
		else
			snprintf(s->message, sizeof s->message, "This is the first page.");
	} else if (is_enter(key) || key == 'r') {
		run_focus(s);
	} else if (key == '\t') {
		focus_next(s);
	} else if (key == 'w') {
		write_example(s);
	}
	return false;
}

enum ui_lesson_end ui_lesson_show(const struct ui_lesson_place *place, char *message, size_t message_size)
{
	struct screen s;
	enum ui_lesson_end end = UI_LESSON_BACK;
	bool leaving = false;

	message[0] = '\0';
	if (!screen_init(&s, place)) {
		screen_free(&s);
		snprintf(message, message_size, "Out of memory.");
		return UI_LESSON_BACK;
	}
	open_page(&s, 0);
	while (!leaving) {
		int key;

		draw(&s);
		ui_term_wait(-1);
		while (!leaving && signals_caught() == 0 && (key = ui_term_key()) != ERR)
			leaving = handle_key(&s, key, &end, message, message_size);
		if (signals_caught() != 0) {
			end = UI_LESSON_INTERRUPTED;
			leaving = true;
		}
	}
	screen_free(&s);
	return end;
}
