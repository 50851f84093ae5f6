/*
 * cmd_run.c: `metaconc run TECHNIQUE [OPTIONS]`. Parses the options, opens
 * the output files before anything runs (so a bad path fails at once and
 * leaves nothing behind), runs the experiment, and prints what happened.
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
#include "engine/options.h"
#include "engine/python_run.h"
#include "engine/runner.h"
#include "render/render_chrome.h"
#include "render/render_events.h"
#include "render/render_json.h"
#include "render/render_plain.h"
#include "render/render_svg.h"
#include "ui/ui_run.h"

void command_run_help(void)
{
	printf("usage: metaconc run TECHNIQUE [OPTIONS]\n"
	    "\n"
	    "Runs TECHNIQUE for real, on threads or forked processes, records what every\n"
	    "worker did (running on which CPU, preempted, waiting for the GIL, blocked in\n"
	    "I/O), and shows it as a timeline with a summary.\n"
	    "\n"
	    "techniques:\n");
	for (int i = 0; i < TECHNIQUE_COUNT; i++)
		printf("  %-11s %s\n", technique_name((enum technique)i), technique_summary((enum technique)i));
	printf("\noptions:\n");
	options_print_help(stdout);
	printf("\n"
	    "--fault injects a failure to show how it is handled: with crash, worker W\n"
	    "dies after its first slice of work (a real SIGSEGV in a pool process; in a\n"
	    "thread, its task fails); with hang, it stops making progress and is killed\n"
	    "(a process) or the run is stopped (threads cannot be killed). Either way the\n"
	    "lane shows X, the run reports it, no process is left behind, and the exit\n"
	    "status is 1.\n"
	    "\n"
	    "--python runs, after the C run, the technique's corrected Python version\n"
	    "(python/TECHNIQUE.py: threads for spawn, decorator, gil and race, under the\n"
	    "real GIL; a multiprocessing pool for pool; asyncio for async) under python3,\n"
	    "with the same\n"
	    "workers, tasks and work, and draws its threads or processes under the C ones\n"
	    "on the same time scale; with --compare, sequential Python too. The script\n"
	    "reports each slice of work over a pipe; metaconc checks every line, drops and\n"
	    "counts malformed ones (the run then fails), and kills a script that hangs or\n"
	    "runs ten times longer than its work should take (at least 5 s). Nothing the\n"
	    "script starts outlives the run, nor metaconc, even killed by SIGKILL.\n"
	    "--fault applies to the C run only, and --events writes the C run's events;\n"
	    "--trace writes both.\n"
	    "\n"
	    "race makes deposits of 1 into one shared balance from every thread: read the\n"
	    "balance, check the amount (a slice of work), write it back. A deposit another\n"
	    "thread makes in between is lost, and counted exactly (deposits made minus the\n"
	    "final balance). With --lock each deposit holds a mutex: none is lost, and the\n"
	    "time threads spend waiting for it is drawn as waiting (~). Its Python version,\n"
	    "race.py, does the same with real threads (threading.Lock with --lock).\n"
	    "\n"
	    "async runs --tasks cooperative tasks on one thread, an event loop (epoll and\n"
	    "timerfds), one lane per task: running, ready but waiting for the event loop\n"
	    "(~), or awaiting I/O (=). Never two run at once. With --blocking the first task\n"
	    "makes a blocking call (a sleep as long as a task) that stalls every task; with\n"
	    "--offload that call runs in a helper thread, awaited, as asyncio.to_thread does.\n"
	    "Its Python version, async.py, is real asyncio. async takes 1 to 50 tasks and\n"
	    "no --workers.\n"
	    "\n"
	    "--serial-ms N adds work only one thread can do: N/2 ms on the main thread\n"
	    "before the workers start and N/2 after they end. With --compare the summary\n"
	    "puts Amdahl's bound, 1 / (s + (1 - s) / p), beside the measured speedup: s is\n"
	    "the serial part's share of the sequential run, p the tasks that can run at\n"
	    "once. pool --batch N has each process take N tasks at a time (Python: the\n"
	    "map's chunksize), and --arg-kb N gives every task an argument of N KiB: C's\n"
	    "forked processes read the parent's copy, Python pickles it and sends it with\n"
	    "each message, and the summary says what pickling one costs.\n"
	    "\n"
	    "--trace FILE writes every run (C and Python lanes, and one lane per CPU) as\n"
	    "Chrome Trace Event JSON: open it in https://ui.perfetto.dev or chrome://tracing.\n"
	    "--svg FILE draws the timeline (every run, the CPU lanes, the axis, the legend\n"
	    "and the summary) as a standalone SVG picture in the full-screen view's colours.\n"
	    "\n"
	    "The timeline is plain text when standard output is not a terminal, when TERM\n"
	    "is dumb, or with --plain.\n"
	    "\n"
	    "Who held each CPU is exact where the kernel allows perf events (root,\n"
	    "CAP_PERFMON, or kernel.perf_event_paranoid 0 or less): its context switches.\n"
	    "Elsewhere it is estimated from each ~1 ms slice, and other programs' share of\n"
	    "each CPU from /proc/stat. The legend and the summary say which.\n"
	    "\n"
	    "environment: NO_COLOR turns colour off; METACONC_RING_EVENTS sets how many\n"
	    "events each worker's ring holds (default 4096; a full ring drops and counts);\n"
	    "METACONC_PYTHON names the interpreter for --python (default: python3 in PATH);\n"
	    "METACONC_PYTHON_DIR the directory of the Python scripts (default: python/\n"
	    "beside a build-tree binary, else share/metaconc/python).\n"
	    "METACONC_VIEW_STATS=1 reports what the full-screen view cost the main thread;\n"
	    "METACONC_VIEW_EXIT=1 closes the view when the run ends, instead of keeping it\n"
	    "open for exploring (both for benchmarks and scripts).\n"
	    "METACONC_SCHED=estimate estimates the schedule even where perf events are allowed;\n"
	    "METACONC_DISTURBED=SHARE is the share of a run's CPU time other programs must\n"
	    "take for it to count as disturbed (default 0.1; 1: never).\n"
	    "\n"
	    "exit status: 0 done; 1 a worker crashed or hung (C or Python), a Python\n"
	    "script broke the protocol, or a file could not be written; 2 bad usage, or\n"
	    "--python without python3; 130 or 143 stopped by SIGINT or SIGTERM (128 + signal).\n"
	    "\n"
	    "examples:\n"
	    "  metaconc run spawn --workers 4 --compare\n"
	    "  metaconc run spawn --workers 4 --cpus 0 --task-ms 50\n"
	    "  metaconc run pool --fault crash --plain\n"
	    "  metaconc run gil --work io --json\n"
	    "  metaconc run gil --python --compare --plain\n"
	    "  metaconc run pool --python --trace pool.json\n"
	    "  metaconc run race --python --plain\n"
	    "  metaconc run race --lock --python --plain\n"
	    "  metaconc run async --work io --compare\n"
	    "  metaconc run async --blocking --python\n"
	    "  metaconc run spawn --serial-ms 500 --compare\n"
	    "  metaconc run pool --python --tasks 2000 --task-ms 1 --batch 50\n"
	    "  metaconc run pool --python --arg-kb 1024\n");
}

/* The full-screen view is used when both ends are a terminal that can show it. */
static bool wants_view(const struct run_options *options)
{
	if (options->plain || options->json || (options->events_path && strcmp(options->events_path, "-") == 0))
		return false;
	return args_interactive_terminal();
}

/* Runs with the full-screen view if possible; else (or if the terminal fails) plainly. Returns 0 or -1. */
static int execute(struct run_set *set, const struct run_options *options, bool *shown, char *why,
    size_t why_size)
{
	*shown = false;
	memset(set, 0, sizeof *set);
	if (wants_view(options)) {
		switch (ui_run_show(set, options, why, why_size)) {
		case UI_RUN_SHOWN:
			*shown = true;
			return 0;
		case UI_RUN_FAILED:
			return -1;
		case UI_RUN_NO_TERMINAL:
			fprintf(stderr, "metaconc: %s: printing the plain timeline instead\n", why);
			break;
		}
	}
	return runner_execute(set, options, NULL, why, why_size);
}

/* The exit status of a finished run (DESIGN §1). */
static int exit_status(const struct outcome_set *outcomes)
{
	if (outcomes->interrupted_by != 0)
		return signals_exit_status(outcomes->interrupted_by);
	if (outcome_set_failed(outcomes))
		return EXIT_RUN_FAILED;
	return EXIT_OK;
}

/* Writes an output file and renames it into place; returns the exit status it deserves. */
static int commit_file(struct atomic_file *file, int status)
{
	char why[256];

	if (atomic_file_commit(file, why, sizeof why) != 0) {
		fprintf(stderr, "metaconc: %s\n", why);
		return EXIT_RUN_FAILED;
	}
	return status;
}

/* Checks what must hold before anything runs, and opens the output files. Returns 0 or an exit status. */
static int prepare(const struct run_options *options, struct atomic_file *events, struct atomic_file *trace,
    struct atomic_file *svg)
{
	struct python_setup python;
	char why[256];

	if (options->python && python_setup_find(&python, why, sizeof why) != 0)
		return args_usage_error("--python: %s", why);
	if (options->events_path != NULL && options->trace_path != NULL &&
	    atomic_file_same(options->events_path, options->trace_path))
		return args_usage_error("--trace and --events name the same file (%s): give each its own",
		    options->trace_path);
	if (options->svg_path != NULL &&
	    ((options->events_path != NULL && atomic_file_same(options->svg_path, options->events_path)) ||
	    (options->trace_path != NULL && atomic_file_same(options->svg_path, options->trace_path))))
		return args_usage_error("--svg names the same file as --trace or --events (%s): give each its own",
		    options->svg_path);
	if (options->events_path != NULL && atomic_file_open(events, options->events_path, why, sizeof why) != 0)
		return args_usage_error("--events: %s", why); /* one line, even if the file name holds a newline */
	if (options->trace_path != NULL && atomic_file_open(trace, options->trace_path, why, sizeof why) != 0) {
		atomic_file_abort(events);
		return args_usage_error("--trace: %s", why);
	}
	if (options->svg_path != NULL && atomic_file_open(svg, options->svg_path, why, sizeof why) != 0) {
		atomic_file_abort(events);
		atomic_file_abort(trace);
		return args_usage_error("--svg: %s", why);
	}
	return 0;
}

/*
 * Stopped by a signal, at any moment (during the run, while exploring it,
 * while its files were written): no half-recorded file is committed, and
 * the exit status is 128 + the signal.
 */
static int interrupted(struct run_set *set, struct atomic_file *events, struct atomic_file *trace,
    struct atomic_file *svg, int sig)
{
	atomic_file_abort(events);
	atomic_file_abort(trace);
	atomic_file_abort(svg);
	fprintf(stderr, "metaconc: interrupted by SIG%s: every worker was stopped and reaped\n", sigabbrev_np(sig));
	runner_free(set);
	return signals_exit_status(sig);
}

int command_run(int argc, char *argv[])
{
	struct run_options options;
	struct atomic_file events = { 0 }, trace = { 0 }, svg = { 0 };
	struct run_set set;
	char why[256];
	bool shown;
	int status;

	if (args_asks_for_help(argc, argv)) {
		command_run_help();
		return EXIT_OK;
	}
	if (options_parse_run(&options, argc - 1, argv + 1, why, sizeof why) != 0)
		return args_usage_error("%s", why);
	/* Caught from here on, so that a signal while the files are opened cannot leave one behind. */
	if (signals_install() != 0) {
		fprintf(stderr, "metaconc: cannot install signal handlers: %s\n", strerror(errno));
		return EXIT_RUN_FAILED;
	}
	if ((status = prepare(&options, &events, &trace, &svg)) != 0)
		return status;

	if (execute(&set, &options, &shown, why, sizeof why) != 0) {
		fprintf(stderr, "metaconc: %s\n", why);
		runner_free(&set);
		atomic_file_abort(&events);
		atomic_file_abort(&trace);
		atomic_file_abort(&svg);
		return EXIT_RUN_FAILED;
	}
	if (set.outcomes.interrupted_by != 0)
		return interrupted(&set, &events, &trace, &svg, set.outcomes.interrupted_by);
	if (set.stopped) {
		atomic_file_abort(&events);
		atomic_file_abort(&trace);
		atomic_file_abort(&svg);
		fprintf(stderr, "metaconc: the run was stopped before its end\n");
		runner_free(&set);
		return EXIT_OK;
	}
	if (options.json)
		render_json(stdout, &set.outcomes);
	else if (shown)
		render_plain_summary(stdout, &set.outcomes); /* what the view showed, kept in the scrollback */
	else
		render_plain(stdout, &set.outcomes, term_width_plain(options.width));
	status = exit_status(&set.outcomes);
	if (options.events_path != NULL) {
		render_events(events.stream, set.outcomes.run.recording);
		if (signals_caught() != 0)
			return interrupted(&set, &events, &trace, &svg, signals_caught());
		status = commit_file(&events, status);
	}
	if (options.trace_path != NULL) {
		render_chrome(trace.stream, &set.outcomes);
		if (signals_caught() != 0)
			return interrupted(&set, &events, &trace, &svg, signals_caught());
		status = commit_file(&trace, status);
	}
	if (options.svg_path != NULL) {
		render_svg(svg.stream, &set.outcomes);
		if (signals_caught() != 0)
			return interrupted(&set, &events, &trace, &svg, signals_caught());
		status = commit_file(&svg, status);
	}
	if (fflush(stdout) != 0 && status == EXIT_OK) {
		fprintf(stderr, "metaconc: standard output: %s\n", strerror(errno));
		status = EXIT_RUN_FAILED;
	}
	if (signals_caught() != 0)
		status = signals_exit_status(signals_caught()); /* the files were whole when committed */
	runner_free(&set);
	return status;
}
