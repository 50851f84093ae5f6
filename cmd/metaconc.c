/*
 * metaconc.c: the program's entry point. It reads the command and hands the
 * rest of the arguments to that command; everything else is in lib/.
 */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "core/suggest.h"

#ifndef METACONC_VERSION
#define METACONC_VERSION "0.0.0"
#endif

static void print_usage(FILE *out)
{
	fprintf(out,
	    "metaconc: see concurrency and parallelism happen, on real threads and processes\n"
	    "\n"
	    "usage:\n"
	    "  metaconc                          the tutorial (without a terminal: the lesson list)\n"
	    "  metaconc list                     the lessons, in order, with your progress\n"
	    "  metaconc learn [LESSON]           open a lesson (number or name); --plain for text\n"
	    "  metaconc run TECHNIQUE [OPTIONS]  run one live experiment and show its timeline\n"
	    "  metaconc demo [SCRIPT]            a presenter's scripted demo (default: the built-in tour)\n"
	    "  metaconc trace [OPTS] -- CMD...   any program's threads and processes, live (or --pid PID)\n"
	    "  metaconc practice [SUBCOMMAND]    exercises you fix in your own editor, checked by measurement\n"
	    "  metaconc help [COMMAND]           help on a command\n"
	    "  metaconc --version                print the version\n"
	    "\n"
	    "techniques (from the post \"Metaprogramming for concurrency and parallelism in Python\"):\n"
	    "  spawn       threads created in a loop, their number decided at run time\n"
	    "  decorator   calls through a `concurrent` wrapper that returns a joinable future\n"
	    "  pool        instances built by a metaclass hook on a pool of forked processes\n"
	    "  gil         threads that must hold a simulated global interpreter lock (CPython's rules)\n"
	    "  sequential  the same tasks one after another in one thread: the baseline\n"
	    "and beyond it:\n"
	    "  race        threads updating one shared balance without (or with --lock, with) a mutex\n"
	    "  async       one thread, an event loop and cooperative tasks: one lane per task\n"
	    "\n"
	    "examples:\n"
	    "  metaconc learn 1                             the first lesson: concurrency vs parallelism\n"
	    "  metaconc run spawn --workers 4 --compare     4 threads on all CPUs, and the speedup\n"
	    "  metaconc run spawn --workers 4 --cpus 0      the same on one CPU: concurrency only\n"
	    "  metaconc run gil --compare                   threads under a GIL: no speedup\n"
	    "  metaconc demo                                the post's story in three minutes, live\n"
	    "\n"
	    "Run 'metaconc help run' for every option of an experiment, 'metaconc help learn'\n"
	    "for the lessons, 'metaconc help demo' for scripted demos, 'metaconc help trace'\n"
	    "to watch your own programs, 'metaconc help practice' for the exercises.\n");
}

static int command_help(int argc, char *argv[])
{
	if (argc < 2) {
		print_usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "run") == 0) {
		command_run_help();
		return EXIT_OK;
	}
	if (strcmp(argv[1], "learn") == 0) {
		command_learn_help();
		return EXIT_OK;
	}
	if (strcmp(argv[1], "list") == 0) {
		command_list_help();
		return EXIT_OK;
	}
	if (strcmp(argv[1], "demo") == 0) {
		command_demo_help();
		return EXIT_OK;
	}
	if (strcmp(argv[1], "trace") == 0) {
		command_trace_help();
		return EXIT_OK;
	}
	if (strcmp(argv[1], "practice") == 0) {
		command_practice_help();
		return EXIT_OK;
	}
	return args_usage_error("help: no command \"%s\"; commands: run, learn, list, demo, trace, practice, help",
	    argv[1]);
}

/* metaconc on its own: the tutorial's menu in a terminal, else the lesson list. */
static int command_home(void)
{
	char *list[] = { "list", NULL };
	int status = command_learn_menu();

	if (status == COMMAND_NO_SCREEN)
		status = command_list(1, list);
	return status;
}

int main(int argc, char *argv[])
{
	static const char *const commands[] = { "run", "learn", "list", "demo", "trace", "practice", "help" };
	const char *command = argc > 1 ? argv[1] : NULL;
	const char *guess;

	if (command == NULL)
		return command_home();
	if (args_asks_for_help(argc, argv)) {
		print_usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(command, "--version") == 0 || strcmp(command, "-V") == 0) {
		printf("metaconc %s\n", METACONC_VERSION);
		return EXIT_OK;
	}
	if (strcmp(command, "run") == 0)
		return command_run(argc - 1, argv + 1);
	if (strcmp(command, "learn") == 0)
		return command_learn(argc - 1, argv + 1);
	if (strcmp(command, "list") == 0)
		return command_list(argc - 1, argv + 1);
	if (strcmp(command, "demo") == 0)
		return command_demo(argc - 1, argv + 1);
	if (strcmp(command, "trace") == 0)
		return command_trace(argc - 1, argv + 1);
	if (strcmp(command, "practice") == 0)
		return command_practice(argc - 1, argv + 1);
	if (strcmp(command, "help") == 0)
		return command_help(argc - 1, argv + 1);
	guess = suggest_closest(command, commands, sizeof commands / sizeof commands[0]);
	if (guess != NULL)
		return args_usage_error("unknown command \"%s\" (did you mean \"%s\"?); try 'metaconc --help'",
		    command, guess);
	return args_usage_error("unknown command \"%s\"; try 'metaconc --help'", command);
}
