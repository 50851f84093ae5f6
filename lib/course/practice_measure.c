/*
 * practice_measure.c: the runs of a check, planned, then measured.
 *
 * A run is `PYTHON FILE ARGS` in the exercise's folder, PYTHON being
 * python3's own program (not a launcher), with these added to the
 * environment:
 *
 *   PYTHONUNBUFFERED=1          each line reaches the trace when it is printed,
 *                               so its arrival time is the print's
 *   PYTHONDONTWRITEBYTECODE=1   nothing written beside the shipped reference
 *   PYTHONPATH=STARTUP[:...]    lessons/exercises/python-startup first, whose
 *   METACONC_START_METHOD=M     sitecustomize.py forces what the check asks
 *   METACONC_SWITCH_INTERVAL=S
 *
 * Then each run is made under the observer (lib/observe/observer.h), its
 * stdout and stderr into one pipe, and measured: its output lines, its
 * processes and the lanes of their threads, how it ended.
 */
#include "course/practice_measure.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/cpus.h"
#include "engine/cpu_load.h"
#include "model/observed.h"
#include "observe/observer.h"

/* "NAME=value" in a new string. */
static char *variable(const char *name, const char *value)
{
	size_t length = strlen(name) + strlen(value) + 2;
	char *text = malloc(length);

	if (text != NULL)
		snprintf(text, length, "%s=%s", name, value);
	return text;
}

/* Fills one run's command and environment; -1 if out of memory. */
static int plan_run(struct practice_run_plan *run, const struct exercise_check *check, const char *interpreter,
    const char *file, char *const *arguments, size_t argument_count, const char *startup_directory)
{
	const char *inherited = getenv("PYTHONPATH");
	char path[8192], interval[32];
	size_t n = 0, e = 0;

	run->timeout_s = check->timeout_s;
	run->argv[n++] = strdup(interpreter);
	run->argv[n++] = strdup(file);
	for (size_t i = 0; i < argument_count && i < EXERCISE_MAX_ARGUMENTS; i++)
		run->argv[n++] = strdup(arguments[i]);
	run->environment[e++] = variable("PYTHONUNBUFFERED", "1");
	run->environment[e++] = variable("PYTHONDONTWRITEBYTECODE", "1");
	if (check->start_method != NULL || check->switch_interval_s > 0) {
		if (inherited != NULL && inherited[0] != '\0')
			snprintf(path, sizeof path, "%s:%s", startup_directory, inherited);
		else
			snprintf(path, sizeof path, "%s", startup_directory);
		run->environment[e++] = variable("PYTHONPATH", path);
	}
	if (check->start_method != NULL)
		run->environment[e++] = variable("METACONC_START_METHOD", check->start_method);
	if (check->switch_interval_s > 0) {
		snprintf(interval, sizeof interval, "%.9g", check->switch_interval_s);
		run->environment[e++] = variable("METACONC_SWITCH_INTERVAL", interval);
	}
	for (size_t i = 0; i < n; i++) {
		if (run->argv[i] == NULL)
			return -1;
	}
	for (size_t i = 0; i < e; i++) {
		if (run->environment[i] == NULL)
			return -1;
	}
	return 0;
}

/*
 * The interpreter a run starts: python3's own program (its sys.executable),
 * so that a launcher found in PATH (pyenv's shims are shell scripts that
 * start several programs) is not measured as part of the learner's program.
 * METACONC_PYTHON names another python3. If asking fails, the name itself.
 */
static void find_interpreter(char *path, size_t size)
{
	const char *chosen = getenv("METACONC_PYTHON");
	const char *name = chosen != NULL && chosen[0] != '\0' ? chosen : PRACTICE_PYTHON;
	char *argv[] = { (char *)name, "-c", "import sys; sys.stdout.write(sys.executable)", NULL };
	posix_spawn_file_actions_t actions;
	int fds[2], status = -1;
	size_t length = 0;
	ssize_t got;
	pid_t pid;

	snprintf(path, size, "%s", name);
	if (pipe2(fds, O_CLOEXEC) != 0)
		return;
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
	posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	if (posix_spawnp(&pid, name, &actions, NULL, argv, environ) != 0)
		pid = -1;
	posix_spawn_file_actions_destroy(&actions);
	close(fds[1]);
	if (pid > 0) {
		char found[4096];

		while (length < sizeof found - 1 &&
		    ((got = read(fds[0], found + length, sizeof found - 1 - length)) > 0 || (got < 0 && errno == EINTR)))
			length += got > 0 ? (size_t)got : 0;
		found[length] = '\0';
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			continue;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && found[0] == '/' && access(found, X_OK) == 0)
			snprintf(path, size, "%s", found);
	}
	close(fds[0]);
}

int practice_plan_make(struct practice_plan *plan, const struct exercise *exercise, const char *learner_directory,
    const char *startup_directory)
{
	const struct exercise_check *check = &exercise->check;
	size_t programs = check->argument_count * (size_t)check->runs;
	size_t references = check->reference != NULL ? (size_t)check->runs : 0;
	char interpreter[4096];

	memset(plan, 0, sizeof *plan);
	find_interpreter(interpreter, sizeof interpreter);
	plan->runs = calloc(programs + references, sizeof *plan->runs);
	if (plan->runs == NULL)
		return -1;
	for (size_t c = 0; c < check->argument_count; c++) {
		for (int r = 0; r < check->runs; r++) {
			struct practice_run_plan *run = &plan->runs[plan->count++];

			run->configuration = c;
			run->directory = learner_directory;
			if (plan_run(run, check, interpreter, EXERCISE_PROGRAM, check->arguments[c].words, check->arguments[c].count,
			    startup_directory) != 0) {
				practice_plan_free(plan);
				return -1;
			}
		}
	}
	for (size_t r = 0; r < references; r++) {
		struct practice_run_plan *run = &plan->runs[plan->count++];

		run->reference = true;
		run->directory = exercise->directory;
		if (plan_run(run, check, interpreter, check->reference[0], check->reference + 1, check->reference_count - 1,
		    startup_directory) != 0) {
			practice_plan_free(plan);
			return -1;
		}
	}
	return 0;
}

void practice_plan_free(struct practice_plan *plan)
{
	for (size_t i = 0; i < plan->count; i++) {
		for (size_t k = 0; plan->runs[i].argv[k] != NULL; k++)
			free(plan->runs[i].argv[k]);
		for (size_t k = 0; plan->runs[i].environment[k] != NULL; k++)
			free(plan->runs[i].environment[k]);
	}
	free(plan->runs);
	memset(plan, 0, sizeof *plan);
}

/* ---- one run, under the observer ------------------------------------------ */

#define END_S 3.0 /* a run stopped by the runner has ended within this (SIGKILL, then every report) */

/* A run's output as it arrives: whole lines, each with the moment its newline was read. */
struct output {
	int fd;                      /* the pipe's read end, or -1 once it is closed */
	struct exercise_line *lines;
	size_t count, capacity;
	char *partial;               /* the line being read, not ended yet */
	size_t partial_length, partial_capacity;
	size_t bytes;                /* kept so far: at most EXERCISE_MAX_OUTPUT_BYTES */
	bool flooded;                /* more came than that */
	bool out_of_memory;
};

/* Everything one run needs while it runs. */
struct watch {
	struct observer *observer;
	struct output output;
	uint64_t origin_ns;          /* the program's start: time zero of its lines, lanes and processes */
	uint64_t deadline_ns;        /* its timeout */
	uint64_t ended_ns;           /* when its own process ended, or 0 */
	uint64_t stopped_ns;         /* when the runner killed what was left, or 0 */
	enum exercise_stop stopped;
	bool quit;                   /* the screen asked to stop every run */
};

/* Adds the line read so far, as arrived at `now`. */
static void output_add_line(struct output *output, uint64_t now, uint64_t origin)
{
	char *text;

	if (output->count == output->capacity) {
		size_t capacity = output->capacity ? output->capacity * 2 : 64;
		struct exercise_line *lines = realloc(output->lines, capacity * sizeof *lines);

		if (lines == NULL) {
			output->out_of_memory = true;
			return;
		}
		output->lines = lines;
		output->capacity = capacity;
	}
	if (output->partial_length > 0 && output->partial[output->partial_length - 1] == '\r')
		output->partial_length--;
	text = strndup(output->partial != NULL ? output->partial : "", output->partial_length);
	if (text == NULL) {
		output->out_of_memory = true;
		return;
	}
	output->lines[output->count].arrived_s = now > origin ? (double)(now - origin) / 1e9 : 0;
	output->lines[output->count++].text = text;
	output->partial_length = 0;
}

/* Adds one byte to the line being read. */
static void output_add_byte(struct output *output, char byte)
{
	if (output->partial_length == output->partial_capacity) {
		size_t capacity = output->partial_capacity ? output->partial_capacity * 2 : 256;
		char *partial = realloc(output->partial, capacity);

		if (partial == NULL) {
			output->out_of_memory = true;
			return;
		}
		output->partial = partial;
		output->partial_capacity = capacity;
	}
	output->partial[output->partial_length++] = byte;
}

/* Reads whatever the pipe holds now, cut at EXERCISE_MAX_OUTPUT_BYTES; closes it at its end. */
static void output_read(struct output *output, uint64_t origin)
{
	char buffer[16384];
	ssize_t got;

	while (output->fd >= 0 && !output->flooded && !output->out_of_memory) {
		got = read(output->fd, buffer, sizeof buffer);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 && errno == EAGAIN)
			return;
		if (got <= 0) {
			close(output->fd);
			output->fd = -1;
			return;
		}
		for (ssize_t i = 0; i < got; i++) {
			if (output->bytes == EXERCISE_MAX_OUTPUT_BYTES) {
				output->flooded = true;
				break;
			}
			output->bytes++;
			if (buffer[i] == '\n')
				output_add_line(output, clock_now_ns(), origin);
			else
				output_add_byte(output, buffer[i]);
		}
	}
}

/* The last line, if it had no newline, becomes a line too. */
static void output_finish(struct output *output, uint64_t origin)
{
	if (output->partial_length > 0)
		output_add_line(output, clock_now_ns(), origin);
	free(output->partial);
	output->partial = NULL;
	if (output->fd >= 0)
		close(output->fd);
	output->fd = -1;
}

static void output_free(struct output *output)
{
	for (size_t i = 0; i < output->count; i++)
		free((char *)output->lines[i].text);
	free(output->lines);
	free(output->partial);
	if (output->fd >= 0)
		close(output->fd);
	memset(output, 0, sizeof *output);
	output->fd = -1;
}

/* Processes of the tree alive now. */
static int processes_alive(const struct process_tree *tree)
{
	int alive = 0;

	for (int i = 0; i < tree->process_count; i++)
		alive += tree->processes[i].fate == TREE_RUNNING;
	return alive;
}

/* Kills every process of the run now; whatever is alive at this moment counts as not ended. */
static void stop_run(struct watch *watch, enum exercise_stop why)
{
	if (watch->stopped_ns != 0)
		return;
	watch->stopped_ns = clock_now_ns();
	if (watch->ended_ns == 0)
		watch->stopped = why;
	observer_kill(watch->observer);
}

/* After each step: the bounds. The first one reached stops the run. */
static void enforce_bounds(struct watch *watch, const struct practice_live *live)
{
	const struct process_tree *tree = observer_tree(watch->observer);
	uint64_t now = clock_now_ns();

	if (watch->ended_ns == 0 && tree->process_count > 0 && tree->processes[0].fate != TREE_RUNNING)
		watch->ended_ns = tree->processes[0].end_ns != 0 ? tree->processes[0].end_ns : now;
	if (live != NULL && live->stepped != NULL &&
	    !live->stepped(live->context, observer_recording(watch->observer), tree)) {
		watch->quit = true;
		stop_run(watch, EXERCISE_ENDED);
	}
	if (watch->output.flooded)
		stop_run(watch, EXERCISE_OUTPUT_FLOODED);
	/* Root is not held back by RLIMIT_NPROC: the processes are counted here instead. Each fork waits for us. */
	if (processes_alive(tree) >= EXERCISE_MAX_PROCESSES)
		stop_run(watch, EXERCISE_TOO_MANY_PROCESSES);
	if (watch->ended_ns == 0 && now >= watch->deadline_ns)
		stop_run(watch, EXERCISE_TIMED_OUT);
	/* What the program left behind gets EXERCISE_LEFT_GRACE_S to end by itself. */
	if (watch->ended_ns != 0 && now >= watch->ended_ns + (uint64_t)(EXERCISE_LEFT_GRACE_S * 1e9))
		stop_run(watch, EXERCISE_ENDED);
}

/* How long to wait for the observer or the output, in ms: no longer than the next bound. */
static int wait_ms(const struct watch *watch)
{
	uint64_t now = clock_now_ns(), next = watch->deadline_ns;
	int observer_ms = observer_timeout_ms(watch->observer);

	if (watch->ended_ns != 0)
		next = watch->ended_ns + (uint64_t)(EXERCISE_LEFT_GRACE_S * 1e9);
	if (watch->stopped_ns != 0)
		next = now + 10 * CLOCK_NS_PER_MS;
	if (next <= now)
		return 0;
	if ((next - now) / CLOCK_NS_PER_MS < (uint64_t)observer_ms)
		return (int)((next - now + CLOCK_NS_PER_MS - 1) / CLOCK_NS_PER_MS);
	return observer_ms;
}

/* Seconds from the run's start to `ns`; a negative number if it came after the runner stopped the run. */
static double seconds_until(const struct watch *watch, uint64_t ns, bool ended)
{
	if (!ended || (watch->stopped_ns != 0 && ns >= watch->stopped_ns))
		return -1;
	return ns > watch->origin_ns ? (double)(ns - watch->origin_ns) / 1e9 : 0;
}

/* Fills the run's processes and lanes from the observation. Returns 0, or -1 if out of memory. */
static int take_tree(const struct watch *watch, const struct observed *observed, struct exercise_run *measured)
{
	const struct process_tree *tree = observed->tree;
	const struct recording *recording = observed->recording;
	struct exercise_process *processes = calloc((size_t)tree->process_count + 1, sizeof *processes);
	struct exercise_lane *lanes = calloc((size_t)tree->thread_count + 1, sizeof *lanes);

	measured->processes = processes;
	measured->lanes = lanes;
	if (processes == NULL || lanes == NULL)
		return -1;
	/* The tree's first process is the program's own: the one the observer started. */
	for (int i = 0; i < tree->process_count; i++) {
		const struct tree_process *p = &tree->processes[i];
		struct exercise_process *process = &processes[measured->process_count++];

		process->pid = (int)p->pid;
		process->ppid = (int)p->ppid;
		process->started_s = seconds_until(watch, p->start_ns, true);
		process->ended_s = seconds_until(watch, p->end_ns, p->fate == TREE_EXITED || p->fate == TREE_KILLED);
		process->exit_status = p->fate == TREE_KILLED ? 128 + p->signal : p->exit_status;
	}
	for (int i = 0; i < tree->thread_count && i < recording->lane_count; i++) {
		struct lane_sums totals = recording_lane_totals(&recording->lanes[i]);
		struct exercise_lane *lane = &lanes[measured->lane_count++];
		uint64_t end;
		bool ended = observed_lane_end_ns(observed, i, &end);

		lane->pid = (int)tree->processes[tree->threads[i].process].pid;
		lane->tid = (int)tree->threads[i].tid;
		lane->started_s = (double)observed_lane_start_ns(observed, i) / 1e9;
		lane->ended_s = seconds_until(watch, recording->origin_ns + end, ended);
		lane->running_s = (double)totals.running_ns / 1e9;
		lane->preempted_s = (double)totals.preempted_ns / 1e9;
		lane->waiting_s = (double)totals.waiting_ns / 1e9;
		lane->blocked_s = (double)totals.blocked_ns / 1e9;
		measured->cpu_s += lane->running_s;
	}
	return 0;
}

/* Fills `measured` from a run that has ended. Returns 0, or -1 with why. */
static int take_run(struct watch *watch, struct exercise_run *measured, char *why, size_t why_size)
{
	struct observed observed;
	uint64_t end = watch->ended_ns != 0 && (watch->stopped_ns == 0 || watch->ended_ns < watch->stopped_ns) ?
	    watch->ended_ns : watch->stopped_ns;
	int rc;

	if (observer_result(watch->observer, &observed) != 0) {
		observed_free(&observed);
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	measured->stopped = watch->stopped;
	measured->exit_status = observed.exit_status;
	measured->wall_s = end > watch->origin_ns ? (double)(end - watch->origin_ns) / 1e9 : 0;
	rc = take_tree(watch, &observed, measured);
	observed_free(&observed);
	output_finish(&watch->output, watch->origin_ns);
	measured->lines = watch->output.lines;
	measured->line_count = watch->output.count;
	watch->output.lines = NULL;
	watch->output.count = 0;
	if (rc != 0 || watch->output.out_of_memory) {
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	return 0;
}

/* Starts the run's program under the observer, its output into a pipe. Returns 0, or -1 with why. */
static int start_run(const struct practice_run_plan *run, struct watch *watch, char *why, size_t why_size)
{
	static const struct ptracer_limit limits[] = {
		{ RLIMIT_CORE, { 0, 0 } }, /* a crash leaves no core file in the learner's folder */
	};
	struct observer_options options;
	int pipe_fds[2], status;

	if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
		snprintf(why, why_size, "cannot make a pipe for its output: %s", strerror(errno));
		return -1;
	}
	observer_options_init(&options);
	options.output_fd = pipe_fds[1];
	options.limits = limits;
	options.limit_count = (int)(sizeof limits / sizeof limits[0]);
	options.directory = run->directory;
	options.environment = run->environment;
	watch->observer = observer_start(run->argv, &options, &status, why, why_size);
	close(pipe_fds[1]);
	watch->output.fd = pipe_fds[0];
	if (watch->observer == NULL) {
		char reason[256];

		snprintf(reason, sizeof reason, "%s", why);
		snprintf(why, why_size, "cannot run %s: %s", run->argv[0], reason);
		return -1;
	}
	fcntl(pipe_fds[0], F_SETFL, O_NONBLOCK);
	watch->origin_ns = observer_recording(watch->observer)->origin_ns;
	watch->deadline_ns = watch->origin_ns + (uint64_t)(run->timeout_s * 1e9);
	return 0;
}

/*
 * Makes one run under the observer (metaconc trace's library) and measures
 * it: its lanes, processes and output lines, as struct exercise_run
 * describes them. Stopped at its bounds; every process of it reaped.
 * Returns 0, or -1 with why (why "stopped" if the screen asked to stop).
 */
static int measure_one_run(const struct practice_run_plan *run, const struct practice_live *live,
    struct exercise_run *measured, char *why, size_t why_size)
{
	struct watch watch = { .stopped = EXERCISE_ENDED };
	int rc = 0;

	memset(measured, 0, sizeof *measured);
	watch.output.fd = -1;
	if (start_run(run, &watch, why, why_size) != 0) {
		output_free(&watch.output);
		return -1;
	}
	/* What was killed has ended within END_S; if not, observer_free() makes sure. */
	while (!observer_done(watch.observer) &&
	    (watch.stopped_ns == 0 || clock_now_ns() < watch.stopped_ns + (uint64_t)(END_S * 1e9))) {
		struct pollfd fds[2] = {
			{ .fd = observer_fd(watch.observer), .events = POLLIN },
			{ .fd = watch.output.fd, .events = POLLIN },
		};

		poll(fds, 2, wait_ms(&watch));
		output_read(&watch.output, watch.origin_ns);
		if (observer_step(watch.observer) != 0) {
			snprintf(why, why_size, "out of memory");
			rc = -1;
			break;
		}
		enforce_bounds(&watch, live);
	}
	/* Every process has ended: what is still in the pipe was written before. */
	output_read(&watch.output, watch.origin_ns);
	if (watch.quit) {
		snprintf(why, why_size, "stopped");
		rc = -1;
	}
	if (rc == 0)
		rc = take_run(&watch, measured, why, why_size);
	observer_free(watch.observer);
	output_free(&watch.output);
	return rc;
}

/* ---- the whole check --------------------------------------------------------- */

/* Busy time of the CPUs in `set` since boot (/proc/stat), in seconds; -1 if unknown. */
static double busy_seconds(const cpu_set_t *set)
{
	uint64_t busy[CPU_SETSIZE];
	double total = 0;

	if (cpu_load_busy(busy, CPU_SETSIZE) != 0)
		return -1;
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (CPU_ISSET(cpu, set))
			total += (double)busy[cpu] / 1e9;
	}
	return total;
}

/* metaconc's own CPU time (the observing of the runs is this check's too), in seconds. */
static double own_cpu_seconds(void)
{
	struct rusage usage;

	if (getrusage(RUSAGE_SELF, &usage) != 0)
		return 0;
	return (double)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
	    (double)(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* What the program's runs found of the machine, read before and after them. */
struct machine_reading {
	double busy_s;  /* the CPUs' busy time, or -1 if unknown */
	double own_s;   /* metaconc's own CPU time */
	uint64_t at_ns;
};

static void read_machine(struct machine_reading *reading, const cpu_set_t *set)
{
	reading->busy_s = busy_seconds(set);
	reading->own_s = own_cpu_seconds();
	reading->at_ns = clock_now_ns();
}

/* CPUs that other programs left free between the readings: cpus minus their busy time over the wall time. */
static double free_cpus(int cpus, const struct machine_reading *before, const struct machine_reading *after,
    const struct exercise_run *runs, size_t count)
{
	double wall = (double)(after->at_ns - before->at_ns) / 1e9, ours = after->own_s - before->own_s, others;

	if (before->busy_s < 0 || after->busy_s < 0 || wall <= 0)
		return cpus;
	for (size_t i = 0; i < count; i++)
		ours += runs[i].cpu_s;
	others = (after->busy_s - before->busy_s - ours) / wall;
	if (others < 0)
		others = 0;
	return others > cpus ? 0 : cpus - others;
}

int practice_measure(const struct practice_plan *plan, const struct practice_live *live,
    struct exercise_measurements *measurements, char *why, size_t why_size)
{
	struct exercise_run *runs = calloc(plan->count + 1, sizeof *runs);
	struct machine_reading before, after;
	cpu_set_t set;
	size_t programs = 0, made = 0;

	memset(measurements, 0, sizeof *measurements);
	if (runs == NULL) {
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	measurements->runs = runs;
	measurements->cpus = cpus_usable(&set);
	read_machine(&before, &set);
	after = before;
	for (size_t i = 0; i < plan->count; i++) {
		if (live != NULL && live->run_started != NULL)
			live->run_started(live->context, &plan->runs[i], i, plan->count);
		if (measure_one_run(&plan->runs[i], live, &runs[i], why, why_size) != 0) {
			measurements->run_count = i + 1; /* with what the failed run had taken */
			practice_measurements_free(measurements);
			return -1;
		}
		runs[i].configuration = plan->runs[i].configuration;
		made++;
		if (!plan->runs[i].reference) {
			programs++;
			read_machine(&after, &set);
			/* A run stopped at a bound has failed the check: the rest would only make the learner wait. */
			if (runs[i].stopped != EXERCISE_ENDED)
				break;
		}
	}
	measurements->cpus_free = free_cpus(measurements->cpus, &before, &after, runs, programs);
	measurements->run_count = programs;
	measurements->references = runs + programs;
	measurements->reference_count = made - programs;
	return 0;
}

void practice_measurements_free(struct exercise_measurements *measurements)
{
	size_t total = measurements->run_count + measurements->reference_count;
	/* practice_measure allocates the runs, then the references, as one array: everything in them is ours. */
	struct exercise_run *runs = (struct exercise_run *)measurements->runs;

	for (size_t i = 0; i < total; i++) {
		for (size_t k = 0; k < runs[i].line_count; k++)
			free((char *)runs[i].lines[k].text);
		free((void *)runs[i].lines);
		free((void *)runs[i].lanes);
		free((void *)runs[i].processes);
	}
	free(runs);
	memset(measurements, 0, sizeof *measurements);
}

int practice_check_exercise(const struct exercise *exercise, const char *learner_directory,
    const char *startup_directory, const struct practice_live *live, struct exercise_measurements *measurements,
    struct exercise_report *report, char *why, size_t why_size)
{
	struct practice_plan plan;
	int measured;

	if (practice_plan_make(&plan, exercise, learner_directory, startup_directory) != 0) {
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	measured = practice_measure(&plan, live, measurements, why, why_size);
	practice_plan_free(&plan);
	if (measured != 0)
		return -1;
	if (exercise_check_evaluate(&exercise->check, measurements, report) != 0) {
		practice_measurements_free(measurements);
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	return 0;
}
