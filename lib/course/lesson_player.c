/*
 * lesson_player.c: a lesson, played as plain text.
 *
 * The blocks are shown in order. A question is asked where it stands, so
 * the learner predicts before seeing the run; its answer is shown right
 * after the experiment that measures it (lesson.c checked that this comes
 * later). Runs go through runner_execute(), exactly as `metaconc run`
 * does, and are drawn by render_plain(); measures go through cost.c;
 * snippets through snippet.c, under python3.
 */
#include "course/lesson_player.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/signals.h"
#include "course/lesson_text.h"
#include "engine/cost.h"
#include "engine/runner.h"
#include "engine/snippet.h"
#include "render/render_plain.h"

/* Everything a play keeps while it goes. */
struct play {
	const struct lesson_player *player;
	const struct lesson *lesson;
	struct lesson_player_result *result;
	struct question_measurement *measurements; /* by experiment */
	bool *experiment_failed;                   /* by experiment: its questions get no answer */
};

/* Reads a prediction from the terminal until it is a valid one; none at end of input or on a signal. */
static void ask(const struct play *play, const struct lesson_question *question, struct question_answer *answer)
{
	FILE *out = play->player->out;
	char *line = NULL;
	size_t capacity = 0;

	for (;;) {
		char why[256];
		ssize_t n;

		if (question->choice_count > 0)
			fprintf(out, "    Your prediction (a-%c): ", 'a' + (int)question->choice_count - 1);
		else
			fprintf(out, "    Your prediction (a number): ");
		fflush(out);
		n = getline(&line, &capacity, play->player->ask);
		if (n < 0 || signals_caught() != 0)
			break;
		if (n > 0 && line[n - 1] == '\n')
			line[n - 1] = '\0';
		if (question_parse_answer(question, line, answer, why, sizeof why) == 0)
			break;
		fprintf(out, "    (%s)\n", why);
	}
	if (!answer->given)
		fputc('\n', out);
	free(line);
}

static void pose(struct play *play, const struct lesson_question *question)
{
	const struct lesson_player *player = play->player;
	struct question_answer *answer = &play->result->answers[question->number - 1];
	char given[64];

	lesson_text_question(player->out, question, player->width);
	if ((size_t)question->number <= player->answer_count && player->answers[question->number - 1].given) {
		*answer = player->answers[question->number - 1];
		question_format_answer(question, answer, given, sizeof given);
		fprintf(player->out, "    Your prediction: %s\n", given);
	} else if (player->ask != NULL) {
		ask(play, question, answer);
	} else {
		fprintf(player->out, "    (Predict before you read on: the answer comes after the run. "
		    "Give it with --answer, or run in a terminal.)\n");
	}
	fputc('\n', player->out);
}

/*
 * Shows the answer of every question that `experiment` was the last one
 * needed for. Returns true if one of them came from a run that other
 * programs disturbed (then it is not graded).
 */
static bool answer_questions(struct play *play, int experiment)
{
	const struct lesson *lesson = play->lesson;
	bool any_disturbed = false;

	for (size_t i = 0; i < lesson->question_count; i++) {
		const struct lesson_question *question = lesson->questions[i];
		bool failed = play->experiment_failed[question->experiment] ||
		    (question->other != LESSON_NO_EXPERIMENT && play->experiment_failed[question->other]);
		struct question_value *value = &play->result->values[i];
		char disturbance[64];
		bool disturbed;

		if (question->answered_after != experiment)
			continue;
		if (failed || !question_value(question, play->measurements, value)) {
			fprintf(play->player->out, "!!! Prediction %d has no answer this time: its experiment did not run to the end.\n\n",
			    question->number);
			continue;
		}
		disturbed = question_disturbed(question, play->measurements, disturbance, sizeof disturbance);
		play->result->measured[i] = !disturbed; /* a disturbed run's answer is shown, not graded */
		lesson_text_answer(play->player->out, question, &play->result->answers[i], value,
		    disturbed ? disturbance : NULL, play->player->width);
		any_disturbed = any_disturbed || disturbed;
	}
	return any_disturbed;
}

/* Runs a `run:` experiment and prints its timeline. Returns 0, or -1 if it could not start. */
static int run_technique(struct play *play, const struct lesson_experiment *experiment, char *why,
    size_t why_size)
{
	struct run_set set;
	char reason[256];

	if (runner_execute(&set, &experiment->options, NULL, reason, sizeof reason) != 0) {
		snprintf(why, why_size, "%s: %s", experiment->command, reason);
		runner_free(&set);
		return -1;
	}
	if (set.outcomes.interrupted_by != 0) {
		play->result->interrupted_by = set.outcomes.interrupted_by;
		runner_free(&set);
		return 0;
	}
	render_plain(play->player->out, &set.outcomes, play->player->width);
	fputc('\n', play->player->out);
	if (outcome_failed(&set.outcomes.run) && !experiment->expect_failure) {
		play->experiment_failed[experiment->index] = true;
		play->result->failed = true;
	}
	question_measure_run(&play->measurements[experiment->index], &set.outcomes);
	runner_free(&set);
	return 0;
}

static int measure_cost(struct play *play, const struct lesson_experiment *experiment, char *why,
    size_t why_size)
{
	enum cost_kind kind = experiment->kind == LESSON_THREAD_START ? COST_THREAD : COST_PROCESS;
	struct cost_result result;
	char reason[256];

	if (cost_measure(kind, experiment->count, &result, reason, sizeof reason) != 0) {
		snprintf(why, why_size, "measure: %s", reason);
		return -1;
	}
	lesson_text_cost(play->player->out, &result);
	question_measure_cost(&play->measurements[experiment->index], &result);
	return 0;
}

/* At a terminal: "run it again? [Y/n]"; true for yes. Without one, no. */
static bool again(const struct play *play)
{
	char *line = NULL;
	size_t capacity = 0;
	bool yes;

	if (play->player->ask == NULL)
		return false;
	fprintf(play->player->out, "    Run it again? [Y/n] ");
	fflush(play->player->out);
	yes = getline(&line, &capacity, play->player->ask) >= 0 && signals_caught() == 0 &&
	    (line[0] == '\n' || line[0] == 'y' || line[0] == 'Y');
	free(line);
	fputc('\n', play->player->out);
	return yes;
}

/* Runs a snippet under python3 and prints what it printed. Returns 0, or -1 if python3 could not run it. */
static int run_snippet(struct play *play, const struct lesson_experiment *experiment, char *why,
    size_t why_size)
{
	struct snippet_result *result = malloc(sizeof *result);
	char reason[256];

	if (result == NULL) {
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	if (snippet_run(experiment->code, result, reason, sizeof reason) != 0) {
		snprintf(why, why_size, "snippet %s: %s", experiment->label, reason);
		free(result);
		return -1;
	}
	if (result->interrupted_by != 0) {
		play->result->interrupted_by = result->interrupted_by;
		free(result);
		return 0;
	}
	lesson_text_snippet(play->player->out, result);
	if (!snippet_finished(result)) {
		play->experiment_failed[experiment->index] = true;
		play->result->failed = true;
	}
	question_measure_snippet(&play->measurements[experiment->index], result);
	free(result);
	return 0;
}

/* Runs or measures an experiment, then answers what it measured; a disturbed run may be run again. */
static int experiment(struct play *play, const struct lesson_experiment *experiment, char *why,
    size_t why_size)
{
	int rc;

	do {
		lesson_text_experiment(play->player->out, experiment, play->player->width);
		fflush(play->player->out);
		if (experiment->kind == LESSON_RUN)
			rc = run_technique(play, experiment, why, why_size);
		else if (experiment->kind == LESSON_SNIPPET)
			rc = run_snippet(play, experiment, why, why_size);
		else
			rc = measure_cost(play, experiment, why, why_size);
	} while (rc == 0 && play->result->interrupted_by == 0 && answer_questions(play, experiment->index) &&
	    again(play));
	return rc;
}

/* Plays a block; `next` is the one after it on the page, or NULL. */
static int play_block(struct play *play, const struct lesson_block *block, const struct lesson_block *next,
    char *why, size_t why_size)
{
	const struct lesson_player *player = play->player;
	bool list_goes_on;

	switch (block->kind) {
	case LESSON_PROSE:
		lesson_text_prose(player->out, &block->prose, player->width);
		list_goes_on = block->prose.bullet && next != NULL && next->kind == LESSON_PROSE && next->prose.bullet;
		if (!list_goes_on)
			fputc('\n', player->out); /* a blank line ends a paragraph, or a list */
		return 0;
	case LESSON_CODE:
		lesson_text_code(player->out, play->lesson, &block->code);
		return 0;
	case LESSON_QUESTION:
		pose(play, &block->question);
		return 0;
	case LESSON_EXPERIMENT:
		return experiment(play, &block->experiment, why, why_size);
	}
	return 0;
}

static int allocate(struct play *play, const struct lesson *lesson, struct lesson_player_result *result)
{
	size_t questions = lesson->question_count + 1, experiments = lesson->experiment_count + 1;

	memset(result, 0, sizeof *result);
	result->answers = calloc(questions, sizeof *result->answers);
	result->values = calloc(questions, sizeof *result->values);
	result->measured = calloc(questions, sizeof *result->measured);
	play->measurements = calloc(experiments, sizeof *play->measurements);
	play->experiment_failed = calloc(experiments, sizeof *play->experiment_failed);
	return result->answers && result->values && result->measured && play->measurements &&
	    play->experiment_failed ? 0 : -1;
}

int lesson_player_play(const struct lesson_player *player, const struct lesson *lesson,
    struct lesson_player_result *result, char *why, size_t why_size)
{
	struct play play = { .player = player, .lesson = lesson, .result = result };
	int rc = 0;

	if (allocate(&play, lesson, result) != 0) {
		snprintf(why, why_size, "out of memory");
		rc = -1;
	}
	if (rc == 0)
		lesson_text_title(player->out, lesson, player->number, player->course_size);
	for (size_t i = 0; rc == 0 && i < lesson->page_count; i++) {
		const struct lesson_page *page = &lesson->pages[i];

		lesson_text_page(player->out, page, player->number, i + 1);
		for (size_t k = 0; rc == 0 && k < page->block_count; k++) {
			if (result->interrupted_by == 0)
				result->interrupted_by = signals_caught();
			if (result->interrupted_by != 0)
				break;
			rc = play_block(&play, &page->blocks[k], k + 1 < page->block_count ? &page->blocks[k + 1] : NULL,
			    why, why_size);
		}
		if (result->interrupted_by != 0)
			break;
	}
	result->completed = rc == 0 && result->interrupted_by == 0;
	fflush(player->out);
	free(play.measurements);
	free(play.experiment_failed);
	return rc;
}

void lesson_player_result_free(struct lesson_player_result *result)
{
	free(result->answers);
	free(result->values);
	free(result->measured);
	memset(result, 0, sizeof *result);
}
