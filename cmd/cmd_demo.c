/*
 * cmd_demo.c: `metaconc demo [SCRIPT]`. Reads the script (the built-in
 * tour by default) and checks all of it, its lessons and pages included,
 * before anything runs; then plays it full screen (ui_demo.c) or as a
 * printed transcript (demo_player.c), optionally recorded as an asciicast.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "commands.h"
#include "core/atomic_file.h"
#include "core/signals.h"
#include "core/term_width.h"
#include "core/text.h"
#include "course/catalog.h"
#include "course/demo.h"
#include "course/demo_lessons.h"
#include "course/demo_player.h"
#include "engine/options.h"
#include "engine/python_run.h"
#include "render/cast.h"
#include "render/screen_recorder.h"
#include "ui/ui_demo.h"

#define DEMO_MIN_SPEED 0.1
#define DEMO_MAX_SPEED 100.0
#define DEMO_TOUR "tour.demo"

struct demo_args {
	const char *script; /* NULL: the built-in tour */
	bool plain;
	bool no_pause;
	double speed;
	const char *record; /* --record FILE.cast, or NULL */
	int width;          /* --width, or 0 */
};

/* Everything a played demo needs, whichever way it is played. */
struct demo_session {
	const struct demo_args *args;
	struct demo_script script;
	struct demo_lessons lessons;
	bool cut_short; /* a run could not start, or a signal stopped the demo */
};

void command_demo_help(void)
{
	printf("usage: metaconc demo [SCRIPT] [--plain] [--speed X] [--no-pause] [--record FILE.cast]\n"
	    "\n"
	    "Plays a presenter's demo: a script of lesson pages, captions for the room and\n"
	    "experiments that run live, on real threads and processes. Without SCRIPT, the\n"
	    "built-in tour (lessons/tour.demo): the post's story in about three minutes,\n"
	    "concurrency on one core, parallelism on two, the three techniques and the GIL.\n"
	    "The whole script, its lessons and pages are checked before anything runs; a\n"
	    "mistake is reported as FILE:LINE: why. The script language is described in\n"
	    "lessons/README.md (\"Demo scripts\").\n"
	    "\n"
	    "  --plain           print a transcript instead: chapters, captions, pages as\n"
	    "                    text, and each experiment run for real with its plain\n"
	    "                    timeline (automatic when standard output is not a terminal\n"
	    "                    or TERM is dumb or unset)\n"
	    "  --speed X         play X times faster, %g to %g: waits last 1/X as long and\n"
	    "                    replays run X times faster (experiments run at their own pace)\n"
	    "  --no-pause        do not stop at `pause` lines\n"
	    "  --record FILE     record the demo as an asciicast v2 file (asciinema play\n"
	    "                    FILE), with a marker at each chapter; written completely or\n"
	    "                    not at all\n"
	    "  --width N         columns of the printed timelines, 40-1000\n"
	    "\n"
	    "keys, full screen: space pauses or resumes the script (a running experiment\n"
	    "goes on), n goes on to the next step at once, [ and ] jump to the previous\n"
	    "or next chapter, ? shows the keys, q quits. Other keys go to the timeline\n"
	    "(Tab, arrows, r to replay...) or scroll the page.\n"
	    "\n"
	    "exit status: 0 done (or q); 1 an experiment failed (other than by --fault) or\n"
	    "the recording could not be written; 2 bad usage, or a script, lesson or page\n"
	    "that is wrong (FILE:LINE: why), or --record to a path that cannot be written;\n"
	    "130 or 143 stopped by SIGINT or SIGTERM.\n"
	    "\n"
	    "examples:\n"
	    "  metaconc demo                              the tour, full screen\n"
	    "  metaconc demo --plain --speed 50           the tour as a transcript, quickly\n"
	    "  metaconc demo talk.demo --no-pause         your script, without stopping\n"
	    "  metaconc demo --record tour.cast           the tour, recorded for asciinema\n",
	    DEMO_MIN_SPEED, DEMO_MAX_SPEED);
}

static int parse_args(int argc, char *argv[], struct demo_args *args)
{
	static const char *const options[] = { "--plain", "--speed", "--no-pause", "--record", "--width", "--help" };

	memset(args, 0, sizeof *args);
	args->speed = 1.0;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *value;

		if (strcmp(arg, "--plain") == 0) {
			args->plain = true;
		} else if (strcmp(arg, "--no-pause") == 0) {
			args->no_pause = true;
		} else if (args_is_option(arg, "--speed")) {
			if ((value = args_option_value("demo", argc, argv, &i, "--speed")) == NULL ||
			    args_parse_number("--speed", value, DEMO_MIN_SPEED, DEMO_MAX_SPEED, &args->speed) != EXIT_OK)
				return EXIT_USAGE;
		} else if (args_is_option(arg, "--width")) {
			if ((value = args_option_value("demo", argc, argv, &i, "--width")) == NULL ||
			    args_parse_width(value, &args->width) != EXIT_OK)
				return EXIT_USAGE;
		} else if (args_is_option(arg, "--record")) {
			if ((value = args_option_value("demo", argc, argv, &i, "--record")) == NULL)
				return EXIT_USAGE;
			if (value[0] == '\0' || strcmp(value, "-") == 0)
				return args_usage_error("--record: expected a file name, such as demo.cast");
			args->record = value;
		} else if (arg[0] == '-' && arg[1] != '\0') {
			return args_unknown_option("demo", arg, options, sizeof options / sizeof options[0]);
		} else if (args->script == NULL) {
			args->script = arg;
		} else {
			fprintf(stderr, "metaconc: demo: one script at a time (\"%s\" and \"%s\")\n", args->script, arg);
			return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}

/* The full-screen player needs a terminal at both ends that can show a screen. */
static bool wants_screen(const struct demo_args *args)
{
	const char *term = getenv("TERM");

	if (args->plain || !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return false;
	return term != NULL && term[0] != '\0' && strcmp(term, "dumb") != 0;
}

/* A `run --python` needs python3 and the scripts: found now, not on stage. Returns 0, or -1 with why. */
static int check_python(const struct demo_script *script, char *why, size_t why_size)
{
	for (size_t i = 0; i < script->count; i++) {
		const struct demo_command *command = &script->commands[i];
		struct python_setup python;
		char reason[512];

		if (command->kind != DEMO_RUN || !command->options.python)
			continue;
		if (python_setup_find(&python, reason, sizeof reason) != 0) {
			snprintf(why, why_size, "%s:%d: run: --python: %s", script->name, command->line, reason);
			return -1;
		}
	}
	return 0;
}

/* Reads and checks the script and its lessons. Returns 0 or an exit status (the error printed). */
static int load(struct demo_session *session, const struct catalog *catalog)
{
	char path[4096], why[1024];
	const char *script = session->args->script;

	if (script == NULL) {
		snprintf(path, sizeof path, "%s/%s", catalog->directory, DEMO_TOUR);
		script = path;
	}
	if (demo_parse_file(&session->script, script, why, sizeof why) != 0) {
		fprintf(stderr, "%s%s\n", text_names_a_line(why) ? "" : "metaconc: ", why);
		return EXIT_USAGE;
	}
	if (check_python(&session->script, why, sizeof why) != 0 ||
	    demo_lessons_load(&session->lessons, &session->script, catalog, why, sizeof why) != 0) {
		fprintf(stderr, "%s%s\n", text_names_a_line(why) ? "" : "metaconc: ", why);
		demo_free(&session->script);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int exit_status(int rc, const char *why, int interrupted_by, bool failed)
{
	if (rc != 0) {
		fprintf(stderr, "metaconc: %s\n", why);
		return EXIT_RUN_FAILED;
	}
	if (interrupted_by != 0) {
		fprintf(stderr, "metaconc: interrupted by SIG%s: every worker was stopped and reaped\n",
		    sigabbrev_np(interrupted_by));
		return signals_exit_status(interrupted_by);
	}
	if (failed) {
		fprintf(stderr, "metaconc: an experiment of the demo failed\n");
		return EXIT_RUN_FAILED;
	}
	return EXIT_OK;
}

static void mark_cast(void *ctx, const char *name)
{
	cast_marker(ctx, name);
}

/* The transcript, to `out`; markers to `cast` if recording. Returns the exit status. */
static int play_plain(struct demo_session *session, FILE *out, struct cast *cast)
{
	struct demo_player player = {
		.out = out,
		.width = term_width_plain(session->args->width),
		.speed = session->args->speed,
		.marker = cast != NULL ? mark_cast : NULL,
		.marker_ctx = cast,
	};
	struct demo_player_result result;
	char why[512];
	int rc = demo_player_play(&player, &session->script, &session->lessons, &result, why, sizeof why);

	session->cut_short = rc != 0 || result.interrupted_by != 0;
	errno = 0;
	if ((fflush(out) != 0 || ferror(out)) && rc == 0 && result.interrupted_by == 0) {
		session->cut_short = true;
		fprintf(stderr, "metaconc: standard output: %s\n", errno != 0 ? strerror(errno) : "cannot write");
		return EXIT_RUN_FAILED;
	}
	return exit_status(rc, why, result.interrupted_by, result.failed);
}

/* The transcript recorded: what is printed is also written, with its times, as a cast. */
static int record_plain(struct demo_session *session)
{
	struct atomic_file file;
	struct cast cast;
	struct cast_tee tee;
	char why[512];
	FILE *out;
	int status;

	if (atomic_file_open(&file, session->args->record, why, sizeof why) != 0) {
		fprintf(stderr, "metaconc: --record: %s\n", why);
		return EXIT_USAGE;
	}
	cast_begin(&cast, file.stream, term_width_plain(session->args->width), 40, session->script.title);
	if ((out = cast_tee_open(&tee, &cast, stdout)) == NULL) {
		atomic_file_abort(&file);
		fprintf(stderr, "metaconc: out of memory\n");
		return EXIT_RUN_FAILED;
	}
	status = play_plain(session, out, &cast);
	fclose(out);
	cast_end(&cast);
	if (session->cut_short) {
		atomic_file_abort(&file); /* no half-recorded demo left behind */
	} else if (atomic_file_commit(&file, why, sizeof why) != 0) {
		fprintf(stderr, "metaconc: %s\n", why);
		status = status == EXIT_OK ? EXIT_RUN_FAILED : status;
	}
	return status;
}

/* Full screen; markers to marker_fd (or -1). Returns the exit status. */
static int play_screen(struct demo_session *session, int marker_fd)
{
	struct ui_demo_options options = {
		.speed = session->args->speed,
		.no_pause = session->args->no_pause,
		.marker_fd = marker_fd,
	};
	struct ui_demo_result result;
	char why[512];

	switch (ui_demo_play(&session->script, &session->lessons, &options, &result, why, sizeof why)) {
	case UI_DEMO_PLAYED:
		return exit_status(0, why, result.interrupted_by, result.failed);
	case UI_DEMO_FAILED:
		return exit_status(-1, why, 0, false);
	case UI_DEMO_NO_TERMINAL:
		fprintf(stderr, "metaconc: %s: printing the transcript instead\n", why);
		break;
	}
	return play_plain(session, stdout, NULL);
}

/* screen_recorder_run()'s session: the full-screen demo, in a child on a pseudo-terminal. */
static int recorded_screen(void *ctx, int marker_fd)
{
	return play_screen(ctx, marker_fd);
}

static int play(struct demo_session *session)
{
	char why[512];
	int status;

	if (!wants_screen(session->args))
		return session->args->record != NULL ? record_plain(session) : play_plain(session, stdout, NULL);
	if (session->args->record == NULL)
		return play_screen(session, -1);
	status = screen_recorder_run(session->args->record, session->script.title, recorded_screen, session, why,
	    sizeof why);
	if (status < 0) {
		fprintf(stderr, "metaconc: --record: %s\n", why);
		return EXIT_USAGE;
	}
	return status;
}

int command_demo(int argc, char *argv[])
{
	struct demo_args args;
	struct demo_session session = { .args = &args };
	struct catalog catalog;
	char why[1024];
	int status;

	if (args_asks_for_help(argc, argv)) {
		command_demo_help();
		return EXIT_OK;
	}
	if ((status = parse_args(argc, argv, &args)) != EXIT_OK)
		return status;
	if (catalog_open(&catalog, why, sizeof why) != 0)
		return args_usage_error("%s", why);
	status = load(&session, &catalog);
	catalog_free(&catalog);
	if (status != EXIT_OK)
		return status;
	if (signals_install() != 0) {
		fprintf(stderr, "metaconc: cannot install signal handlers: %s\n", strerror(errno));
		status = EXIT_RUN_FAILED;
	} else {
		status = play(&session);
	}
	demo_lessons_free(&session.lessons);
	demo_free(&session.script);
	return status;
}
