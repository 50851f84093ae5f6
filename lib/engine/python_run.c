/*
 * python_run.c: the technique's corrected Python version, run for real under
 * python3, its threads and processes recorded as lanes.
 *
 * metaconc forks; the child becomes python3 running python/TECHNIQUE.py, in a
 * process group of its own, with the write end of a pipe as descriptor 3
 * (named by METACONC_EVENTS_FD) and its output caught by a second pipe. The
 * script reports each slice of work as a line on the first pipe (the
 * protocol is in pyproto.c). python_run_poll() reads what is there, hands
 * each line to pytrace.c to be checked and recorded, and watches the script:
 * one that reports nothing for too long is hung and is killed; one that
 * writes a flood of malformed lines is stopped.
 *
 * python3 runs under a guard process (guard.c): whatever python3 starts, at
 * any depth and in any session, is killed and reaped when python3 exits,
 * when the run ends, and when metaconc dies, even by SIGKILL. Every run has
 * a deadline too: its expected work times a generous factor, after which
 * it is killed as hung; and once python3 is gone, the last lines are read
 * for a bounded time only.
 */
#include "engine/python_run.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/cpus.h"
#include "core/signals.h"
#include "core/text.h"
#include "engine/guard.h"
#include "engine/sched_probe.h"

#define STOP_GRACE_NS (300 * CLOCK_NS_PER_MS) /* between SIGTERM and SIGKILL */
#define PIPE_BYTES (1 << 20)                   /* room for what the script writes between polls */
#define READS_PER_POLL 64                      /* so that a flood cannot stall the caller */
#define MAX_ARGS 28
#define DRAIN_NS (500 * CLOCK_NS_PER_MS)       /* for the last lines, once python3 is gone */
/*
 * Times the run's work, all done one task after another. Generous on purpose:
 * the silence limit catches a script that stops; this one only stops a script
 * that reports work forever. Real runs can take many times their work:
 * CPython threads sharing a threading.Lock (race --python --lock) hand the lock
 * and the GIL back and forth, and lesson 7's four threads took 26 times their
 * work on a quiet machine (8.9 s for 8 tasks of 40 ms).
 */
#define DEADLINE_FACTOR 100
#define DEADLINE_FLOOR_NS (5 * CLOCK_NS_PER_SEC) /* a short run still gets time to start its threads */

/*
 * The first script of this metaconc process measures how fast Python does
 * its arithmetic; the ones after it are told, so that a task is the same
 * work in every run and their times compare (as experiment.c does for C).
 */
static uint64_t python_iterations_per_ms;

extern char **environ;

struct python_run {
	struct experiment_spec spec;
	struct recording recording;
	struct sched_probe *probe;     /* who held each CPU meanwhile, from the kernel */
	struct pytrace trace;
	struct technique_report report;
	struct guard guard;      /* python3 under its guard; how it exited */
	bool started;            /* the guard and python3 exist */
	int events_fd;           /* read end of the events pipe; -1 once at end of file */
	int output_fd;           /* read end of python3's stdout and stderr; -1 likewise */
	char line[PYPROTO_MAX_LINE + 1]; /* the line being read */
	size_t line_length;
	bool discarding;         /* skipping the rest of a line too long to keep */
	char output[1024];       /* the last bytes python3 printed */
	size_t output_length;
	uint64_t accepted_seen;  /* lines accepted when progress was last noted */
	uint64_t progress_ns;    /* when a line was last accepted */
	uint64_t silence_limit_ns;
	uint64_t hello_ns;       /* when its hello arrived, or 0 */
	uint64_t deadline_ns;    /* how long after hello it may run */
	uint64_t stop_ns;        /* when it was told to stop, or 0 */
	bool cancelled;          /* interrupted by the user */
	bool hung;               /* killed for reporting nothing for too long */
	bool overran;            /* killed for running far past its deadline */
	bool flooded;            /* killed for writing too many malformed lines */
	bool joined;
};

/* What the child needs to become python3; prepared before fork(). */
struct child_plan {
	int events_fd;  /* write ends */
	int output_fd;
	int status_fd;  /* where to write errno if exec fails */
	const cpu_set_t *pin;
	const char *interpreter;
	char *const *argv;
	char *const *envp;
};

const char *python_script_name(enum technique technique)
{
	static const char *const scripts[TECHNIQUE_COUNT] = {
		[TECHNIQUE_SPAWN] = "spawn.py",
		[TECHNIQUE_DECORATOR] = "decorator.py",
		[TECHNIQUE_POOL] = "pool.py",
		[TECHNIQUE_GIL] = "gil.py",
		[TECHNIQUE_SEQUENTIAL] = "sequential.py",
		[TECHNIQUE_RACE] = "race.py",
		[TECHNIQUE_ASYNC] = "async.py",
	};

	return scripts[technique];
}

/* Finds an executable: a path as given, or a bare name in each directory of PATH. */
static int find_executable(const char *name, char *out, size_t size)
{
	const char *path = getenv("PATH");

	if (strchr(name, '/') != NULL) {
		snprintf(out, size, "%s", name);
		return access(out, X_OK);
	}
	if (path == NULL || path[0] == '\0')
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path != '\0') {
		size_t length = strcspn(path, ":");

		if (length > 0 && (size_t)snprintf(out, size, "%.*s/%s", (int)length, path, name) < size &&
		    access(out, X_OK) == 0)
			return 0;
		path += length;
		if (*path == ':')
			path++;
	}
	errno = ENOENT;
	return -1;
}

static bool holds_scripts(const char *dir)
{
	char probe[PATH_MAX + 32];

	snprintf(probe, sizeof probe, "%s/metaconc_probe.py", dir);
	return access(probe, R_OK) == 0;
}

/* Whether root/below holds the scripts; dir receives the path. */
static bool scripts_in(char *dir, size_t size, const char *root, const char *below)
{
	int length = snprintf(dir, size, "%s/%s", root, below);

	return length > 0 && (size_t)length < size && holds_scripts(dir);
}

/* The scripts: METACONC_PYTHON_DIR, else python/ beside a build tree, else share/metaconc/python. */
static int find_scripts(char *dir, size_t size, char *why, size_t why_size)
{
	const char *chosen = getenv("METACONC_PYTHON_DIR");
	char root[PATH_MAX];
	ssize_t length;

	if (chosen != NULL && chosen[0] != '\0') {
		snprintf(dir, size, "%s", chosen);
		if (holds_scripts(dir))
			return 0;
		snprintf(why, why_size, "METACONC_PYTHON_DIR=%s: no metaconc_probe.py there", chosen);
		return -1;
	}
	length = readlink("/proc/self/exe", root, sizeof root - 1);
	if (length < 0) {
		snprintf(why, why_size, "cannot tell where metaconc is installed: %s", strerror(errno));
		return -1;
	}
	root[length] = '\0';
	/* .../build/metaconc or .../bin/metaconc: the root is two levels up. */
	for (int up = 0; up < 2; up++) {
		char *slash = strrchr(root, '/');

		if (slash != NULL)
			*slash = '\0';
	}
	if (scripts_in(dir, size, root, "python") || scripts_in(dir, size, root, "share/metaconc/python"))
		return 0;
	snprintf(why, why_size, "the Python scripts are not in %s/python nor %s/share/metaconc/python; "
	    "set METACONC_PYTHON_DIR", root, root);
	return -1;
}

/*
 * A script named as the interpreter ("#!/path/to/python"): the program its
 * first line names must exist and be executable, or the run would fail
 * only after the C run. Returns 0, or -1 with why.
 */
static int check_script_interpreter(const char *path, char *why, size_t why_size)
{
	char head[PATH_MAX + 3], named[PATH_MAX];
	size_t length, start = 2;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return 0; /* executable but unreadable: exec will tell */
	n = read(fd, head, sizeof head - 1);
	close(fd);
	if (n < 2 || head[0] != '#' || head[1] != '!')
		return 0; /* a program, not a script */
	head[n] = '\0';
	while (head[start] == ' ' || head[start] == '\t')
		start++;
	length = strcspn(head + start, " \t\r\n");
	if (length == 0 || length >= sizeof named) {
		snprintf(why, why_size, "METACONC_PYTHON=%s: its first line (#!) names no interpreter", path);
		return -1;
	}
	memcpy(named, head + start, length);
	named[length] = '\0';
	if (access(named, X_OK) != 0) {
		snprintf(why, why_size, "METACONC_PYTHON=%s: its first line names %s: %s", path, named, strerror(errno));
		text_one_line(why);
		return -1;
	}
	return 0;
}

int python_setup_find(struct python_setup *setup, char *why, size_t why_size)
{
	const char *chosen = getenv("METACONC_PYTHON");

	memset(setup, 0, sizeof *setup);
	if (chosen != NULL && chosen[0] != '\0') {
		if (find_executable(chosen, setup->interpreter, sizeof setup->interpreter) != 0) {
			snprintf(why, why_size, "METACONC_PYTHON=%s: %s", chosen, strerror(errno));
			return -1;
		}
		if (check_script_interpreter(setup->interpreter, why, why_size) != 0)
			return -1;
	} else if (find_executable("python3", setup->interpreter, sizeof setup->interpreter) != 0) {
		snprintf(why, why_size, "python3 is not installed (not found in PATH); "
		    "install it, or name an interpreter in METACONC_PYTHON");
		return -1;
	}
	return find_scripts(setup->scripts, sizeof setup->scripts, why, why_size);
}

/* The environment of python3: ours, with the events descriptor named. */
static char **python_environment(void)
{
	static char events[] = "METACONC_EVENTS_FD=3";
	static char no_bytecode[] = "PYTHONDONTWRITEBYTECODE=1"; /* leave no __pycache__ in python/ */
	size_t count = 0, n = 0;
	char **envp;

	while (environ[count] != NULL)
		count++;
	envp = calloc(count + 3, sizeof *envp);
	if (envp == NULL)
		return NULL;
	for (size_t i = 0; i < count; i++) {
		if (strncmp(environ[i], "METACONC_EVENTS_FD=", 19) != 0 &&
		    strncmp(environ[i], "PYTHONDONTWRITEBYTECODE=", 24) != 0)
			envp[n++] = environ[i];
	}
	envp[n++] = events;
	envp[n++] = no_bytecode;
	return envp;
}

/* A descriptor moved to 10 or above (and inheritable), out of the way of 0-4. */
static int move_high(int fd)
{
	return fcntl(fd, F_DUPFD, 10);
}

/*
 * The child, between fork() and exec(), under the guard (which gave it a
 * process group of its own, a parent-death signal and default signal
 * handling): descriptors 0-4 in place and no others, pinned if asked.
 * Only async-signal-safe calls here.
 */
static void become_python(void *context)
{
	const struct child_plan *plan = context;
	int events, output, status, null, error;

	null = open("/dev/null", O_RDONLY);
	events = move_high(plan->events_fd);
	output = move_high(plan->output_fd);
	status = move_high(plan->status_fd);
	if (null < 0 || events < 0 || output < 0 || status < 0 ||
	    dup2(null, STDIN_FILENO) < 0 || dup2(output, STDOUT_FILENO) < 0 ||
	    dup2(output, STDERR_FILENO) < 0 || dup2(events, PYTHON_RUN_EVENTS_FD) < 0 ||
	    dup3(status, 4, O_CLOEXEC) < 0)
		_exit(127);
	if (close_range(5, ~0u, 0) != 0) {
		for (int fd = 5; fd < 1024; fd++)
			close(fd);
	}
	if (plan->pin != NULL && cpus_pin_current_thread(plan->pin) != 0)
		_exit(127);
	execve(plan->interpreter, plan->argv, plan->envp);
	error = errno;
	while (write(4, &error, sizeof error) < 0 && errno == EINTR)
		;
	_exit(127);
}

/* After fork(): did exec() succeed? Returns 0, or the errno it failed with. */
static int exec_error(int status_fd)
{
	int error = 0;
	ssize_t n;

	do
		n = read(status_fd, &error, sizeof error);
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)sizeof error ? error : 0;
}

static void close_pair(int fds[2])
{
	for (int i = 0; i < 2; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
		fds[i] = -1;
	}
}

/* A descriptor made non-blocking, its other flags kept. */
static void set_nonblocking(int fd)
{
	int flags = fcntl(fd, F_GETFL);

	if (flags >= 0)
		fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

/* The numbers of python3's command line, as text. */
struct script_numbers {
	char workers[24];
	char tasks[24];
	char task_ms[24];
	char switch_ms[24];
	char iterations_per_ms[24];
	char serial_ms[24];
	char batch[24];
	char arg_kb[24];
};

/* The options of race, async, pool and --serial-ms, for the script; returns the new argument count. */
static int add_technique_options(const struct experiment_spec *spec, char **argv, int n,
    struct script_numbers *numbers)
{
	if (spec->lock)
		argv[n++] = "--lock";
	if (spec->blocking)
		argv[n++] = "--blocking";
	if (spec->offload)
		argv[n++] = "--offload";
	if (spec->serial_ms > 0) {
		snprintf(numbers->serial_ms, sizeof numbers->serial_ms, "%u", spec->serial_ms);
		argv[n++] = "--serial-ms";
		argv[n++] = numbers->serial_ms;
	}
	if (spec->technique == TECHNIQUE_POOL) {
		snprintf(numbers->batch, sizeof numbers->batch, "%u", spec->batch ? spec->batch : 1);
		snprintf(numbers->arg_kb, sizeof numbers->arg_kb, "%u", spec->arg_kb);
		argv[n++] = "--batch";
		argv[n++] = numbers->batch;
		argv[n++] = "--arg-kb";
		argv[n++] = numbers->arg_kb;
	}
	return n;
}

/* Fills argv with python3 SCRIPT --workers N ... (pointing into script and numbers). */
static void script_arguments(char *argv[MAX_ARGS], const struct experiment_spec *spec,
    const struct python_setup *setup, char *script, struct script_numbers *numbers)
{
	int n = 0;

	snprintf(numbers->workers, sizeof numbers->workers, "%d", spec->workers);
	snprintf(numbers->tasks, sizeof numbers->tasks, "%u", spec->tasks);
	snprintf(numbers->task_ms, sizeof numbers->task_ms, "%u", spec->task_ms);
	snprintf(numbers->switch_ms, sizeof numbers->switch_ms, "%u", spec->switch_ms);
	argv[n++] = (char *)setup->interpreter;
	argv[n++] = script;
	argv[n++] = "--workers";
	argv[n++] = numbers->workers;
	argv[n++] = "--tasks";
	argv[n++] = numbers->tasks;
	argv[n++] = "--task-ms";
	argv[n++] = numbers->task_ms;
	argv[n++] = "--work";
	argv[n++] = (char *)work_kind_name(spec->work);
	argv[n++] = "--switch-ms";
	argv[n++] = numbers->switch_ms;
	if (python_iterations_per_ms != 0) {
		snprintf(numbers->iterations_per_ms, sizeof numbers->iterations_per_ms, "%llu",
		    (unsigned long long)python_iterations_per_ms);
		argv[n++] = "--iterations-per-ms";
		argv[n++] = numbers->iterations_per_ms;
	}
	n = add_technique_options(spec, argv, n, numbers);
	argv[n] = NULL;
}

/* Starts python3 SCRIPT --workers N ... under its guard; returns 0, or -1 with why. */
static int spawn_python(struct python_run *run, const struct python_setup *setup, char *why,
    size_t why_size)
{
	const struct experiment_spec *spec = &run->spec;
	char script[PATH_MAX + 32], reason[200];
	struct script_numbers numbers;
	char *argv[MAX_ARGS];
	int events[2] = { -1, -1 }, output[2] = { -1, -1 }, status[2] = { -1, -1 };
	char **envp = python_environment();
	int error, started;

	snprintf(script, sizeof script, "%s/%s", setup->scripts, python_script_name(spec->technique));
	script_arguments(argv, spec, setup, script, &numbers);

	if (access(script, R_OK) != 0) {
		snprintf(why, why_size, "%s: %s", script, strerror(errno));
		free(envp);
		return -1;
	}
	if (envp == NULL || pipe2(events, O_CLOEXEC) != 0 || pipe2(output, O_CLOEXEC) != 0 ||
	    pipe2(status, O_CLOEXEC) != 0) {
		snprintf(why, why_size, "could not make pipes for python3: %s", strerror(errno));
		close_pair(events);
		close_pair(output);
		close_pair(status);
		free(envp);
		return -1;
	}
	fcntl(events[0], F_SETPIPE_SZ, PIPE_BYTES); /* the default 64 KiB is enough, only slower */

	struct child_plan plan = {
		.events_fd = events[1],
		.output_fd = output[1],
		.status_fd = status[1],
		.pin = spec->pinned ? &spec->cpus : NULL,
		.interpreter = setup->interpreter,
		.argv = argv,
		.envp = envp,
	};

	started = guard_start(&run->guard, become_python, &plan, reason, sizeof reason);
	close(events[1]);
	close(output[1]);
	close(status[1]);
	free(envp);
	if (started != 0) {
		snprintf(why, why_size, "could not start python3: %s", reason);
		close(events[0]);
		close(output[0]);
		close(status[0]);
		return -1;
	}
	run->started = true;
	error = exec_error(status[0]);
	close(status[0]);
	run->events_fd = events[0];
	run->output_fd = output[0];
	set_nonblocking(run->events_fd);
	set_nonblocking(run->output_fd);
	if (error != 0) {
		snprintf(why, why_size, "could not run %s: %s", setup->interpreter, strerror(error));
		return -1;
	}
	return 0;
}

int python_run_start(struct python_run **out, const struct python_setup *setup,
    const struct experiment_spec *spec, char *why, size_t why_size)
{
	struct python_run *run = calloc(1, sizeof *run);
	uint64_t now = clock_now_ns();

	*out = NULL;
	if (run == NULL) {
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	run->spec = *spec;
	if (spec->technique == TECHNIQUE_SEQUENTIAL)
		run->spec.workers = 1;
	run->spec.fault.kind = FAULT_NONE; /* faults are injected into the C run only */
	run->events_fd = -1;
	run->output_fd = -1;
	run->progress_ns = now;
	run->silence_limit_ns = ((uint64_t)spec->task_ms + 1000) * CLOCK_NS_PER_MS;
	/* All of its work done one task after another, then that many times over. */
	run->deadline_ns = DEADLINE_FACTOR * ((uint64_t)spec->tasks * spec->task_ms + spec->serial_ms) *
	    CLOCK_NS_PER_MS;
	if (run->deadline_ns < DEADLINE_FLOOR_NS)
		run->deadline_ns = DEADLINE_FLOOR_NS;
	if (recording_init(&run->recording, 0, cpus_configured(), technique_uses_processes(spec->technique),
	    now) != 0) {
		snprintf(why, why_size, "out of memory");
		free(run);
		return -1;
	}
	pytrace_init(&run->trace, &run->recording, spec->technique, spec->tasks, now);
	if ((run->probe = sched_probe_start(&run->recording)) == NULL) {
		snprintf(why, why_size, "out of memory");
		python_run_free(run);
		return -1;
	}
	if (spawn_python(run, setup, why, why_size) != 0) {
		python_run_free(run); /* reaps the child if there was one */
		return -1;
	}
	*out = run;
	return 0;
}

/* Sends sig to the script's process group; SIGKILL to every process it started, wherever. */
static void signal_group(struct python_run *run, int sig)
{
	if (run->started)
		guard_signal(&run->guard, sig);
}

/* Feeds the bytes read to the protocol reader, line by line. */
static void take_bytes(struct python_run *run, const char *bytes, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		char c = bytes[i];

		if (c == '\n') {
			if (!run->discarding)
				pytrace_feed(&run->trace, run->line, run->line_length, clock_now_ns());
			run->discarding = false;
			run->line_length = 0;
		} else if (run->discarding) {
			continue;
		} else if (run->line_length == PYPROTO_MAX_LINE) {
			pytrace_reject(&run->trace, pyproto_error_text(PYPROTO_TOO_LONG));
			run->discarding = true;
			run->line_length = 0;
		} else {
			run->line[run->line_length++] = c;
		}
	}
}

/* Reads what the pipe holds, up to a bound; closes it at end of file. Returns the bytes read. */
static size_t read_events(struct python_run *run)
{
	char buffer[8192];
	size_t total = 0;

	for (int reads = 0; run->events_fd >= 0 && reads < READS_PER_POLL; reads++) {
		ssize_t n = read(run->events_fd, buffer, sizeof buffer);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break; /* nothing more for now */
		if (n == 0) {
			close(run->events_fd);
			run->events_fd = -1;
			if (run->line_length > 0 && !run->discarding)
				pytrace_reject(&run->trace, "a last line without its newline");
			break;
		}
		take_bytes(run, buffer, (size_t)n);
		total += (size_t)n;
	}
	return total;
}

/* Keeps the last bytes python3 printed, for the message if it fails. Returns the bytes read. */
static size_t read_output(struct python_run *run)
{
	char buffer[4096];
	size_t total = 0;

	for (int reads = 0; run->output_fd >= 0 && reads < READS_PER_POLL; reads++) {
		ssize_t n = read(run->output_fd, buffer, sizeof buffer);
		size_t keep, room = sizeof run->output;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		if (n == 0) {
			close(run->output_fd);
			run->output_fd = -1;
			break;
		}
		keep = (size_t)n < room ? (size_t)n : room;
		if (run->output_length + keep > room) {
			size_t drop = run->output_length + keep - room;

			memmove(run->output, run->output + drop, run->output_length - drop);
			run->output_length -= drop;
		}
		memcpy(run->output + run->output_length, buffer + (size_t)n - keep, keep);
		run->output_length += keep;
		total += (size_t)n;
	}
	return total;
}

/* Whether python3 has exited (the guard reaped it and said how). */
static bool exited(struct python_run *run)
{
	return run->started && guard_poll(&run->guard);
}

/* Kills a script that went silent, ran far past its deadline, or wrote a flood of garbage. */
static void watch(struct python_run *run, uint64_t now)
{
	uint64_t limit = run->trace.hello_seen ? run->silence_limit_ns : PYTHON_RUN_STARTUP_NS;

	if (run->trace.accepted != run->accepted_seen) {
		run->accepted_seen = run->trace.accepted;
		run->progress_ns = now;
	}
	if (run->trace.hello_seen && run->hello_ns == 0)
		run->hello_ns = now;
	if (run->guard.exited || run->stop_ns != 0)
		return;
	if (run->hello_ns != 0 && now - run->hello_ns > run->deadline_ns) {
		run->overran = true;
		run->stop_ns = now;
		signal_group(run, SIGKILL);
	} else if (now - run->progress_ns > limit) {
		run->hung = true;
		run->stop_ns = now;
		signal_group(run, SIGKILL);
	} else if (run->trace.rejected > PYTHON_RUN_MAX_REJECTED) {
		run->flooded = true;
		run->stop_ns = now;
		signal_group(run, SIGKILL);
	}
}

void python_run_poll(struct python_run *run)
{
	uint64_t now;

	read_events(run);
	read_output(run);
	exited(run);
	now = clock_now_ns();
	watch(run, now);
	if (now > run->recording.now_ns && run->trace.hello_seen && !run->guard.exited)
		run->recording.now_ns = now;
	sched_probe_poll(run->probe, now);
}

bool python_run_finished(const struct python_run *run)
{
	return run->guard.exited;
}

void python_run_cancel(struct python_run *run)
{
	if (run->stop_ns != 0 || run->guard.exited)
		return;
	run->cancelled = true;
	run->stop_ns = clock_now_ns();
	signal_group(run, SIGTERM);
}

/* Waits until python3 has exited, reading its pipes meanwhile; after the grace, SIGKILL. */
static void wait_for_exit(struct python_run *run)
{
	bool killed = false;

	if (!run->guard.exited && run->stop_ns == 0)
		python_run_cancel(run);
	while (!exited(run)) {
		if (!killed && clock_now_ns() - run->stop_ns > STOP_GRACE_NS) {
			signal_group(run, SIGKILL);
			killed = true;
		}
		read_events(run); /* a writer blocked on a full pipe can then die */
		read_output(run);
		usleep(2000);
	}
}

/*
 * Reads what is left in the pipes once every writer is gone: until end of
 * file, a signal, or DRAIN_NS, whichever comes first. A writer outside the
 * tree (none should be) cannot keep the run alive.
 */
static void drain(struct python_run *run)
{
	uint64_t deadline = clock_now_ns() + DRAIN_NS;

	while ((run->events_fd >= 0 || run->output_fd >= 0) && signals_caught() == 0) {
		struct pollfd fds[2] = { { .fd = run->events_fd, .events = POLLIN },
			                 { .fd = run->output_fd, .events = POLLIN } };
		uint64_t now = clock_now_ns();

		if (now >= deadline)
			break;
		poll(fds, 2, (int)((deadline - now) / CLOCK_NS_PER_MS) + 1);
		read_events(run);
		read_output(run);
	}
}

/* The last line python3 printed, made safe to show on a terminal. */
static void last_output_line(const struct python_run *run, char *buf, size_t size)
{
	size_t end = run->output_length, start, n = 0;

	while (end > 0 && (run->output[end - 1] == '\n' || run->output[end - 1] == ' '))
		end--;
	start = end;
	while (start > 0 && run->output[start - 1] != '\n')
		start--;
	for (size_t i = start; i < end && n + 1 < size; i++) {
		char c = run->output[i];

		buf[n++] = c >= 0x20 && c < 0x7f ? c : '?';
	}
	buf[n] = '\0';
}

/* Where the run ends: at its done line, or at its last recorded event. */
static uint64_t end_of_run(const struct python_run *run)
{
	const struct recording *recording = &run->recording;
	uint64_t end = recording->origin_ns;

	if (run->trace.done_seen && run->trace.done_ns > end)
		end = run->trace.done_ns;
	for (int i = 0; i < recording->lane_count; i++) {
		if (recording->lanes[i].last_end_ns > end)
			end = recording->lanes[i].last_end_ns;
	}
	return end;
}

/* How the run ended: lanes closed or crashed, and the report's error. */
static void settle(struct python_run *run)
{
	const struct guard *guard = &run->guard;
	struct technique_report *report = &run->report;
	uint64_t now = clock_now_ns(), killed_at;
	char last[120];

	last_output_line(run, last, sizeof last);
	pytrace_fill_report(&run->trace, report);
	run->recording.now_ns = end_of_run(run);
	/* When it was killed, or after the last line it managed to write before it died. */
	killed_at = run->stop_ns > run->recording.now_ns ? run->stop_ns : run->recording.now_ns;
	if (python_iterations_per_ms == 0 && run->trace.done_seen)
		python_iterations_per_ms = run->trace.iterations_per_ms;
	if (run->cancelled) {
		pytrace_close_lanes(&run->trace);
	} else if (run->overran) {
		pytrace_crash_lanes(&run->trace, TRACE_CRASH_HUNG, SIGKILL, killed_at);
		snprintf(report->error, sizeof report->error,
		    "python3 was still running %.1f s after it started, far longer than %u tasks of %u ms "
		    "take, so it was killed as hung", (double)run->deadline_ns / 1e9, run->spec.tasks,
		    run->spec.task_ms);
	} else if (run->hung) {
		pytrace_crash_lanes(&run->trace, TRACE_CRASH_HUNG, SIGKILL, killed_at);
		snprintf(report->error, sizeof report->error,
		    "python3 reported nothing for %.1f s, so it was killed as hung",
		    (double)(run->trace.hello_seen ? run->silence_limit_ns : PYTHON_RUN_STARTUP_NS) / 1e9);
	} else if (run->flooded) {
		pytrace_close_lanes(&run->trace);
		snprintf(report->error, sizeof report->error,
		    "python3 wrote more than %d malformed lines, so it was stopped", PYTHON_RUN_MAX_REJECTED);
	} else if (guard->exit_code == CLD_EXITED && guard->exit_status == 0) {
		pytrace_close_lanes(&run->trace);
		if (!run->trace.hello_seen)
			snprintf(report->error, sizeof report->error,
			    "python3 exited without reporting anything (not a metaconc script?)");
		else if (!run->trace.done_seen)
			snprintf(report->error, sizeof report->error, "python3 exited before reporting its run done");
	} else if (guard->exit_code == CLD_EXITED) {
		pytrace_crash_lanes(&run->trace, TRACE_CRASH_EXIT, guard->exit_status, now);
		snprintf(report->error, sizeof report->error, "python3 exited with status %d%s%s",
		    guard->exit_status, last[0] ? ": " : "", last);
	} else {
		pytrace_crash_lanes(&run->trace, TRACE_CRASH_SIGNAL, guard->exit_status, now);
		snprintf(report->error, sizeof report->error, "python3 was killed by signal %d (%s)",
		    guard->exit_status, strsignal(guard->exit_status));
	}
	/* Last, once the recording's end is final (a crash may have moved it). */
	sched_probe_finish(run->probe, run->recording.now_ns);
}

void python_run_join(struct python_run *run)
{
	if (run->joined)
		return;
	run->joined = true;
	if (!run->started)
		return;
	wait_for_exit(run);
	guard_finish(&run->guard); /* kills and reaps whatever python3 left, at any depth */
	drain(run);
	settle(run);
}

void python_run_free(struct python_run *run)
{
	if (run == NULL)
		return;
	python_run_join(run);
	if (run->events_fd >= 0)
		close(run->events_fd);
	if (run->output_fd >= 0)
		close(run->output_fd);
	sched_probe_free(run->probe);
	recording_free(&run->recording);
	free(run);
}

const struct recording *python_run_recording(const struct python_run *run)
{
	return &run->recording;
}

const struct technique_report *python_run_report(const struct python_run *run)
{
	return &run->report;
}

/* How many tasks never finished although the run was not interrupted. */
static uint32_t tasks_lost(const struct python_run *run)
{
	if (run->cancelled)
		return 0;
	return run->spec.tasks > run->trace.tasks_done ? run->spec.tasks - run->trace.tasks_done : 0;
}

static int gather_outcome(const struct python_run *run, struct outcome *outcome)
{
	const struct pytrace *trace = &run->trace;

	memset(outcome, 0, sizeof *outcome);
	outcome->spec = &run->spec;
	outcome->recording = &run->recording;
	outcome->report = &run->report;
	outcome->tasks_done = trace->tasks_done;
	outcome->tasks_lost = tasks_lost(run);
	outcome->is_python = true;
	outcome->python = (struct outcome_python){
		.script = python_script_name(run->spec.technique),
		.version = trace->python_version,
		.pid = trace->pid,
		.lines = trace->lines,
		.rejected = trace->rejected,
		.first_rejected_line = trace->first_rejected_line,
		.first_rejection = trace->first_reason,
	};
	return outcome_compute_stats(outcome);
}

/* The Python run as the runner sees any run: each operation is the function of the same name. */
static void poll_operation(void *run)
{
	python_run_poll(run);
}

static bool finished_operation(void *run)
{
	return python_run_finished(run);
}

static void cancel_operation(void *run)
{
	python_run_cancel(run);
}

static void join_operation(void *run)
{
	python_run_join(run);
}

static const struct experiment_spec *spec_operation(const void *run)
{
	const struct python_run *python = run;

	return &python->spec;
}

static const struct recording *recording_operation(const void *run)
{
	return python_run_recording(run);
}

static int outcome_operation(const void *run, struct outcome *outcome)
{
	return gather_outcome(run, outcome);
}

const struct run_operations python_run_operations = {
	.poll = poll_operation,
	.finished = finished_operation,
	.cancel = cancel_operation,
	.join = join_operation,
	.spec = spec_operation,
	.recording = recording_operation,
	.outcome = outcome_operation,
};
