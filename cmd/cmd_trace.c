/*
 * cmd_trace.c: `metaconc trace [OPTIONS] -- COMMAND [ARGS...]` and
 * `metaconc trace [OPTIONS] --pid PID`. Parses the options, opens the
 * output files before anything runs, observes the program (lib/observe/)
 * in the full-screen view or plainly, and prints what it did.
 *
 * Plainly, the command's own output passes through untouched and the
 * timeline and summary go to stderr when it ends, so a pipe stays clean.
 * The exit status is the command's, as `time` and `timeout` give it.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "commands.h"
#include "core/atomic_file.h"
#include "core/clock.h"
#include "core/signals.h"
#include "core/term_width.h"
#include "core/text.h"
#include "observe/observer.h"
#include "observe/sampler.h"
#include "render/render_chrome.h"
#include "render/render_events.h"
#include "render/render_json.h"
#include "render/render_plain.h"
#include "render/render_svg.h"
#include "ui/ui_trace.h"

struct trace_options {
	char **command;          /* after "--", or NULL with --pid */
	int command_argc;
	pid_t pid;               /* --pid, or 0 */
	bool plain;
	bool json;
	const char *trace_path;  /* --trace FILE: Chrome Trace Event JSON */
	const char *events_path; /* --events FILE */
	const char *svg_path;    /* --svg FILE */
	int width;               /* --width N, or 0 */
	unsigned rate_hz;        /* --rate HZ */
};

/* The output files, opened before the program starts. */
struct trace_files {
	struct atomic_file events, trace, svg;
};

void command_trace_help(void)
{
	printf("usage: metaconc trace [OPTIONS] -- COMMAND [ARGS...]\n"
	    "       metaconc trace [OPTIONS] --pid PID\n"
	    "\n"
	    "Starts COMMAND (or attaches to the running process PID) and shows every\n"
	    "thread of every process it has, live, on the timeline metaconc's own runs\n"
	    "use: running on which CPU, preempted (ready, no CPU free), waiting on a lock,\n"
	    "or blocked; and each process's end: its exit status, or the signal that\n"
	    "killed it. Processes appear under their parent, each thread under its\n"
	    "process: a multiprocessing pool is its parent and the workers below it.\n"
	    "\n"
	    "options:\n"
	    "  --pid PID            attach to a running process and the processes under it\n"
	    "  --plain              no full-screen view: the command's output passes through,\n"
	    "                       then the timeline and summary on stderr\n"
	    "  --json               print the summary as one JSON object (stdout, its last line)\n"
	    "  --trace FILE         also write Chrome Trace Event JSON (Perfetto, chrome://tracing)\n"
	    "  --events FILE        also write every recorded interval, one per line ('-': stdout)\n"
	    "  --svg FILE           also write the timeline as a standalone SVG picture\n"
	    "  --width N            columns of the plain timeline, %d-%d (default: the terminal's)\n"
	    "  --rate HZ            looks a second at each thread, %d-%d (default %d)\n"
	    "\n"
	    "How it sees: ptrace stops the program at every thread and process it starts,\n"
	    "every exec and every exit, so none is missed however short its life; the\n"
	    "program runs at full speed in between (no system call is stopped). Between\n"
	    "those events, metaconc reads each thread's own totals from the kernel\n"
	    "(/proc/PID/task/TID/schedstat: time on a CPU and time ready without one)\n"
	    "--rate times a second, so running and preempted are exact over each interval\n"
	    "and a thread's totals are the kernel's own at its exit. A sleeping thread is\n"
	    "waiting on a lock if it sleeps in futex (in CPython, usually the GIL), else\n"
	    "blocked. Who held each CPU when comes from the kernel's context switches where\n"
	    "perf events are permitted (root, CAP_PERFMON, or kernel.perf_event_paranoid\n"
	    "at most 0): the CPU lanes are then exact. Elsewhere a thread ran on the CPU it\n"
	    "last ran on in each interval. The legend says which.\n"
	    "\n"
	    "Privileges: none are needed to trace a command metaconc starts (your own\n"
	    "child). Attaching with --pid needs permission to ptrace that process: the\n"
	    "same user, and kernel.yama.ptrace_scope 0 (with 1, the Yama default, only\n"
	    "root or a process with CAP_SYS_PTRACE may attach); a program already traced\n"
	    "(by a debugger, strace) cannot be. When attaching, what happened before is\n"
	    "not shown, and a process started in the instant of attaching may be missed.\n"
	    "Detaching (q in the view, or Ctrl-C) lets go of the program: it runs on,\n"
	    "untouched.\n"
	    "\n"
	    "The command's output: in the full-screen view, it runs on a terminal of its\n"
	    "own and its output scrolls in a pane under the timeline (keys go to the view,\n"
	    "not to it). With --plain, or when stdout is not a terminal, its output passes\n"
	    "through unchanged; on a terminal it is the foreground job, so Ctrl-C and the\n"
	    "keyboard reach it as they would without metaconc.\n"
	    "\n"
	    "Signals: SIGINT or SIGTERM sent to metaconc go to the command's process group;\n"
	    "metaconc waits for it, then shows the timeline so far. A second one kills\n"
	    "every process of it. Nothing it started outlives metaconc.\n"
	    "\n"
	    "environment: METACONC_TRACE_STATS=1 reports the looks and the CPU time metaconc\n"
	    "itself spent (for benchmarks); NO_COLOR turns colour off.\n"
	    "\n"
	    "exit status: the command's own, or 128+N if signal N killed it; 127 the\n"
	    "command does not exist, 126 it cannot be run; 2 bad usage, or a --pid that\n"
	    "is not a process metaconc may trace; 0 after detaching from --pid.\n"
	    "\n"
	    "examples:\n"
	    "  metaconc trace -- python3 my_threads.py\n"
	    "  metaconc trace --plain -- python3 -c 'import multiprocessing as m; m.Pool(2).map(abs, range(9))'\n"
	    "  metaconc trace --json -- make -j2 > make.log\n"
	    "  metaconc trace --pid 4242\n"
	    "  metaconc trace --svg gil.svg --plain -- python3 gil_pool.py\n",
	    TERM_WIDTH_MIN, TERM_WIDTH_MAX, SAMPLER_MIN_HZ, SAMPLER_MAX_HZ, SAMPLER_DEFAULT_HZ);
}

/* Parses a whole number in [min, max]; returns 0, or -1 with why. */
static int parse_number(const char *option, const char *text, long min, long max, long *out, char *why,
    size_t why_size)
{
	char *end;
	long value;

	errno = 0;
	value = strtol(text, &end, 10);
	if (text[0] == '\0' || *end != '\0' || text[0] == ' ' || text[0] == '+') {
		snprintf(why, why_size, "trace: %s: expected a whole number from %ld to %ld, not \"%s\"", option, min,
		    max, text);
		return -1;
	}
	if (errno == ERANGE || value < min || value > max) {
		snprintf(why, why_size, "trace: %s: %s is out of range: use a number from %ld to %ld", option, text,
		    min, max);
		return -1;
	}
	*out = value;
	return 0;
}

/* The value of an option that takes one, or NULL with why. */
static const char *option_value(int argc, char *argv[], int *i, char *why, size_t why_size)
{
	if (*i + 1 >= argc || strcmp(argv[*i + 1], "--") == 0) {
		snprintf(why, why_size, "trace: %s needs a value", argv[*i]);
		return NULL;
	}
	return argv[++*i];
}

static int parse_option(struct trace_options *options, int argc, char *argv[], int *i, char *why,
    size_t why_size)
{
	const char *name = argv[*i], *value = NULL;
	long n;

	if (strcmp(name, "--plain") == 0) {
		options->plain = true;
		return 0;
	}
	if (strcmp(name, "--json") == 0) {
		options->json = true;
		return 0;
	}
	if (strcmp(name, "--pid") != 0 && strcmp(name, "--trace") != 0 && strcmp(name, "--events") != 0 &&
	    strcmp(name, "--svg") != 0 && strcmp(name, "--width") != 0 && strcmp(name, "--rate") != 0) {
		if (name[0] == '-')
			snprintf(why, why_size, "trace: unknown option \"%s\"; see 'metaconc help trace'", name);
		else
			snprintf(why, why_size, "trace: put -- before the command: metaconc trace [OPTIONS] -- %s ...",
			    name);
		return -1;
	}
	value = option_value(argc, argv, i, why, why_size);
	if (value == NULL)
		return -1;
	if (strcmp(name, "--pid") == 0) {
		if (parse_number(name, value, 1, INT_MAX, &n, why, why_size) != 0) {
			snprintf(why, why_size, "trace: --pid: \"%s\" is not a process id", value);
			return -1;
		}
		options->pid = (pid_t)n;
	} else if (strcmp(name, "--width") == 0) {
		if (parse_number(name, value, TERM_WIDTH_MIN, TERM_WIDTH_MAX, &n, why, why_size) != 0)
			return -1;
		options->width = (int)n;
	} else if (strcmp(name, "--rate") == 0) {
		if (parse_number(name, value, SAMPLER_MIN_HZ, SAMPLER_MAX_HZ, &n, why, why_size) != 0)
			return -1;
		options->rate_hz = (unsigned)n;
	} else if (strcmp(name, "--trace") == 0) {
		options->trace_path = value;
	} else if (strcmp(name, "--events") == 0) {
		options->events_path = value;
	} else {
		options->svg_path = value;
	}
	return 0;
}

/* Reads "[OPTIONS] -- COMMAND [ARGS...]" or "[OPTIONS] --pid PID". Returns 0, or -1 with why. */
static int parse_trace(struct trace_options *options, int argc, char *argv[], char *why, size_t why_size)
{
	memset(options, 0, sizeof *options);
	options->rate_hz = SAMPLER_DEFAULT_HZ;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			options->command = argv + i + 1;
			options->command_argc = argc - i - 1;
			break;
		}
		if (parse_option(options, argc, argv, &i, why, why_size) != 0)
			return -1;
	}
	if (options->pid != 0 && options->command != NULL) {
		snprintf(why, why_size, "trace: give a command after -- or --pid PID, not both");
		return -1;
	}
	if (options->pid == 0 && (options->command == NULL || options->command_argc == 0)) {
		snprintf(why, why_size, "trace: no command to trace: metaconc trace [OPTIONS] -- COMMAND [ARGS...], "
		    "or --pid PID");
		return -1;
	}
	if (options->command != NULL && options->command[0][0] == '\0') {
		snprintf(why, why_size, "trace: the command is an empty string");
		return -1;
	}
	return 0;
}

/* The full-screen view is used when both ends are a terminal that can show it. */
static bool wants_view(const struct trace_options *options)
{
	if (options->plain || options->json || (options->events_path && strcmp(options->events_path, "-") == 0))
		return false;
	return args_interactive_terminal();
}

static int open_file(struct atomic_file *file, const char *option, const char *path)
{
	char why[256];

	if (path == NULL || atomic_file_open(file, path, why, sizeof why) == 0)
		return 0;
	return args_usage_error("trace: %s: %s", option, why);
}

static void abort_files(struct trace_files *files)
{
	atomic_file_abort(&files->events);
	atomic_file_abort(&files->trace);
	atomic_file_abort(&files->svg);
}

/* Opens the output files before anything runs. Returns 0 or an exit status. */
static int open_files(const struct trace_options *options, struct trace_files *files)
{
	int status;

	memset(files, 0, sizeof *files);
	if ((status = open_file(&files->events, "--events", options->events_path)) != 0 ||
	    (status = open_file(&files->trace, "--trace", options->trace_path)) != 0 ||
	    (status = open_file(&files->svg, "--svg", options->svg_path)) != 0) {
		abort_files(files);
		return status;
	}
	return 0;
}

/* Writes an output file and renames it into place; returns the exit status it deserves. */
static int commit_file(struct atomic_file *file, int status)
{
	char why[256];

	if (atomic_file_commit(file, why, sizeof why) != 0) {
		fprintf(stderr, "metaconc: %s\n", why);
		return status == 0 ? EXIT_RUN_FAILED : status;
	}
	return status;
}

/* Drives the observer to the end from this thread, passing on the interrupts metaconc catches. */
static void observe_plainly(struct observer *observer)
{
	while (!observer_done(observer)) {
		struct pollfd fds[2] = {
			{ .fd = observer_fd(observer), .events = POLLIN },
			{ .fd = signals_fd(), .events = POLLIN },
		};
		int sig;

		poll(fds, 2, observer_timeout_ms(observer));
		while ((sig = signals_take()) != 0)
			observer_interrupt(observer, sig);
		observer_step(observer);
	}
}

/* "metaconc: trace: CMD: why", the command quoted as typed (one line whatever it holds). */
static void start_error(const struct trace_options *options, const char *why)
{
	char message[512];

	if (options->pid != 0)
		snprintf(message, sizeof message, "trace: --pid %d: %s", (int)options->pid, why);
	else
		snprintf(message, sizeof message, "trace: %s: %s", options->command[0], why);
	text_one_line(message);
	fprintf(stderr, "metaconc: %s\n", message);
}

/* Starts or attaches; NULL (with the message printed and *status set) if it cannot. */
static struct observer *begin(const struct trace_options *options, int terminal_fd, int *status)
{
	struct observer_options how;
	struct observer *observer;
	char why[256];

	observer_options_init(&how);
	how.rate_hz = options->rate_hz;
	how.terminal_fd = terminal_fd;
	how.foreground = terminal_fd < 0 && isatty(STDIN_FILENO) && tcgetpgrp(STDIN_FILENO) == getpgrp();
	if (options->pid != 0) {
		observer = observer_attach(options->pid, &how, why, sizeof why);
		*status = EXIT_USAGE;
	} else {
		observer = observer_start(options->command, &how, status, why, sizeof why);
	}
	if (observer == NULL)
		start_error(options, why);
	return observer;
}

/* Writes what the observation gave, as asked; returns the exit status. */
static int report(const struct trace_options *options, struct trace_files *files, struct observed *observed,
    bool shown)
{
	int status = observed->ended ? observed->exit_status : EXIT_OK;

	observed->command = options->command;
	observed->command_argc = options->command_argc;
	if (options->json)
		render_json_observed(stdout, observed);
	else if (shown)
		render_plain_observed_summary(stderr, observed);
	else
		render_plain_observed(stderr, observed, term_width_plain_fd(STDERR_FILENO, options->width));
	if (options->events_path != NULL) {
		render_events(files->events.stream, observed->recording);
		status = commit_file(&files->events, status);
	}
	if (options->trace_path != NULL) {
		render_chrome_observed(files->trace.stream, observed);
		status = commit_file(&files->trace, status);
	}
	if (options->svg_path != NULL) {
		render_svg_observed(files->svg.stream, observed);
		status = commit_file(&files->svg, status);
	}
	if (fflush(stdout) != 0 && status == EXIT_OK) {
		fprintf(stderr, "metaconc: standard output: %s\n", strerror(errno));
		status = EXIT_RUN_FAILED;
	}
	return status;
}

/* METACONC_TRACE_STATS (for make bench): what observing cost metaconc itself, in CPU time. */
static void report_cost(struct observer *observer)
{
	struct observed facts;

	observer_facts(observer, &facts);
	fprintf(stderr, "metaconc: trace: %llu looks, %.3f ms of CPU time in metaconc itself\n",
	    (unsigned long long)facts.looks, (double)clock_thread_cpu_ns() / 1e6);
}

int command_trace(int argc, char *argv[])
{
	struct trace_options options;
	struct trace_files files;
	struct observed observed;
	struct observer *observer = NULL;
	char why[512];
	int status = EXIT_OK;
	bool shown = false;

	if (args_asks_for_help(argc, argv)) {
		command_trace_help();
		return EXIT_OK;
	}
	if (parse_trace(&options, argc, argv, why, sizeof why) != 0)
		return args_usage_error("%s", why);
	if ((status = open_files(&options, &files)) != 0)
		return status;
	if (signals_install() != 0) {
		abort_files(&files);
		fprintf(stderr, "metaconc: cannot install signal handlers\n");
		return EXIT_RUN_FAILED;
	}
	if (wants_view(&options)) {
		struct ui_trace_request request = {
			.command = options.command,
			.pid = options.pid,
			.rate_hz = options.rate_hz,
		};

		switch (ui_trace_show(&request, &observer, &status, why, sizeof why)) {
		case UI_TRACE_SHOWN:
			shown = true;
			break;
		case UI_TRACE_NOT_STARTED:
			start_error(&options, why);
			abort_files(&files);
			return status;
		case UI_TRACE_NO_TERMINAL:
			fprintf(stderr, "metaconc: %s: printing the plain timeline instead\n", why);
			break;
		}
	}
	if (!shown) {
		observer = begin(&options, -1, &status);
		if (observer == NULL) {
			abort_files(&files);
			return status;
		}
		observe_plainly(observer);
	}
	if (getenv("METACONC_TRACE_STATS") != NULL)
		report_cost(observer);
	if (observer_result(observer, &observed) != 0) {
		fprintf(stderr, "metaconc: trace: out of memory\n");
		status = EXIT_RUN_FAILED;
		abort_files(&files);
	} else {
		status = report(&options, &files, &observed, shown);
	}
	observed_free(&observed);
	observer_free(observer);
	return status;
}
