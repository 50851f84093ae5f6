/*
 * cmd_learn.c: `metaconc learn [LESSON]` and `metaconc` on its own.
 *
 * In a terminal these open the full-screen tutorial (lib/ui_tutorial.c,
 * through tutorial_open()). Without one, or with --plain, the lesson is
 * played as text by lesson_player.c: its experiments really run, its
 * predictions are asked (from --answer, or the terminal) and answered by
 * what was measured. A lesson played to its end, with every prediction
 * made, is marked finished in the progress file (lesson_flow.h), with the
 * predictions.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "commands.h"
#include "core/signals.h"
#include "core/term_width.h"
#include "core/text.h"
#include "course/catalog.h"
#include "course/example_file.h"
#include "course/lesson.h"
#include "course/lesson_flow.h"
#include "course/lesson_player.h"
#include "course/progress.h"
#include "course/question.h"
#include "engine/options.h"
#include "engine/snippet.h"
#include "ui/ui_tutorial.h"

#define LEARN_MAX_ANSWERS 64
#define TUTORIAL_UNAVAILABLE COMMAND_NO_SCREEN

struct learn_args {
	const char *lesson;                      /* number, slug, or a file path; NULL: the next one */
	bool plain;
	const char *reset;                       /* --reset LESSON or "all" */
	const char *answers[LEARN_MAX_ANSWERS];  /* --answer values, in question order */
	int answer_count;
	int width;                               /* --width, or 0 */
	const char *code;                        /* --code NAME: write that example out, or NULL */
};

void command_learn_help(void)
{
	printf("usage: metaconc learn [LESSON] [--plain] [--answer VALUE]... [--width N]\n"
	    "       metaconc learn LESSON --code NAME\n"
	    "       metaconc learn LESSON --reset      (or: metaconc learn --reset all)\n"
	    "\n"
	    "Opens a lesson: LESSON is its number (3) or its name (decorators); without\n"
	    "one, the first lesson you have not finished. Each lesson explains one idea of\n"
	    "the post \"Metaprogramming for concurrency and parallelism in Python\", quotes the\n"
	    "post's code, corrects it, shows the C that metaconc runs, and runs it live.\n"
	    "Before each experiment it asks you to predict what will be measured (\"how much\n"
	    "faster will 2 threads be?\"), then answers with the measurement, saying which\n"
	    "run measured it: metaconc's C, or the Python version under python3. Some\n"
	    "questions are answered by what a snippet of Python prints when python3 runs it.\n"
	    "\n"
	    "  --plain         print the lesson as text and run its experiments with plain\n"
	    "                  timelines (automatic without a terminal)\n"
	    "  --answer VALUE  your prediction for the next question: a letter (a, b, ...),\n"
	    "                  a number, or the text you expect a snippet to print; give\n"
	    "                  it once per question, in order. In a terminal, questions\n"
	    "                  without one are asked.\n"
	    "  --width N       columns of the plain timelines, 40-1000\n"
	    "  --code NAME     write the lesson's Python example NAME (the name its header\n"
	    "                  shows, NAME.py) to NAME.py here, asking before it replaces\n"
	    "                  a file; into a pipe or a file, to standard output\n"
	    "  --reset         forget the lesson's progress (all: every lesson's)\n"
	    "\n"
	    "In a terminal the lesson opens full screen: n and p turn the pages, j/k,\n"
	    "space and b scroll as in less, Enter runs the highlighted experiment in the\n"
	    "live timeline (you predict first; q comes back), ? lists every key, and q\n"
	    "goes back to the menu of lessons (f filters it, x resets a lesson). On a\n"
	    "page with a Python example that runs as it is, w writes it to NAME.py.\n"
	    "\n"
	    "A lesson played to its end, every experiment run to a good end and every\n"
	    "prediction made, is marked finished ('metaconc list' shows it), with your\n"
	    "predictions, in METACONC_STATE_DIR (default $XDG_STATE_HOME/metaconc, then\n"
	    "~/.local/state/metaconc). LESSON may also be the path of a lesson file, with a\n"
	    "slash (./draft.lesson), to try a lesson you are writing (lessons/README.md);\n"
	    "its progress is not kept.\n"
	    "\n"
	    "environment: METACONC_PYTHON names the interpreter for Python runs and snippets\n"
	    "(default: python3 in PATH); METACONC_SNIPPET_SECONDS how long a snippet may run\n"
	    "before it is stopped, 1-600 (default 20).\n"
	    "\n"
	    "exit status: 0 done; 1 an experiment failed or progress could not be saved;\n"
	    "2 bad usage, an unknown lesson, a malformed lesson file (FILE:LINE: why) or a\n"
	    "damaged progress file; 130 or 143 stopped by SIGINT or SIGTERM.\n"
	    "\n"
	    "examples:\n"
	    "  metaconc learn 1\n"
	    "  metaconc learn gil --plain --answer a --answer 1.0\n"
	    "  metaconc learn 1 --code pinned && python3 pinned.py\n"
	    "  metaconc learn decorators --reset\n");
}

/*
 * The full-screen tutorial (lib/ui_tutorial.c), at lesson `start` of the
 * catalog (-1: its menu). Returns an exit status, or TUTORIAL_UNAVAILABLE
 * if the terminal cannot show it (the callers then fall back to text).
 */
static int tutorial_open(const struct catalog *catalog, int start)
{
	struct progress progress;
	bool kept = args_load_progress(&progress) == 0;
	char why[256];
	int interrupted_by, status = EXIT_OK;

	if (signals_install() != 0) {
		progress_free(&progress);
		fprintf(stderr, "metaconc: cannot install signal handlers: %s\n", strerror(errno));
		return EXIT_RUN_FAILED;
	}
	if (ui_tutorial_run(catalog, start, kept ? &progress : NULL, &interrupted_by, why, sizeof why) != 0) {
		fprintf(stderr, "metaconc: %s: the lesson is printed as text instead\n", why);
		status = TUTORIAL_UNAVAILABLE;
	} else if (interrupted_by != 0) {
		fprintf(stderr, "metaconc: interrupted by SIG%s: every worker was stopped and reaped\n",
		    sigabbrev_np(interrupted_by));
		status = signals_exit_status(interrupted_by);
	}
	progress_free(&progress);
	return status;
}

static int parse_args(int argc, char *argv[], struct learn_args *args)
{
	static const char *const options[] = { "--plain", "--answer", "--width", "--code", "--reset", "--help" };

	memset(args, 0, sizeof *args);
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char *value;

		if (strcmp(arg, "--plain") == 0) {
			args->plain = true;
		} else if (args_is_option(arg, "--answer")) {
			if ((value = args_option_value("learn", argc, argv, &i, "--answer")) == NULL)
				return EXIT_USAGE;
			if (args->answer_count == LEARN_MAX_ANSWERS)
				return args_usage_error("learn: too many --answer options");
			args->answers[args->answer_count++] = value;
		} else if (args_is_option(arg, "--width")) {
			if ((value = args_option_value("learn", argc, argv, &i, "--width")) == NULL ||
			    args_parse_width(value, &args->width) != EXIT_OK)
				return EXIT_USAGE;
		} else if (args_is_option(arg, "--code")) {
			if ((args->code = args_option_value("learn", argc, argv, &i, "--code")) == NULL)
				return EXIT_USAGE;
		} else if (strcmp(arg, "--reset") == 0) {
			args->reset = "";
		} else if (arg[0] == '-' && arg[1] != '\0') {
			return args_unknown_option("learn", arg, options, sizeof options / sizeof options[0]);
		} else if (args->lesson == NULL) {
			args->lesson = arg;
		} else {
			fprintf(stderr, "metaconc: learn: one lesson at a time (\"%s\" and \"%s\")\n", args->lesson, arg);
			return EXIT_USAGE;
		}
	}
	if (args->reset != NULL) {
		if (args->lesson == NULL)
			return args_usage_error("learn: --reset needs a lesson: metaconc learn LESSON --reset (or --reset all)");
		if (args->plain || args->answer_count > 0 || args->width > 0)
			return args_usage_error("learn: --reset only forgets progress: give it with a lesson and nothing else");
		args->reset = args->lesson;
	}
	if (args->code != NULL) {
		if (args->lesson == NULL)
			return args_usage_error("learn: --code needs a lesson: metaconc learn LESSON --code NAME");
		if (args->plain || args->answer_count > 0 || args->width > 0 || args->reset != NULL)
			return args_usage_error("learn: --code only writes an example out: give it with a lesson and nothing else");
	}
	return EXIT_OK;
}

/* Saves `progress`, reporting a failure in one line. Returns an exit status. */
static int save_progress(struct progress *progress)
{
	char why[512];

	if (progress_save(progress, why, sizeof why) != 0) {
		fprintf(stderr, "metaconc: cannot save your progress: %s\n", why);
		return EXIT_RUN_FAILED;
	}
	return EXIT_OK;
}

/* metaconc learn --reset all: starts afresh, even from a damaged progress file. */
static int forget_everything(void)
{
	struct progress progress;
	char why[512];
	char *directory = progress_directory(why, sizeof why);
	int status;

	if (directory == NULL)
		return args_usage_error("%s", why);
	if (progress_init(&progress, directory) != 0) {
		free(directory);
		fprintf(stderr, "metaconc: out of memory\n");
		return EXIT_RUN_FAILED;
	}
	free(directory);
	progress_reset_all(&progress); /* merged into the file as it is: everything forgotten */
	status = save_progress(&progress);
	if (status == EXIT_OK)
		printf("Forgot your progress in every lesson.\n");
	progress_free(&progress);
	return status;
}

/* metaconc learn LESSON --reset, or --reset all. */
static int reset(const struct catalog *catalog, const char *which)
{
	const struct catalog_entry *entry;
	struct progress progress;
	char why[512];
	int index, status;

	if (strcmp(which, "all") == 0)
		return forget_everything();
	if ((index = catalog_find(catalog, which, why, sizeof why)) < 0)
		return args_usage_error("%s", why);
	entry = &catalog->entries[index];
	if (args_load_progress(&progress) != 0) {
		progress_free(&progress);
		fprintf(stderr, "metaconc: fix or remove that file, or forget everything with 'metaconc learn --reset all'\n");
		return EXIT_USAGE;
	}
	progress_reset(&progress, entry->slug);
	status = save_progress(&progress);
	if (status == EXIT_OK)
		printf("Forgot your progress in lesson %d (%s).\n", entry->number, entry->slug);
	progress_free(&progress);
	return status;
}

/* Checks the --answer values against the lesson's questions, before anything runs. */
static int read_answers(const struct learn_args *args, const struct lesson *lesson,
    struct question_answer *answers)
{
	char why[256];

	if ((size_t)args->answer_count > lesson->question_count) {
		fprintf(stderr, "metaconc: --answer: the lesson has %zu question%s, but %d answers were given\n",
		    lesson->question_count, lesson->question_count == 1 ? "" : "s", args->answer_count);
		return EXIT_USAGE;
	}
	for (int i = 0; i < args->answer_count; i++) {
		if (question_parse_answer(lesson->questions[i], args->answers[i], &answers[i], why, sizeof why) != 0) {
			fprintf(stderr, "metaconc: --answer %s: %s\n", args->answers[i], why);
			return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}

/* Records a played lesson: its predictions, and whether it is finished. Returns an exit status. */
static int record(const struct lesson *lesson, const char *slug, const struct lesson_player_result *result,
    bool finished)
{
	struct progress progress;
	char why[512];
	char *directory = progress_directory(why, sizeof why);
	int status;

	if (directory == NULL) {
		fprintf(stderr, "metaconc: %s; your progress in this lesson was not saved\n", why);
		return EXIT_RUN_FAILED;
	}
	status = progress_load(&progress, directory, why, sizeof why);
	free(directory);
	if (status != 0) {
		/* Never overwrite a file we could not read: it may hold the learner's history. */
		fprintf(stderr, "metaconc: %s; your progress in this lesson was not saved (fix or remove that file)\n", why);
		progress_free(&progress);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < lesson->question_count; i++) {
		if (!result->answers[i].given || !result->measured[i])
			continue;
		if (question_record(&progress, slug, lesson->questions[i], &result->answers[i], &result->values[i]) != 0) {
			progress_free(&progress);
			fprintf(stderr, "metaconc: out of memory\n");
			return EXIT_RUN_FAILED;
		}
	}
	if (finished && progress_mark_finished(&progress, slug) != 0) {
		progress_free(&progress);
		fprintf(stderr, "metaconc: out of memory\n");
		return EXIT_RUN_FAILED;
	}
	status = save_progress(&progress);
	progress_free(&progress);
	return status;
}

/*
 * Finished as the tutorial says it (lesson_flow.h): played to the end, every
 * experiment run to a good end, every prediction made. If not, why.
 */
static bool played_to_finish(const struct lesson *lesson, const struct lesson_player_result *result, char *why,
    size_t why_size)
{
	bool *predicted = calloc(lesson->question_count + 1, sizeof *predicted);
	bool finished;

	if (predicted == NULL) {
		snprintf(why, why_size, "out of memory");
		return false;
	}
	for (size_t i = 0; i < lesson->question_count; i++)
		predicted[i] = result->answers[i].given;
	finished = lesson_flow_finished(lesson, result->ran_well, predicted, why, why_size) && result->completed;
	free(predicted);
	return finished;
}

/* The last lines: how it went, whether it is finished (why not), and what comes next. */
static void print_closing(const struct catalog *catalog, int index, const struct lesson *lesson,
    const struct lesson_player_result *result, bool finished, const char *why)
{
	size_t right = 0, made = 0;

	for (size_t i = 0; i < lesson->question_count; i++) {
		if (result->answers[i].given && result->measured[i]) {
			made++;
			right += question_is_right(lesson->questions[i], &result->answers[i], &result->values[i]);
		}
	}
	printf("=== End of the lesson \"%s\"", lesson->title);
	if (made > 0)
		printf(": %zu of %zu predictions right", right, made);
	printf(".\n");
	if (!finished && index >= 0 && !result->failed)
		printf("Not marked finished: %s (give every prediction with --answer, or play it in a terminal).\n", why);
	if (index >= 0 && (size_t)index + 1 < catalog->count)
		printf("Next: metaconc learn %d\n", catalog->entries[index + 1].number);
	else if (index >= 0)
		printf("That was the last lesson. 'metaconc list' shows your progress.\n");
}

/* Plays lesson `index` of the catalog (or the file `path` when index is -1) as plain text. */
static int learn_plain(const struct learn_args *args, const struct catalog *catalog, int index, const char *path)
{
	struct lesson_player player = { .out = stdout, .width = term_width_plain(args->width), .course_size = catalog->count };
	struct question_answer answers[LEARN_MAX_ANSWERS] = { 0 };
	struct lesson_player_result result;
	struct lesson lesson;
	char why[1024];
	int status, rc;

	if (lesson_parse_file(&lesson, index >= 0 ? catalog->entries[index].path : path, catalog->source_root,
	    why, sizeof why) != 0) {
		fprintf(stderr, "%s%s\n", text_names_a_line(why) ? "" : "metaconc: ", why);
		return EXIT_USAGE;
	}
	if ((status = read_answers(args, &lesson, answers)) != EXIT_OK) {
		lesson_free(&lesson);
		return status;
	}
	if (signals_install() != 0) {
		lesson_free(&lesson);
		fprintf(stderr, "metaconc: cannot install signal handlers: %s\n", strerror(errno));
		return EXIT_RUN_FAILED;
	}
	player.number = index >= 0 ? catalog->entries[index].number : 0;
	player.answers = answers;
	player.answer_count = (size_t)args->answer_count;
	player.ask = isatty(STDIN_FILENO) ? stdin : NULL;
	rc = lesson_player_play(&player, &lesson, &result, why, sizeof why);
	if (result.interrupted_by != 0) {
		fprintf(stderr, "metaconc: interrupted by SIG%s: every worker was stopped and reaped; "
		    "progress not saved\n", sigabbrev_np(result.interrupted_by));
		status = signals_exit_status(result.interrupted_by);
	} else if (rc != 0) {
		fprintf(stderr, "metaconc: %s\n", why);
		status = EXIT_RUN_FAILED;
	} else {
		char unfinished[512];
		bool finished = played_to_finish(&lesson, &result, unfinished, sizeof unfinished);

		print_closing(catalog, index, &lesson, &result, finished, unfinished);
		fflush(stdout);
		status = index >= 0 ? record(&lesson, catalog->entries[index].slug, &result, finished) : EXIT_OK;
		if (result.failed) {
			fprintf(stderr, "metaconc: an experiment of the lesson failed, so it is not marked finished\n");
			status = status == EXIT_OK ? EXIT_RUN_FAILED : status;
		}
	}
	lesson_player_result_free(&result);
	lesson_free(&lesson);
	return status;
}

/* The first lesson not finished yet (the first one if all are, or if progress cannot be read). */
static int next_lesson(const struct catalog *catalog)
{
	struct progress progress;
	int next = 0;

	if (args_load_progress(&progress) == 0) {
		for (size_t i = 0; i < catalog->count; i++) {
			const struct progress_lesson *done = progress_find(&progress, catalog->entries[i].slug);

			if (done == NULL || !done->finished) {
				next = (int)i;
				break;
			}
		}
	}
	progress_free(&progress);
	return next;
}

/* At a terminal: "FILE exists. Replace it? [y/N]"; true for yes. */
static bool confirm_replace(const char *path)
{
	char *line = NULL;
	size_t capacity = 0;
	bool yes;

	printf("%s exists. Replace it? [y/N] ", path);
	fflush(stdout);
	yes = getline(&line, &capacity, stdin) > 0 && (line[0] == 'y' || line[0] == 'Y');
	free(line);
	return yes;
}

/*
 * metaconc learn LESSON --code NAME: the example, whole, to NAME.py here (a
 * file already there is replaced only when the learner says so at a
 * terminal); into a pipe or a redirection, to standard output.
 */
static int write_example(const char *path_of_lesson, const char *source_root, const char *lesson_arg,
    const char *name)
{
	const struct lesson_code *code;
	struct lesson lesson;
	char why[1024], path[64], names[512];
	int status = EXIT_OK;

	if (lesson_parse_file(&lesson, path_of_lesson, source_root, why, sizeof why) != 0) {
		fprintf(stderr, "%s%s\n", text_names_a_line(why) ? "" : "metaconc: ", why);
		return EXIT_USAGE;
	}
	if ((code = lesson_find_example(&lesson, name)) == NULL) {
		lesson_example_names(&lesson, names, sizeof names);
		if (names[0] != '\0')
			fprintf(stderr, "metaconc: learn: --code: this lesson has no example \"%s\"; its examples: %s\n", name, names);
		else
			fprintf(stderr, "metaconc: learn: --code: this lesson has no Python example that runs as it is\n");
		status = EXIT_USAGE;
	} else if (!isatty(STDOUT_FILENO)) {
		fputs(code->text, stdout);
	} else {
		example_file_name(code, path, sizeof path);
		if (example_file_exists(path) && !isatty(STDIN_FILENO)) {
			fprintf(stderr, "metaconc: %s exists: not replaced without asking (remove it, or redirect: "
			    "metaconc learn %s --code %s > FILE)\n", path, lesson_arg, name);
			status = EXIT_RUN_FAILED;
		} else if (example_file_exists(path) && !confirm_replace(path)) {
			printf("%s left as it was.\n", path);
		} else if (example_file_write(code, path, why, sizeof why) != 0) {
			fprintf(stderr, "metaconc: %s: %s\n", path, why);
			status = EXIT_RUN_FAILED;
		} else {
			printf("Wrote %s: python3 %s runs it.\n", path, path);
		}
	}
	lesson_free(&lesson);
	return status;
}

/* A lesson named by a path (it has a slash) rather than by its number or name: a teacher trying a draft. */
static bool names_a_file(const char *lesson)
{
	return strchr(lesson, '/') != NULL;
}

/* metaconc learn [LESSON]: the tutorial in a terminal, else the lesson as text. */
static int learn(const struct learn_args *args, const struct catalog *catalog)
{
	char why[1024];
	int index, status = TUTORIAL_UNAVAILABLE;

	index = args->lesson != NULL ? catalog_find(catalog, args->lesson, why, sizeof why) : next_lesson(catalog);
	if (index < 0)
		return args_usage_error("%s", why);
	if (args->code != NULL)
		return write_example(catalog->entries[index].path, catalog->source_root, args->lesson, args->code);
	/* --answer and --width are for the text player: giving them asks for it. */
	if (!args->plain && args->answer_count == 0 && args->width == 0 && args_interactive_terminal())
		status = tutorial_open(catalog, index);
	if (status == TUTORIAL_UNAVAILABLE)
		status = learn_plain(args, catalog, index, NULL);
	return status;
}

int command_learn(int argc, char *argv[])
{
	struct learn_args args;
	struct catalog catalog;
	char why[1024];
	int status;

	if (args_asks_for_help(argc, argv)) {
		command_learn_help();
		return EXIT_OK;
	}
	if ((status = parse_args(argc, argv, &args)) != EXIT_OK)
		return status;
	if (args.reset == NULL && snippet_seconds(why, sizeof why) < 0)
		return args_usage_error("%s", why);
	if (catalog_open(&catalog, why, sizeof why) != 0)
		return args_usage_error("%s", why);
	if (args.reset != NULL)
		status = reset(&catalog, args.reset);
	else if (args.lesson != NULL && names_a_file(args.lesson) && args.code != NULL)
		status = write_example(args.lesson, catalog.source_root, args.lesson, args.code);
	else if (args.lesson != NULL && names_a_file(args.lesson))
		status = learn_plain(&args, &catalog, -1, args.lesson);
	else
		status = learn(&args, &catalog);
	catalog_free(&catalog);
	return status;
}

int command_learn_menu(void)
{
	struct catalog catalog;
	char why[1024];
	int status;

	if (!args_interactive_terminal())
		return COMMAND_NO_SCREEN;
	if (catalog_open(&catalog, why, sizeof why) != 0)
		return args_usage_error("%s", why);
	status = tutorial_open(&catalog, -1);
	catalog_free(&catalog);
	return status;
}
