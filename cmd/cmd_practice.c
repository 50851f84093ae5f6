/*
 * cmd_practice.c: `metaconc practice`: exercises the learner fixes in their
 * own editor, in a folder of their own (./metaconc-practice/ by default),
 * checked by measuring their program's run.
 *
 *   metaconc practice [--dir DIR]            make the folder (first time), then watch mode in a
 *                                            terminal (lib/ui/ui_practice.c), else what to do now
 *   metaconc practice list                   every exercise, passed or not
 *   metaconc practice check [N]              measure one run of the exercise, judge its check
 *   metaconc practice hint [N]               the next hint (remembered)
 *   metaconc practice reset N [--yes]        the exercise as shipped (asks first)
 *   metaconc practice solution [N] [--yes]   the reference solution (asks first if not passed)
 *
 * The folder, the exercises, the check and its judge are in lib/course/;
 * this file reads the arguments, asks the questions and sets the exit status.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "commands.h"
#include "core/signals.h"
#include "core/text.h"
#include "course/exercise.h"
#include "course/exercise_catalog.h"
#include "course/exercise_check.h"
#include "course/practice_folder.h"
#include "course/practice_measure.h"
#include "course/practice_text.h"
#include "course/progress.h"
#include "ui/ui_practice.h"

struct practice_args {
	const char *subcommand; /* NULL, "list", "check", "hint", "reset", "solution" */
	const char *exercise;   /* N or a name, or NULL */
	const char *directory;  /* --dir, or NULL */
	bool yes;               /* --yes: do it without asking */
};

/* What every subcommand works on: the exercises, the learner's folder and its progress. */
struct practice_session {
	struct exercise_catalog catalog;
	char *folder;
	struct progress progress;
};

void command_practice_help(void)
{
	printf("usage: metaconc practice [SUBCOMMAND] [N] [--dir DIR] [--yes]\n"
	    "\n"
	    "Exercises you fix in your own editor: small Python programs from the post,\n"
	    "each with something wrong about its threads or processes. A check runs your\n"
	    "program and measures what it did (the threads and processes it really ran,\n"
	    "the time they spent blocked or waiting, the speedup over a sequential\n"
	    "version, lost updates over many runs), so printing the right answer is not\n"
	    "enough.\n"
	    "\n"
	    "  metaconc practice             the first time, copies the exercises into\n"
	    "                                ./metaconc-practice/; then, in a terminal, watch mode:\n"
	    "                                the exercise to do, checked each time you save it,\n"
	    "                                your program's timeline live while the check runs\n"
	    "                                (h hint, n next, l list, ? keys, q quit); without a\n"
	    "                                terminal, what to do\n"
	    "  metaconc practice list        every exercise, [x] passed or [ ] not yet\n"
	    "  metaconc practice check [N]   check exercise N (default: the current one):\n"
	    "                                exit 0 if it passes, 1 if not\n"
	    "  metaconc practice hint [N]    the next hint of exercise N\n"
	    "  metaconc practice reset N     put exercise N back as it was (asks first)\n"
	    "  metaconc practice solution N  the reference solution (asks first if N has not passed)\n"
	    "\n"
	    "  --dir DIR   the practice folder (default: the one you are in, or ./metaconc-practice)\n"
	    "  --yes       reset or show a solution without asking (needed without a terminal)\n"
	    "\n"
	    "N is an exercise's number or name ('7', 'lost-updates'). Your files are never\n"
	    "overwritten without your yes; progress and hints seen are kept in DIR/.metaconc/.\n"
	    "The exercises are read from METACONC_LESSONS/exercises (default: lessons/exercises\n"
	    "beside a build-tree binary, else the installed share/metaconc/lessons/exercises).\n"
	    "\n"
	    "Checking runs your program under 'metaconc trace' and measures each run. Its\n"
	    "input is at end of file; it is stopped at the check's timeout, at 1 MiB of\n"
	    "output or at 64 processes. A run that fails shows what it printed last.\n"
	    "\n"
	    "exit status: 0 done (a check passed); 1 a check failed, a file is missing, or\n"
	    "you said no; 2 bad usage, or an exercise or progress file that cannot be read.\n");
}

static int parse_args(int argc, char *argv[], struct practice_args *args)
{
	static const char *const subcommands[] = { "list", "check", "hint", "reset", "solution" };

	memset(args, 0, sizeof *args);
	for (int i = 1; i < argc; i++) {
		const char *word = argv[i];
		bool known = false;

		if (strcmp(word, "--yes") == 0 || strcmp(word, "-y") == 0) {
			args->yes = true;
		} else if (strcmp(word, "--dir") == 0) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0')
				return args_usage_error("practice: --dir needs a folder: --dir DIR");
			args->directory = argv[++i];
		} else if (word[0] == '-' && word[1] != '\0') {
			return args_usage_error("practice: unknown option \"%s\"; see 'metaconc help practice'", word);
		} else if (args->subcommand == NULL && args->exercise == NULL) {
			for (size_t k = 0; k < sizeof subcommands / sizeof subcommands[0]; k++)
				known = known || strcmp(word, subcommands[k]) == 0;
			if (!known)
				return args_usage_error("practice: unknown subcommand \"%s\"; one of list, check, hint, reset, "
				    "solution (see 'metaconc help practice')", word);
			args->subcommand = word;
		} else if (args->exercise == NULL && args->subcommand != NULL && strcmp(args->subcommand, "list") != 0) {
			args->exercise = word;
		} else {
			return args_usage_error("practice: unexpected argument \"%s\"; see 'metaconc help practice'", word);
		}
	}
	if (args->subcommand != NULL && strcmp(args->subcommand, "reset") == 0 && args->exercise == NULL)
		return args_usage_error("practice: reset needs the exercise's number: metaconc practice reset N");
	if (args->yes && (args->subcommand == NULL || (strcmp(args->subcommand, "reset") != 0 &&
	    strcmp(args->subcommand, "solution") != 0)))
		return args_usage_error("practice: --yes is for reset and solution");
	return EXIT_OK;
}

/* "metaconc: practice: PREFIX WHY" on stderr, one line whatever they quote. */
static void error_line(const char *prefix, const char *why)
{
	size_t size = strlen(prefix) + strlen(why) + 1;
	char *line = malloc(size);

	if (line == NULL) {
		fprintf(stderr, "metaconc: practice: out of memory\n");
		return;
	}
	snprintf(line, size, "%s%s", prefix, why);
	text_one_line(line);
	fprintf(stderr, "metaconc: practice: %s\n", line);
	free(line);
}

static void session_free(struct practice_session *session)
{
	exercise_catalog_free(&session->catalog);
	progress_free(&session->progress);
	free(session->folder);
}

/* "/home/a/metaconc-practice" seen from "/home/a" becomes "metaconc-practice", in place. */
static void shorten_to_relative(char *folder, const char *here)
{
	size_t length = strlen(here);

	if (strcmp(folder, here) == 0)
		snprintf(folder, strlen(folder) + 1, ".");
	else if (strncmp(folder, here, length) == 0 && folder[length] == '/' && length > 1)
		memmove(folder, folder + length + 1, strlen(folder + length + 1) + 1);
}

/*
 * Opens the exercises, finds the folder (or, with `create`, makes it) and
 * loads its progress. Returns EXIT_OK, or an exit status after one line on stderr.
 */
static int session_open(struct practice_session *session, const struct practice_args *args, bool create)
{
	char why[1024], state[4200], here[4096];
	int copied = 0;

	memset(session, 0, sizeof *session);
	if (exercise_catalog_open(&session->catalog, why, sizeof why) != 0) {
		error_line("", why);
		return EXIT_USAGE;
	}
	if (args->directory != NULL)
		session->folder = strdup(args->directory);
	else if (getcwd(here, sizeof here) != NULL && (session->folder = practice_folder_find(here)) != NULL)
		shorten_to_relative(session->folder, here); /* found from where the learner is */
	else
		session->folder = strdup(PRACTICE_FOLDER_DEFAULT);
	if (session->folder == NULL) {
		error_line("", "out of memory");
		return EXIT_RUN_FAILED;
	}
	if (!practice_folder_is(session->folder) && !create) {
		snprintf(why, sizeof why, "%s is not a practice folder yet; run 'metaconc practice' to make it", session->folder);
		error_line("", why);
		return EXIT_USAGE;
	}
	if (create) {
		bool fresh = !practice_folder_is(session->folder);

		if (practice_folder_create(session->folder, &session->catalog, &copied, why, sizeof why) != 0) {
			error_line("", why);
			return EXIT_RUN_FAILED;
		}
		if (fresh)
			printf("Your practice folder is %s/: %d exercises, copied there for you to edit with your own "
			    "editor.\n\n", session->folder, copied);
		else if (copied > 0)
			printf("%d new exercise%s copied into %s/.\n\n", copied, copied == 1 ? "" : "s", session->folder);
	}
	practice_folder_state(session->folder, state, sizeof state);
	if (progress_load(&session->progress, state, why, sizeof why) != 0) {
		error_line("", why);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static bool passed(const struct practice_session *session, size_t index)
{
	const struct progress_lesson *record = progress_find(&session->progress, session->catalog.entries[index].slug);

	return record != NULL && record->finished;
}

/* The first exercise not passed yet (the last if all have). */
static size_t current_exercise(const struct practice_session *session)
{
	for (size_t i = 0; i < session->catalog.count; i++) {
		if (!passed(session, i))
			return i;
	}
	return session->catalog.count - 1;
}

/* The exercise named on the command line, or the current one. Returns its index, or -1 after an error line. */
static int chosen_exercise(const struct practice_session *session, const struct practice_args *args)
{
	char why[512];
	int index;

	if (args->exercise == NULL)
		return (int)current_exercise(session);
	index = exercise_catalog_find(&session->catalog, args->exercise, why, sizeof why);
	if (index < 0)
		error_line("", why);
	return index;
}

/* Reads an exercise; a broken one is reported as the lessons are, "FILE:LINE: why". */
static int load_exercise(const struct practice_session *session, size_t index, struct exercise *exercise)
{
	char why[1024];

	if (exercise_load(exercise, session->catalog.entries[index].path, why, sizeof why) != 0) {
		fprintf(stderr, "%s\n", why);
		return -1;
	}
	return 0;
}

static int save_progress(struct practice_session *session)
{
	char why[1024];

	if (progress_save(&session->progress, why, sizeof why) != 0) {
		error_line("", why);
		return -1;
	}
	return 0;
}

/* Asks a yes/no question on the terminal; true only for an explicit yes. */
static bool ask_yes(const char *question)
{
	char answer[16];

	printf("%s [y/N] ", question);
	fflush(stdout);
	if (fgets(answer, sizeof answer, stdin) == NULL)
		return false;
	return strcmp(answer, "y\n") == 0 || strcmp(answer, "yes\n") == 0 || strcmp(answer, "Y\n") == 0;
}

/*
 * Watch mode (lib/ui/ui_practice.c) at exercise `current`. Returns an exit
 * status, or -1 if the terminal cannot show it (then the text is printed).
 */
static int practice_watch(struct practice_session *session, size_t current)
{
	struct ui_practice_request request = {
		.catalog = &session->catalog,
		.folder = session->folder,
		.progress = &session->progress,
		.start = current,
	};
	char why[256];
	int interrupted_by;

	if (signals_install() != 0) {
		fprintf(stderr, "metaconc: cannot install signal handlers: %s\n", strerror(errno));
		return EXIT_RUN_FAILED;
	}
	fflush(stdout);
	if (ui_practice_run(&request, &interrupted_by, why, sizeof why) != UI_PRACTICE_DONE) {
		fprintf(stderr, "metaconc: %s: what to do is printed as text instead\n", why);
		return -1;
	}
	if (interrupted_by != 0) {
		fprintf(stderr, "metaconc: interrupted by SIG%s: the check's runs were stopped and reaped\n",
		    sigabbrev_np(interrupted_by));
		return signals_exit_status(interrupted_by);
	}
	return EXIT_OK;
}

/* `metaconc practice`: the folder made (or found), then watch mode, or the exercise to do now as text. */
static int practice_home(const struct practice_args *args)
{
	struct practice_session session;
	struct exercise exercise;
	char program[8300];
	size_t current, done = 0;
	int status = session_open(&session, args, true);

	if (status != EXIT_OK) {
		session_free(&session);
		return status;
	}
	for (size_t i = 0; i < session.catalog.count; i++)
		done += passed(&session, i);
	current = current_exercise(&session);
	if (args_interactive_terminal() && (status = practice_watch(&session, current)) >= 0) {
		session_free(&session);
		return status;
	}
	status = EXIT_OK;
	if (done == session.catalog.count)
		printf("You have passed all %zu exercises. Well done. Any of them again: metaconc practice check N\n\n",
		    session.catalog.count);
	else if (done > 0)
		printf("Carrying on in %s/: %zu of %zu exercises passed.\n\n", session.folder, done, session.catalog.count);
	if (load_exercise(&session, current, &exercise) != 0) {
		session_free(&session);
		return EXIT_USAGE;
	}
	practice_folder_program(session.folder, &session.catalog.entries[current], program, sizeof program);
	practice_text_exercise(stdout, &exercise, session.catalog.count, program);
	printf("  all of them: metaconc practice list\n");
	exercise_free(&exercise);
	session_free(&session);
	return EXIT_OK;
}

static int practice_list(const struct practice_args *args)
{
	struct practice_session session;
	size_t done = 0, current;
	int status = session_open(&session, args, false), slug_width = 0;

	if (status != EXIT_OK) {
		session_free(&session);
		return status;
	}
	current = current_exercise(&session);
	for (size_t i = 0; i < session.catalog.count; i++) {
		int length = (int)strlen(session.catalog.entries[i].slug);

		done += passed(&session, i);
		slug_width = length > slug_width ? length : slug_width;
	}
	printf("Exercises in %s/ (%zu of %zu passed):\n\n", session.folder, done, session.catalog.count);
	for (size_t i = 0; i < session.catalog.count; i++) {
		const struct exercise_catalog_entry *entry = &session.catalog.entries[i];
		struct exercise exercise;

		printf(" %c%3d [%c] %-*s", i == current && done < session.catalog.count ? '>' : ' ', entry->number,
		    passed(&session, i) ? 'x' : ' ', slug_width, entry->slug);
		if (load_exercise(&session, i, &exercise) == 0) {
			printf("  %s\n", exercise.title);
			exercise_free(&exercise);
		} else {
			printf("  (this exercise cannot be read: see the error above)\n");
			status = EXIT_USAGE;
		}
	}
	if (done < session.catalog.count)
		printf("\nNext: metaconc practice check %d\n", session.catalog.entries[current].number);
	else
		printf("\nEvery exercise has passed.\n");
	session_free(&session);
	return status;
}

static int practice_hint(const struct practice_args *args)
{
	struct practice_session session;
	struct exercise exercise;
	const struct progress_lesson *record;
	int status = session_open(&session, args, false), index, seen;

	if (status != EXIT_OK || (index = chosen_exercise(&session, args)) < 0 ||
	    load_exercise(&session, (size_t)index, &exercise) != 0) {
		session_free(&session);
		return status != EXIT_OK ? status : EXIT_USAGE;
	}
	record = progress_find(&session.progress, exercise.slug);
	seen = record != NULL ? record->hints : 0;
	if (seen >= (int)exercise.hint_count) {
		printf("No more hints for exercise %d: you have seen all %zu. The last one:\n\n%s\n\n"
		    "Stuck? 'metaconc practice solution %d' shows a solution.\n", exercise.number, exercise.hint_count,
		    exercise.hints[exercise.hint_count - 1], exercise.number);
	} else {
		printf("Hint %d of %zu for exercise %d (%s):\n\n%s\n", seen + 1, exercise.hint_count, exercise.number,
		    exercise.slug, exercise.hints[seen]);
		if (progress_record_hints(&session.progress, exercise.slug, seen + 1) != 0 || save_progress(&session) != 0)
			status = EXIT_RUN_FAILED;
	}
	exercise_free(&exercise);
	session_free(&session);
	return status;
}

static int practice_reset(const struct practice_args *args)
{
	struct practice_session session;
	const struct exercise_catalog_entry *entry;
	const struct progress_lesson *record;
	char why[1024], question[1024];
	int status = session_open(&session, args, false), index, hints;

	if (status != EXIT_OK || (index = chosen_exercise(&session, args)) < 0) {
		session_free(&session);
		return status != EXIT_OK ? status : EXIT_USAGE;
	}
	entry = &session.catalog.entries[index];
	snprintf(question, sizeof question, "Your changes to the files of %s/%s/ will be lost.\n"
	    "Put exercise %d back as it was shipped?", session.folder, entry->name, entry->number);
	if (!args->yes && !isatty(STDIN_FILENO)) {
		snprintf(why, sizeof why, "reset %d would replace your files in %s/%s/; without a terminal to ask you, "
		    "add --yes: metaconc practice reset %d --yes", entry->number, session.folder, entry->name, entry->number);
		error_line("", why);
		session_free(&session);
		return EXIT_USAGE;
	}
	if (!args->yes && !ask_yes(question)) {
		printf("Nothing was changed.\n");
		session_free(&session);
		return EXIT_RUN_FAILED;
	}
	if (practice_folder_copy(session.folder, entry, true, why, sizeof why) != 0) {
		error_line("", why);
		session_free(&session);
		return EXIT_RUN_FAILED;
	}
	/* Not passed any more; the hints seen stay seen. */
	record = progress_find(&session.progress, entry->slug);
	hints = record != NULL ? record->hints : 0;
	progress_reset(&session.progress, entry->slug);
	if ((hints > 0 && progress_record_hints(&session.progress, entry->slug, hints) != 0) ||
	    save_progress(&session) != 0)
		status = EXIT_RUN_FAILED;
	printf("Exercise %d is back as it was shipped, in %s/%s/.\n", entry->number, session.folder, entry->name);
	session_free(&session);
	return status;
}

static int practice_solution(const struct practice_args *args)
{
	struct practice_session session;
	const struct exercise_catalog_entry *entry;
	char why[9000], path[8300], question[256], reason[256];
	char *text;
	size_t size;
	int status = session_open(&session, args, false), index;

	if (status != EXIT_OK || (index = chosen_exercise(&session, args)) < 0) {
		session_free(&session);
		return status != EXIT_OK ? status : EXIT_USAGE;
	}
	entry = &session.catalog.entries[index];
	if (!passed(&session, (size_t)index) && !args->yes) {
		if (!isatty(STDIN_FILENO)) {
			snprintf(why, sizeof why, "exercise %d has not passed yet; to see its solution all the same without a "
			    "terminal to ask you, add --yes: metaconc practice solution %d --yes", entry->number, entry->number);
			error_line("", why);
			session_free(&session);
			return EXIT_USAGE;
		}
		snprintf(question, sizeof question, "Exercise %d has not passed yet. See its solution all the same?",
		    entry->number);
		if (!ask_yes(question)) {
			printf("Not shown. A hint may be enough: metaconc practice hint %d\n", entry->number);
			session_free(&session);
			return EXIT_RUN_FAILED;
		}
	}
	snprintf(path, sizeof path, "%s/%s", entry->path, EXERCISE_SOLUTION);
	if (text_read_file(path, &text, &size, reason, sizeof reason) != 0) {
		snprintf(why, sizeof why, "%s: cannot read it: %s", path, reason);
		error_line("", why);
		session_free(&session);
		return EXIT_USAGE;
	}
	fwrite(text, 1, size, stdout);
	free(text);
	session_free(&session);
	return EXIT_OK;
}

/* The learner's exercise.py is where it should be; if not, says what to do. */
static bool program_present(const struct practice_session *session, const struct exercise_catalog_entry *entry)
{
	char program[8300], why[9000];

	practice_folder_program(session->folder, entry, program, sizeof program);
	if (access(program, R_OK) == 0)
		return true;
	snprintf(why, sizeof why, "check %d: %s is missing (renamed, moved or deleted?): put it back, or get a fresh "
	    "copy with 'metaconc practice reset %d'", entry->number, program, entry->number);
	error_line("", why);
	return false;
}

static int practice_check(const struct practice_args *args)
{
	struct practice_session session;
	struct exercise exercise;
	struct exercise_measurements measurements;
	struct exercise_report report;
	char why[1024], learner[4400], startup[4200];
	int status = session_open(&session, args, false), index;

	if (status != EXIT_OK || (index = chosen_exercise(&session, args)) < 0) {
		session_free(&session);
		return status != EXIT_OK ? status : EXIT_USAGE;
	}
	if (!program_present(&session, &session.catalog.entries[index])) {
		session_free(&session);
		return EXIT_RUN_FAILED;
	}
	if (load_exercise(&session, (size_t)index, &exercise) != 0) {
		session_free(&session);
		return EXIT_USAGE;
	}
	snprintf(learner, sizeof learner, "%s/%s", session.folder, exercise.name);
	snprintf(startup, sizeof startup, "%s/%s", session.catalog.directory, EXERCISE_CATALOG_STARTUP);
	if (practice_check_exercise(&exercise, learner, startup, NULL, &measurements, &report, why, sizeof why) != 0) {
		char prefix[64];

		snprintf(prefix, sizeof prefix, "check %d: ", exercise.number);
		error_line(prefix, why);
		status = EXIT_RUN_FAILED;
	} else {
		practice_text_failed_run(stdout, &measurements);
		practice_text_verdict(stdout, &exercise, &report);
		status = report.passed ? EXIT_OK : EXIT_RUN_FAILED;
		if (report.passed && (progress_mark_finished(&session.progress, exercise.slug) != 0 ||
		    save_progress(&session) != 0))
			status = EXIT_RUN_FAILED;
		exercise_report_free(&report);
		practice_measurements_free(&measurements);
	}
	exercise_free(&exercise);
	session_free(&session);
	return status;
}

int command_practice(int argc, char *argv[])
{
	struct practice_args args;
	int status;

	if (args_asks_for_help(argc, argv)) {
		command_practice_help();
		return EXIT_OK;
	}
	if ((status = parse_args(argc, argv, &args)) != EXIT_OK)
		return status;
	if (args.subcommand == NULL)
		status = practice_home(&args);
	else if (strcmp(args.subcommand, "list") == 0)
		status = practice_list(&args);
	else if (strcmp(args.subcommand, "check") == 0)
		status = practice_check(&args);
	else if (strcmp(args.subcommand, "hint") == 0)
		status = practice_hint(&args);
	else if (strcmp(args.subcommand, "reset") == 0)
		status = practice_reset(&args);
	else
		status = practice_solution(&args);
	if (fflush(stdout) != 0 && status == EXIT_OK) {
		fprintf(stderr, "metaconc: standard output: %s\n", strerror(errno));
		status = EXIT_RUN_FAILED;
	}
	return status;
}
