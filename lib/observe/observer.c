/*
 * observer.c: a program's threads and processes, recorded from outside.
 *
 * Two mechanisms, each used for what it does exactly:
 *
 *   - ptrace (ptracer.c) stops each traced task at every thread or process
 *     it starts, every exec and every exit, so the observer sees each birth
 *     and death when it happens, however short the life, and reads the
 *     kernel's final totals of a thread at its exit stop;
 *   - in between, the kernel's running totals of each thread are read at
 *     `rate_hz` (procfs.c), and the sampler (sampler.c) turns their growth
 *     into running, preempted, waiting and blocked intervals on its lane.
 *
 * Everything lands in a recording, as metaconc's own runs do, with a
 * process tree beside it that says who each lane is, so every renderer and
 * the live view serve both.
 *
 * A task is a thread (a process is its group of threads; its first thread's
 * id is the process id). The observer answers each stop at once: a traced
 * program waits while stopped, and must not wait for long.
 */
#include "observe/observer.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/cpus.h"
#include "engine/sched_probe.h"
#include "observe/procfs.h"
#include "observe/sampler.h"
#include "observe/supervise.h"

#define MAX_LANES 65535                     /* a lane number must fit an event's worker field */
#define NAME_REFRESH_NS CLOCK_NS_PER_SEC    /* threads may rename themselves: look again this often */
#define END_DEADLINE_NS (2 * CLOCK_NS_PER_SEC) /* killing or letting go of everything takes at most this */
#define PROBE_EVERY_NS (30 * CLOCK_NS_PER_MS) /* the kernel's rings hold seconds of switches: no need for more */
/* Reports answered in one step at most: a fork bomb always has more, and the caller must get to its bounds. */
#define REPORTS_PER_STEP 256
#define RECENT_ENDS 256                     /* task ids whose end was seen, remembered for late news of them */

/* One traced thread. */
struct task {
	pid_t tid;
	pid_t pid;                    /* its process */
	int process;                  /* its process's index in the tree, or -1 before exec */
	int lane;                     /* its lane, or -1 (none: before exec, or over the limit) */
	bool closed;                  /* its lane has ended (its exit was seen) */
	struct procfs_thread files;
	struct sampler_thread sampler;
	bool asleep;                  /* at the last look */
	enum procfs_sleep sleep;
	int cpu;
	uint64_t named_ns;            /* when its name was last read */
};

struct observer {
	struct observer_options options;
	bool attached;
	pid_t top;                    /* the command (start), or the program attached to */
	bool started;                 /* start: it exec'd its program */
	bool top_ended;
	int error_fd;                 /* start: a failed exec writes its errno here */
	int exec_error;               /* the errno it wrote, or 0 */
	int child_fd;                 /* signalfd for SIGCHLD: a traced task reported */
	bool reports_left;            /* the last step left reports unanswered (REPORTS_PER_STEP) */
	sigset_t saved_mask;
	struct supervise_scope scope;
	struct recording recording;
	struct process_tree tree;
	struct task *tasks;
	int task_count, task_capacity;
	pid_t recent_ends[RECENT_ENDS];  /* the last tasks seen to end, oldest overwritten first */
	int recent_next;
	struct sampler_pace pace;
	struct sched_probe *probe;    /* who held each CPU: exact where the kernel allows (engine/sched_probe) */
	bool probe_finished;
	uint64_t next_probe_ns;       /* the probe's rings are read at most this often (PROBE_EVERY_NS) */
	uint64_t started_ns;
	uint64_t next_look_ns;
	int interrupts[NSIG];          /* of each signal, how many were passed on */
	int interrupted_by;
	bool killed;
	bool timed_out;
	bool detaching;
	uint64_t detach_deadline_ns;
	bool detached;
	uint64_t missed_threads;
	uint64_t looks;
	bool out_of_memory;
	/* How the command ended (start), from its own exit report. */
	int exit_status;
	int exit_signal;
	bool core_dumped;
	/* A command started as our terminal's foreground job gives it back when it ends. */
	bool owns_terminal;
	struct termios terminal_modes;
	bool terminal_modes_saved;
};

/* ---- the task table ------------------------------------------------------ */

static struct task *find_task(struct observer *o, pid_t tid)
{
	for (int i = 0; i < o->task_count; i++) {
		if (o->tasks[i].tid == tid)
			return &o->tasks[i];
	}
	return NULL;
}

static struct task *add_task(struct observer *o, pid_t tid, pid_t pid)
{
	struct task *t;

	if (o->task_count == o->task_capacity) {
		int bigger = o->task_capacity ? o->task_capacity * 2 : 16;
		struct task *grown = realloc(o->tasks, (size_t)bigger * sizeof *grown);

		if (grown == NULL)
			return NULL;
		o->tasks = grown;
		o->task_capacity = bigger;
	}
	t = &o->tasks[o->task_count++];
	memset(t, 0, sizeof *t);
	t->tid = tid;
	t->pid = pid;
	t->process = -1;
	t->lane = -1;
	t->files.schedstat_fd = t->files.stat_fd = t->files.syscall_fd = -1;
	t->cpu = -1;
	return t;
}

/*
 * waitpid() reports traced tasks in any order, newest first: a child may
 * start, run and end before its parent, preempted between fork() and its
 * stop, reports forking it (pyenv's shell scripts did, on a loaded
 * machine). That late report must not bring back a task that is gone, or
 * the observation would wait for it forever.
 */
static void remember_end(struct observer *o, pid_t tid)
{
	o->recent_ends[o->recent_next] = tid;
	o->recent_next = (o->recent_next + 1) % RECENT_ENDS;
}

static bool ended_lately(const struct observer *o, pid_t tid)
{
	for (int i = 0; i < RECENT_ENDS; i++) {
		if (o->recent_ends[i] == tid)
			return true;
	}
	return false;
}

static void remove_task(struct observer *o, struct task *t)
{
	procfs_thread_close(&t->files);
	*t = o->tasks[--o->task_count];
}

/* ---- looking at a thread ------------------------------------------------- */

/*
 * One look at a thread now. False if it could not be read (it is gone).
 * With an exact schedule, the CPU a thread ran on is the schedule's: the
 * look skips /proc/.../stat (the dearest file, some 8 us a read) and takes
 * whether it sleeps from its system call alone.
 */
static bool look(struct task *t, uint64_t now, bool exact, struct sampler_reading *reading)
{
	char state;
	int cpu;

	reading->time_ns = now;
	if (procfs_thread_times(&t->files, &reading->run_ns, &reading->wait_ns) != 0)
		return false;
	if (t->asleep && reading->run_ns == t->sampler.run_ns && reading->wait_ns == t->sampler.wait_ns) {
		/* It has not run since the last look: it sleeps on, the same way. */
		reading->sleeping = true;
		reading->sleep = t->sleep;
		reading->cpu = t->cpu;
		return true;
	}
	if (exact) {
		procfs_thread_activity(&t->files, &reading->sleeping, &reading->sleep);
		reading->cpu = TRACE_NO_CPU;
		t->asleep = reading->sleeping;
		t->sleep = reading->sleep;
		return true;
	}
	if (procfs_thread_state(&t->files, &state, &cpu) != 0)
		return false;
	reading->cpu = cpu;
	reading->sleeping = state != 'R';
	reading->sleep = state == 'S' || state == 'D' ? procfs_thread_sleep(&t->files) : PROCFS_SLEEP_BLOCKED;
	t->asleep = reading->sleeping;
	t->sleep = reading->sleep;
	t->cpu = cpu;
	return true;
}

/* True if the schedule (who held which CPU) comes from the kernel's context switches. */
static bool exact_schedule(const struct observer *o)
{
	return o->recording.schedule == RECORDING_EXACT;
}

/* The last look we had, moved to `now`: for a thread that is already gone. */
static void last_look(const struct task *t, uint64_t now, struct sampler_reading *reading)
{
	reading->time_ns = now;
	reading->run_ns = t->sampler.run_ns;
	reading->wait_ns = t->sampler.wait_ns;
	reading->sleeping = t->asleep;
	reading->sleep = t->sleep;
	reading->cpu = t->cpu;
}

/* ---- lanes and processes ------------------------------------------------- */

static uint64_t now_ns(void)
{
	return clock_now_ns();
}

/* The process `pid` in the tree, added (as first seen now) if it is new. */
static int process_for(struct observer *o, pid_t pid, pid_t ppid, uint64_t now)
{
	int p = process_tree_find(&o->tree, (uint32_t)pid);
	struct tree_process *process;

	if (p >= 0 && o->tree.processes[p].fate == TREE_RUNNING)
		return p;
	p = process_tree_add_process(&o->tree, (uint32_t)pid, (uint32_t)ppid, now);
	if (p < 0)
		return -1;
	process = &o->tree.processes[p];
	procfs_thread_name(pid, pid, process->name, sizeof process->name);
	procfs_command_line(pid, process->command, sizeof process->command);
	return p;
}

/* Gives a task its lane from now on: its first look, and its start on the lane. */
static int open_lane(struct observer *o, struct task *t, uint64_t now)
{
	struct sampler_reading first;
	char name[TREE_NAME_SIZE];
	struct trace_event start = {
		.time_ns = now,
		.os_id = (uint64_t)t->tid,
		.task = TRACE_NO_TASK,
		.cpu = TRACE_NO_CPU,
		.kind = TRACE_WORKER_START,
	};
	int lane;

	if (o->recording.lane_count >= MAX_LANES) {
		o->missed_threads++;
		return 0;
	}
	procfs_thread_name(t->pid, t->tid, name, sizeof name);
	lane = recording_add_lane(&o->recording);
	if (lane < 0)
		return -1;
	if (process_tree_add_thread(&o->tree, t->process, (uint32_t)t->tid, name) != lane)
		return -1;
	start.worker = (uint16_t)lane;
	if (recording_append(&o->recording, &start) != 0)
		return -1;
	t->lane = lane;
	t->named_ns = now;
	if (procfs_thread_open(&t->files, t->pid, t->tid) != 0 || !look(t, now, exact_schedule(o), &first))
		last_look(t, now, &first); /* already gone: its exit comes next */
	sampler_begin(&t->sampler, lane, &first);
	return 0;
}

/* Ends a task's lane at its exit: the final look, then its exit (or death by `signal`). */
static int close_lane(struct observer *o, struct task *t, bool can_look, int signal, uint64_t now)
{
	struct sampler_reading final;
	struct trace_event end = {
		.task = TRACE_NO_TASK,
		.cpu = TRACE_NO_CPU,
		.kind = TRACE_WORKER_EXIT,
	};

	if (t->closed || t->lane < 0) {
		t->closed = true;
		return 0;
	}
	t->closed = true;
	if (!can_look || !look(t, now, exact_schedule(o), &final))
		last_look(t, now, &final);
	final.sleeping = false; /* stopped in its exit: that says nothing of how it spent its time */
	if (can_look)
		procfs_thread_name(t->pid, t->tid, o->tree.threads[t->lane].name, TREE_NAME_SIZE);
	procfs_thread_close(&t->files);
	end.time_ns = sampler_end(&t->sampler, &o->recording, &final);
	if (end.time_ns == 0)
		return -1;
	end.worker = (uint16_t)t->lane;
	if (signal != 0) {
		end.kind = TRACE_CRASH;
		end.reason = TRACE_CRASH_SIGNAL;
		end.detail = (uint8_t)signal;
	}
	return recording_append(&o->recording, &end);
}

/* A task the observer has not seen yet: a new thread or process, found from /proc. */
static struct task *new_task(struct observer *o, pid_t tid, pid_t creator, bool new_process, uint64_t now)
{
	pid_t tgid = 0, ppid = 0;
	struct task *t, *parent = find_task(o, creator);

	if (procfs_task_ids(tid, &tgid, &ppid) != 0) {
		/* Gone already, or not readable: what its creator's event says. */
		tgid = new_process || parent == NULL ? tid : parent->pid;
		ppid = parent != NULL ? parent->pid : 0;
	}
	t = add_task(o, tid, tgid);
	if (t == NULL)
		return NULL;
	if (o->killed)
		kill(tid, SIGKILL); /* born while everything is being killed */
	if (!o->started)
		return t; /* before the command's exec: metaconc's own child, nothing to record */
	t->process = process_for(o, tgid, ppid, now);
	if (t->process < 0 || open_lane(o, t, now) != 0)
		return NULL;
	return t;
}

/* ---- what a stop means --------------------------------------------------- */

static void end_process(struct observer *o, pid_t pid, const struct ptracer_stop *stop, uint64_t now)
{
	int p = process_tree_find(&o->tree, (uint32_t)pid);
	struct tree_process *process;

	if (p < 0 || o->tree.processes[p].fate != TREE_RUNNING)
		return;
	process = &o->tree.processes[p];
	process->end_ns = now;
	if (stop->kind == PTRACER_KILLED) {
		process->fate = TREE_KILLED;
		process->signal = stop->signal;
		process->core_dumped = stop->core_dumped;
	} else {
		process->fate = TREE_EXITED;
		process->exit_status = stop->code;
	}
}

/* Takes our terminal back from a foreground command, with the modes it had before. */
static void take_back_terminal(struct observer *o)
{
	sigset_t ttou, saved;

	if (!o->owns_terminal)
		return;
	o->owns_terminal = false;
	/* From the background, tcsetpgrp() would stop us with SIGTTOU. */
	sigemptyset(&ttou);
	sigaddset(&ttou, SIGTTOU);
	sigprocmask(SIG_BLOCK, &ttou, &saved);
	tcsetpgrp(STDIN_FILENO, getpgrp());
	if (o->terminal_modes_saved)
		tcsetattr(STDIN_FILENO, TCSADRAIN, &o->terminal_modes);
	sigprocmask(SIG_SETMASK, &saved, NULL);
}

/* The command's own exit report: its status is metaconc's. */
static void note_top_end(struct observer *o, const struct ptracer_stop *stop)
{
	o->top_ended = true;
	take_back_terminal(o);
	if (stop->kind == PTRACER_KILLED) {
		o->exit_signal = stop->signal;
		o->core_dumped = stop->core_dumped;
		o->exit_status = 128 + stop->signal;
	} else {
		o->exit_status = stop->code;
	}
}

/* A task is gone for good (waitpid reported its death). */
static int task_gone(struct observer *o, struct task *t, const struct ptracer_stop *stop, uint64_t now)
{
	int rc = 0;

	if (!t->closed)
		rc = close_lane(o, t, false, stop->kind == PTRACER_KILLED ? stop->signal : 0, now);
	if (t->tid == t->pid)
		end_process(o, t->pid, stop, now);
	if (t->tid == o->top)
		note_top_end(o, stop);
	remember_end(o, t->tid);
	remove_task(o, t);
	return rc;
}

/* The command ran its program: from here on, everything is recorded. */
static int command_started(struct observer *o, struct task *t, uint64_t now)
{
	pid_t tgid, ppid = getpid();

	o->started = true;
	o->started_ns = now;
	o->recording.origin_ns = now;
	o->recording.now_ns = now;
	o->next_look_ns = now + sampler_pace_interval_ns(&o->pace);
	if (procfs_task_ids(t->tid, &tgid, &ppid) != 0)
		ppid = getpid();
	t->process = process_for(o, t->pid, ppid, now);
	if (t->process < 0)
		return -1;
	o->probe = sched_probe_start(&o->recording);
	return open_lane(o, t, now);
}

/*
 * A process ran a new program (`tid` reported it). If a thread other than
 * the first did it, the kernel gave it the process's id and ended the first
 * thread without a report: the first thread's lane ends here, and the
 * exec'ing thread's lane goes on under its new id.
 */
static int program_changed(struct observer *o, pid_t tid, pid_t former, uint64_t now)
{
	struct tree_process *process;
	struct task *t = find_task(o, former);
	struct task *first = former != tid ? find_task(o, tid) : NULL;

	if (first != NULL) {
		if (close_lane(o, first, false, 0, now) != 0)
			return -1;
		remove_task(o, first);
		t = find_task(o, former); /* the removal may have moved it */
	}
	if (t == NULL)
		t = new_task(o, tid, 0, true, now);
	if (t == NULL)
		return -1;
	if (t->tid != tid) {
		t->tid = tid;
		procfs_thread_close(&t->files);
		procfs_thread_open(&t->files, t->pid, t->tid);
		if (t->lane >= 0)
			o->tree.threads[t->lane].tid = (uint32_t)tid;
	}
	if (t->process < 0)
		return 0;
	process = &o->tree.processes[t->process];
	process->execs++;
	procfs_thread_name(t->pid, t->pid, process->name, sizeof process->name);
	procfs_command_line(t->pid, process->command, sizeof process->command);
	if (t->lane >= 0)
		snprintf(o->tree.threads[t->lane].name, TREE_NAME_SIZE, "%s", process->name);
	return 0;
}

/* Answers one report of a traced task. */
static int handle(struct observer *o, pid_t tid, int status)
{
	struct ptracer_stop stop;
	struct task *t = find_task(o, tid);
	uint64_t now = now_ns();
	int rc = 0;

	ptracer_decode(tid, status, &stop);
	if (stop.kind == PTRACER_EXITED || stop.kind == PTRACER_KILLED) {
		if (t != NULL)
			rc = task_gone(o, t, &stop, now);
		return rc;
	}
	if (t == NULL && stop.kind != PTRACER_EXECED) {
		/* A new task's first stop may come before its creator's event. */
		t = new_task(o, tid, 0, false, now);
		if (t == NULL)
			rc = -1;
	}
	switch (stop.kind) {
	case PTRACER_CREATED:
		if (find_task(o, stop.child) == NULL && !ended_lately(o, stop.child) &&
		    new_task(o, stop.child, tid, stop.new_process, now) == NULL)
			rc = -1;
		break;
	case PTRACER_EXECED:
		if (t != NULL && !o->started && tid == o->top)
			rc = command_started(o, t, now);
		else if (o->started)
			rc = program_changed(o, tid, stop.child, now);
		break;
	case PTRACER_EXITING:
		if (t != NULL && o->started)
			rc = close_lane(o, t, true, WIFSIGNALED(stop.status) ? WTERMSIG(stop.status) : 0, now);
		break;
	default:
		break;
	}
	if (o->detaching) {
		ptracer_detach(&stop);
		t = find_task(o, tid);
		if (t != NULL)
			remove_task(o, t);
		return rc;
	}
	ptracer_resume(&stop);
	return rc;
}

/*
 * No child and no traced task is left (waitpid says so), yet some tasks
 * are in the table: their end went unreported (a kernel that does not stop
 * a task killed by SIGKILL at its exit, or a report lost to a race). They
 * are gone: end their lanes now, or the observation would never end.
 */
static void forget_everything(struct observer *o)
{
	uint64_t now = now_ns();

	while (o->task_count > 0) {
		struct task *t = &o->tasks[o->task_count - 1];
		struct ptracer_stop gone = { .tid = t->tid, .kind = PTRACER_EXITED };

		task_gone(o, t, &gone, now);
	}
	if (!o->attached)
		o->top_ended = true;
}

/* Answers every task that has reported. */
static int answer_all(struct observer *o)
{
	struct signalfd_siginfo info;
	int status, rc = 0, answered = 0;
	pid_t tid;

	while (read(o->child_fd, &info, sizeof info) == (ssize_t)sizeof info)
		continue;
	o->reports_left = false;
	while ((tid = waitpid(-1, &status, __WALL | WNOHANG)) > 0) {
		if (handle(o, tid, status) != 0)
			rc = -1;
		if (++answered == REPORTS_PER_STEP) {
			o->reports_left = true; /* the next step comes at once: observer_timeout_ms() says 0 */
			return rc;
		}
	}
	if (tid < 0 && errno == ECHILD && o->task_count > 0)
		forget_everything(o);
	return rc;
}

/* ---- looking at every thread --------------------------------------------- */

static int look_at_all(struct observer *o, uint64_t now)
{
	o->looks++;
	for (int i = 0; i < o->task_count; i++) {
		struct task *t = &o->tasks[i];
		struct sampler_reading reading;

		if (t->lane < 0 || t->closed || !look(t, now, exact_schedule(o), &reading))
			continue;
		if (sampler_feed(&t->sampler, &o->recording, &reading) != 0)
			return -1;
		if (now - t->named_ns >= NAME_REFRESH_NS) {
			procfs_thread_name(t->pid, t->tid, o->tree.threads[t->lane].name, TREE_NAME_SIZE);
			t->named_ns = now;
		}
	}
	sampler_pace_check(&o->pace, &o->recording, now);
	return 0;
}

/* ---- the observer's life ------------------------------------------------- */

void observer_options_init(struct observer_options *options)
{
	memset(options, 0, sizeof *options);
	options->terminal_fd = -1;
	options->output_fd = -1;
}

static struct observer *new_observer(const struct observer_options *options)
{
	struct observer *o = calloc(1, sizeof *o);
	sigset_t child;

	if (o == NULL)
		return NULL;
	o->options = *options;
	if (o->options.rate_hz == 0)
		o->options.rate_hz = SAMPLER_DEFAULT_HZ;
	o->error_fd = -1;
	o->child_fd = -1;
	process_tree_init(&o->tree);
	sampler_pace_init(&o->pace, o->options.rate_hz);
	if (recording_init(&o->recording, 0, cpus_configured(), false, now_ns()) != 0) {
		free(o);
		return NULL;
	}
	/* A traced task's report raises SIGCHLD: read through a descriptor, so one poll waits for everything. */
	sigemptyset(&child);
	sigaddset(&child, SIGCHLD);
	sigprocmask(SIG_BLOCK, &child, &o->saved_mask);
	o->child_fd = signalfd(-1, &child, SFD_NONBLOCK | SFD_CLOEXEC);
	if (o->child_fd < 0) {
		sigprocmask(SIG_SETMASK, &o->saved_mask, NULL);
		recording_free(&o->recording);
		free(o);
		return NULL;
	}
	return o;
}

/* Waits for reports for up to timeout_ms. */
static void wait_for_reports(struct observer *o, int timeout_ms)
{
	struct pollfd fd = { .fd = o->child_fd, .events = POLLIN };

	poll(&fd, 1, timeout_ms);
}

/* Why exec failed, as the exit status a shell would give and a few words. */
static int exec_failure(int error, char *why, size_t why_size)
{
	if (error == ENOENT) {
		snprintf(why, why_size, "command not found");
		return OBSERVER_NOT_FOUND;
	}
	snprintf(why, why_size, "%s", strerror(error));
	return OBSERVER_NOT_RUNNABLE;
}

/*
 * metaconc's environment with `added` ("NAME=value", NULL-ended) put in,
 * replacing a variable of the same name: built before fork, as the child
 * may only make async-signal-safe calls. NULL if out of memory.
 */
static char **environment_with(char *const *added)
{
	extern char **environ;
	size_t ours = 0, extra = 0, n = 0;
	char **merged;

	while (environ[ours] != NULL)
		ours++;
	while (added[extra] != NULL)
		extra++;
	merged = calloc(ours + extra + 1, sizeof *merged);
	if (merged == NULL)
		return NULL;
	for (size_t i = 0; i < ours; i++) {
		bool replaced = false;

		for (size_t k = 0; k < extra && !replaced; k++) {
			size_t name = strcspn(added[k], "=");

			replaced = strncmp(environ[i], added[k], name) == 0 && environ[i][name] == '=';
		}
		if (!replaced)
			merged[n++] = environ[i];
	}
	for (size_t k = 0; k < extra; k++)
		merged[n++] = added[k];
	return merged;
}

struct observer *observer_start(char *const argv[], const struct observer_options *options, int *status,
    char *why, size_t why_size)
{
	struct observer *o = new_observer(options);
	struct ptracer_launch launch;
	char **environment = NULL;
	int error = 0;

	*status = 1;
	if (o == NULL) {
		snprintf(why, why_size, "out of memory");
		return NULL;
	}
	supervise_begin(&o->scope);
	if (options->terminal_fd < 0 && options->output_fd < 0 && options->foreground) {
		o->terminal_modes_saved = tcgetattr(STDIN_FILENO, &o->terminal_modes) == 0;
		o->owns_terminal = true;
	}
	launch = (struct ptracer_launch){
		.argv = argv,
		.terminal_fd = options->terminal_fd,
		.output_fd = options->output_fd,
		.foreground = options->foreground,
		.limits = options->limits,
		.limit_count = options->limit_count,
		.directory = options->directory,
		.mask = &o->saved_mask,
	};
	if (options->environment != NULL) {
		environment = environment_with(options->environment);
		if (environment == NULL) {
			snprintf(why, why_size, "out of memory");
			observer_free(o);
			return NULL;
		}
		launch.environment = environment;
	}
	o->top = ptracer_start(&launch, &o->error_fd, why, why_size);
	free(environment); /* the child has its copy */
	if (o->top < 0 || add_task(o, o->top, o->top) == NULL) {
		observer_free(o);
		return NULL;
	}
	/* Until it exec'd (nothing missed from its first instruction on), or failed to. */
	while (!o->started && !o->top_ended) {
		wait_for_reports(o, 100);
		if (answer_all(o) != 0)
			o->out_of_memory = true;
	}
	if (!o->started) {
		if (read(o->error_fd, &error, sizeof error) == (ssize_t)sizeof error)
			*status = exec_failure(error, why, why_size);
		else
			snprintf(why, why_size, "it ended before it started");
		observer_free(o);
		return NULL;
	}
	*status = 0;
	return o;
}

/* Attaches to every thread of process pid not attached yet. Returns 0 or an errno value. */
static int attach_process(struct observer *o, pid_t pid, pid_t ppid, uint64_t now)
{
	pid_t tids[1024];
	bool found_new = true;

	while (found_new) {
		int count = procfs_list_threads(pid, tids, 1024);

		if (count < 0)
			return ESRCH;
		found_new = false;
		for (int i = 0; i < count && i < 1024; i++) {
			struct task *t;
			int rc;

			if (find_task(o, tids[i]) != NULL)
				continue;
			rc = ptracer_seize(tids[i], false);
			if (rc == ESRCH)
				continue; /* it ended meanwhile */
			if (rc != 0)
				return rc;
			found_new = true;
			t = add_task(o, tids[i], pid);
			if (t == NULL)
				return ENOMEM;
			t->process = process_for(o, pid, ppid, now);
			if (t->process < 0 || open_lane(o, t, now) != 0)
				return ENOMEM;
		}
	}
	return 0;
}

/* Attaches to pid and, depth first, to every process under it. */
static int attach_tree(struct observer *o, pid_t pid, pid_t ppid, uint64_t now, int depth)
{
	pid_t children[256];
	int rc = attach_process(o, pid, ppid, now), count;

	if (rc != 0 || depth > 64)
		return rc;
	count = procfs_list_children(pid, children, 256);
	for (int i = 0; i < count && i < 256; i++) {
		if (attach_tree(o, children[i], pid, now, depth + 1) == ENOMEM)
			return ENOMEM;
	}
	return 0;
}

struct observer *observer_attach(pid_t pid, const struct observer_options *options, char *why,
    size_t why_size)
{
	struct observer *o;
	pid_t tgid = 0, ppid = 0;
	uint64_t now;
	int rc;

	if (pid == getpid()) {
		snprintf(why, why_size, "%d is metaconc itself", (int)pid);
		return NULL;
	}
	if (kill(pid, 0) != 0) {
		snprintf(why, why_size, errno == ESRCH ? "no process %d" : "process %d is not yours (%s)", (int)pid,
		    strerror(errno));
		return NULL;
	}
	if (procfs_task_ids(pid, &tgid, &ppid) != 0 || tgid != pid) {
		snprintf(why, why_size, "%d is not a process id (a thread's?)", (int)pid);
		return NULL;
	}
	o = new_observer(options);
	if (o == NULL) {
		snprintf(why, why_size, "out of memory");
		return NULL;
	}
	o->attached = true;
	o->top = pid;
	o->started = true;
	now = now_ns();
	o->started_ns = now;
	o->recording.origin_ns = now;
	o->recording.now_ns = now;
	o->next_look_ns = now + sampler_pace_interval_ns(&o->pace);
	o->probe = sched_probe_start(&o->recording);
	rc = attach_tree(o, pid, ppid, now, 0);
	if (rc != 0) {
		if (rc == EPERM)
			snprintf(why, why_size, "cannot trace process %d: %s (is it traced already, or does "
			    "kernel.yama.ptrace_scope forbid it? see 'metaconc help trace')", (int)pid, strerror(rc));
		else
			snprintf(why, why_size, "cannot trace process %d: %s", (int)pid, strerror(rc));
		observer_free(o);
		return NULL;
	}
	return o;
}

int observer_fd(const struct observer *o)
{
	return o->child_fd;
}

int observer_timeout_ms(const struct observer *o)
{
	uint64_t now = now_ns();

	if (o->detaching)
		return 10;
	if (o->reports_left || now >= o->next_look_ns)
		return 0;
	return (int)((o->next_look_ns - now + CLOCK_NS_PER_MS - 1) / CLOCK_NS_PER_MS);
}

int observer_step(struct observer *o)
{
	uint64_t now;
	int rc = answer_all(o);

	now = now_ns();
	if (o->detaching) {
		if (o->task_count == 0 || now >= o->detach_deadline_ns) {
			/* Any still unanswered are let go when metaconc exits: the kernel detaches them. */
			o->detaching = false;
			o->detached = true;
			for (int i = 0; i < o->task_count; i++)
				procfs_thread_close(&o->tasks[i].files);
			o->task_count = 0;
		}
		if (o->detached && o->probe != NULL && !o->probe_finished) {
			sched_probe_finish(o->probe, o->recording.now_ns);
			o->probe_finished = true;
		}
		return rc;
	}
	if (o->options.time_limit_ns != 0 && !o->killed && now - o->started_ns >= o->options.time_limit_ns) {
		o->timed_out = true;
		observer_kill(o);
	}
	if (now >= o->next_look_ns && o->task_count > 0) {
		if (look_at_all(o, now) != 0)
			rc = -1;
		o->next_look_ns += sampler_pace_interval_ns(&o->pace);
		if (o->next_look_ns <= now)
			o->next_look_ns = now + sampler_pace_interval_ns(&o->pace);
	}
	if (o->probe != NULL && !o->probe_finished) {
		if (observer_done(o)) {
			sched_probe_finish(o->probe, o->recording.now_ns);
			o->probe_finished = true;
		} else if (now >= o->next_probe_ns) {
			sched_probe_poll(o->probe, now);
			o->next_probe_ns = now + PROBE_EVERY_NS;
		}
	}
	if (rc != 0)
		o->out_of_memory = true;
	return rc;
}

bool observer_done(const struct observer *o)
{
	if (o->detached)
		return true;
	return o->task_count == 0 && (o->attached || o->top_ended);
}

/* The pids of every process still running. */
static int live_processes(const struct observer *o, pid_t *pids, int max)
{
	int count = 0;

	for (int i = 0; i < o->task_count && count < max; i++) {
		if (o->tasks[i].tid == o->tasks[i].pid)
			pids[count++] = o->tasks[i].pid;
	}
	return count;
}

void observer_kill(struct observer *o)
{
	pid_t *pids = malloc((size_t)(o->task_count + 1) * sizeof *pids);
	int count = pids != NULL ? live_processes(o, pids, o->task_count) : 0;

	o->killed = true;
	supervise_kill(pids, count, o->attached ? 0 : o->top);
	free(pids);
}

void observer_detach(struct observer *o)
{
	uint64_t now = now_ns();

	if (!o->attached || o->detaching || o->detached)
		return;
	/* One last look, so each lane reaches this moment; then every thread is asked to stop for us. */
	look_at_all(o, now);
	for (int i = 0; i < o->tree.process_count; i++) {
		struct tree_process *process = &o->tree.processes[i];

		if (process->fate == TREE_RUNNING) {
			process->fate = TREE_DETACHED;
			process->end_ns = now;
		}
	}
	for (int i = 0; i < o->task_count; i++)
		ptracer_interrupt(o->tasks[i].tid);
	o->detaching = true;
	o->detach_deadline_ns = now + END_DEADLINE_NS / 2;
}

void observer_interrupt(struct observer *o, int sig)
{
	if (o->attached) {
		observer_detach(o);
		return;
	}
	if (sig <= 0 || sig >= NSIG)
		return;
	/* A second of the same kills: the user insists. */
	if (o->interrupts[sig]++ > 0) {
		observer_kill(o);
		return;
	}
	if (o->interrupted_by == 0)
		o->interrupted_by = sig;
	kill(-o->top, sig);
}

const struct recording *observer_recording(const struct observer *o)
{
	return &o->recording;
}

const struct process_tree *observer_tree(const struct observer *o)
{
	return &o->tree;
}

pid_t observer_pid(const struct observer *o)
{
	return o->top;
}

void observer_facts(struct observer *o, struct observed *observed)
{
	memset(observed, 0, sizeof *observed);
	observed->attached_pid = o->attached ? (uint32_t)o->top : 0;
	observed->recording = &o->recording;
	observed->tree = &o->tree;
	observed->ended = o->top_ended;
	observed->exit_status = o->exit_status;
	observed->signal = o->exit_signal;
	observed->core_dumped = o->core_dumped;
	observed->detached = o->detached || o->detaching;
	observed->timed_out = o->timed_out;
	observed->interrupted_by = o->interrupted_by;
	observed->killed = o->killed && !o->timed_out;
	observed->rate_hz = o->pace.first_hz;
	observed->final_rate_hz = o->pace.hz;
	observed->rate_lowered_ns = o->pace.lowered_at_ns > o->recording.origin_ns ?
	    o->pace.lowered_at_ns - o->recording.origin_ns : 0;
	observed->missed_threads = o->missed_threads;
	observed->looks = o->looks;
	observed->exact_cpus = o->recording.schedule == RECORDING_EXACT;
}

int observer_result(struct observer *o, struct observed *observed)
{
	observer_facts(o, observed);
	return observed_compute_stats(observed);
}

/* Kills or lets go of whatever still runs, and waits until every task has reported its end. */
static void end_everything(struct observer *o)
{
	uint64_t deadline = now_ns() + END_DEADLINE_NS;

	if (o->attached)
		observer_detach(o);
	else if (o->task_count > 0)
		observer_kill(o);
	while (!observer_done(o) && o->task_count > 0 && now_ns() < deadline) {
		wait_for_reports(o, 10);
		observer_step(o);
	}
	/*
	 * Past the deadline (a fork bomb's thousands of tasks), a task may be
	 * left in a stop we have read and not answered: it would wait for us
	 * forever while supervise_end() waits for it. Let every one go; killed,
	 * they die, and supervise_end() reaps them.
	 */
	for (int i = 0; i < o->task_count; i++)
		ptrace(PTRACE_DETACH, o->tasks[i].tid, NULL, NULL);
}

void observer_free(struct observer *o)
{
	if (o == NULL)
		return;
	end_everything(o);
	take_back_terminal(o);
	for (int i = 0; i < o->task_count; i++)
		procfs_thread_close(&o->tasks[i].files);
	if (o->probe != NULL && !o->probe_finished)
		sched_probe_finish(o->probe, o->recording.now_ns);
	sched_probe_free(o->probe);
	supervise_end(&o->scope);
	if (o->error_fd >= 0)
		close(o->error_fd);
	if (o->child_fd >= 0)
		close(o->child_fd);
	sigprocmask(SIG_SETMASK, &o->saved_mask, NULL);
	free(o->tasks);
	recording_free(&o->recording);
	process_tree_free(&o->tree);
	free(o);
}
