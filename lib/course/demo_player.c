/*
 * demo_player.c: a demo script, played as a transcript.
 *
 * What a room would have seen, in print: the title, each chapter as a
 * heading, captions as ">> text", lesson pages as `learn --plain` prints
 * them (prose and code; the lesson's own experiments and questions are the
 * tutorial's business), and every `run` executed for real through
 * runner_execute() and drawn by render_plain(). Time is real too: `wait 2s`
 * sleeps two seconds (divided by --speed). `wait end` costs nothing, since
 * a printed run has ended before the next line; `key` and `pause` belong
 * to the screen and are left out.
 */
#include "course/demo_player.h"

#include <poll.h>
#include <string.h>

#include "core/clock.h"
#include "core/signals.h"
#include "course/lesson_text.h"
#include "engine/runner.h"
#include "render/render_plain.h"

void demo_player_sleep(uint64_t ns, double speed)
{
	uint64_t end = clock_now_ns() + (uint64_t)((double)ns / speed);

	while (signals_caught() == 0) {
		uint64_t now = clock_now_ns();
		struct pollfd fd = { .fd = signals_fd(), .events = POLLIN };

		if (now >= end)
			break;
		poll(&fd, fd.fd >= 0 ? 1 : 0, (int)((end - now + 999999) / 1000000));
	}
}

static void underline(FILE *out, const char *text, char rule)
{
	size_t length = strlen(text);

	fprintf(out, "%s\n", text);
	for (size_t i = 0; i < length; i++)
		fputc(rule, out);
	fputs("\n\n", out);
}

/* A page's prose and code, as `learn --plain` prints them. */
static void print_page(const struct demo_player *player, const struct lesson *lesson, int number, size_t index)
{
	const struct lesson_page *page = &lesson->pages[index];

	lesson_text_page(player->out, page, number, index + 1);
	for (size_t k = 0; k < page->block_count; k++) {
		const struct lesson_block *block = &page->blocks[k];
		const struct lesson_block *next = k + 1 < page->block_count ? &page->blocks[k + 1] : NULL;

		if (block->kind == LESSON_CODE) {
			lesson_text_code(player->out, lesson, &block->code);
		} else if (block->kind == LESSON_PROSE) {
			lesson_text_prose(player->out, &block->prose, player->width);
			if (!block->prose.bullet || next == NULL || next->kind != LESSON_PROSE || !next->prose.bullet)
				fputc('\n', player->out);
		}
	}
}

/* Runs an experiment and prints its timeline. Returns 0, or -1 if it could not start. */
static int run(const struct demo_player *player, const struct demo_command *command,
    struct demo_player_result *result, char *why, size_t why_size)
{
	struct run_set set;
	char reason[256];

	fprintf(player->out, "$ metaconc run %s\n", command->text);
	fflush(player->out);
	if (runner_execute(&set, &command->options, NULL, reason, sizeof reason) != 0) {
		snprintf(why, why_size, "run %s: %s", command->text, reason);
		runner_free(&set);
		return -1;
	}
	result->interrupted_by = set.outcomes.interrupted_by;
	if (result->interrupted_by == 0) {
		render_plain(player->out, &set.outcomes, player->width);
		fputc('\n', player->out);
		if (outcome_set_failed(&set.outcomes) && command->options.spec.fault.kind == FAULT_NONE)
			result->failed = true;
	}
	runner_free(&set);
	return 0;
}

static int play_command(const struct demo_player *player, const struct demo_script *script,
    const struct demo_lessons *lessons, size_t index, struct demo_player_result *result, char *why,
    size_t why_size)
{
	const struct demo_command *command = &script->commands[index];
	const struct lesson *lesson;
	int number;

	switch (command->kind) {
	case DEMO_TITLE:
		underline(player->out, command->text, '=');
		break;
	case DEMO_MARKER:
		fprintf(player->out, "## %s\n\n", command->text);
		fflush(player->out); /* the heading first, then its marker */
		if (player->marker != NULL)
			player->marker(player->marker_ctx, command->text);
		break;
	case DEMO_LESSON:
		lesson = demo_lessons_at(lessons, index, &number);
		lesson_text_title(player->out, lesson, number, lessons->course_size);
		print_page(player, lesson, number, 0);
		break;
	case DEMO_PAGE:
		lesson = demo_lessons_at(lessons, index, &number);
		print_page(player, lesson, number, (size_t)command->number - 1);
		break;
	case DEMO_CAPTION:
		lesson_text_wrap(player->out, command->text, LESSON_TEXT_PROSE_WIDTH, ">> ", ">> ");
		fputc('\n', player->out);
		break;
	case DEMO_RUN:
		return run(player, command, result, why, why_size);
	case DEMO_WAIT:
		fflush(player->out);
		demo_player_sleep(command->duration_ns, player->speed);
		break;
	case DEMO_WAIT_END: /* a printed run has already ended */
	case DEMO_KEY:      /* keys and pauses are for the screen */
	case DEMO_PAUSE:
	case DEMO_CLEAR:
		break;
	}
	return 0;
}

int demo_player_play(const struct demo_player *player, const struct demo_script *script,
    const struct demo_lessons *lessons, struct demo_player_result *result, char *why, size_t why_size)
{
	int rc = 0;

	memset(result, 0, sizeof *result);
	/* A reader that went away (metaconc demo | head) ends the demo: nothing more can be shown. */
	for (size_t i = 0; rc == 0 && i < script->count && !ferror(player->out); i++) {
		if ((result->interrupted_by = signals_caught()) != 0)
			break;
		rc = play_command(player, script, lessons, i, result, why, why_size);
		if (result->interrupted_by != 0)
			break;
	}
	if (rc == 0 && result->interrupted_by == 0)
		result->interrupted_by = signals_caught();
	if (rc == 0 && result->interrupted_by == 0)
		fprintf(player->out, "(end of the demo)\n");
	fflush(player->out);
	return rc;
}
