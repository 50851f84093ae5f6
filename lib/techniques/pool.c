/*
 * pool.c: the blog's metaclass, building instances on a pool of processes.
 *
 *     class ParallelMeta(type):
 *         def __call__(cls, *args, **kwargs):
 *             pool = multiprocessing.Pool()
 *             return pool.map(cls.__new__, [(cls, *args, **kwargs)])
 *
 * Calling a class in Python, Worker(), runs type(Worker).__call__, and a
 * metaclass may replace it: ParallelMeta moves construction into other
 * processes. (As written it does not even compile: **kwargs cannot stand in
 * a tuple. It also maps one task only, and it never closes its pool.)
 *
 * C has no classes, so both objects are spelled out: a class descriptor, and
 * a metaclass whose `call` hook is what "calling the class" does. The parallel
 * metaclass forks a pool of worker processes. Each takes instance numbers
 * from a counter in shared memory, builds that instance (its __init__ is the
 * expensive task) and sends the bytes back over a pipe, as multiprocessing
 * pickles results back to the parent. The pool is always closed and every
 * process reaped: also when one crashes, hangs, or the run is interrupted.
 */
#include "techniques/pool.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/cpus.h"

#define POOL_STOP_GRACE_NS (300 * CLOCK_NS_PER_MS) /* between asking a process to stop and killing it */

/* region: pool-metaclass */
uint32_t class_call(const struct class_desc *cls, uint32_t count, const struct build_args *args,
    void *instances, const struct technique_env *env, struct technique_report *report)
{
	return cls->metaclass->call(cls, count, args, instances, env, report);
}

/* type.__call__: build each instance right here, one after another. */
static uint32_t type_call(const struct class_desc *cls, uint32_t count, const struct build_args *args,
    void *instances, const struct technique_env *env, struct technique_report *report)
{
	struct work_meter meter;
	struct build_site site = { .plan = env->plan, .meter = &meter, .args = args };
	enum work_status status = WORK_DONE;
	uint32_t built = 0;

	(void)report;
	work_meter_start(&meter, 0, trace_ring(env->trace, 0), (uint64_t)gettid());
	while (built < count && status == WORK_DONE) {
		status = cls->init((char *)instances + built * cls->instance_size, built, &site);
		if (status == WORK_DONE)
			built++;
	}
	work_meter_finish(&meter, status);
	return built;
}

/* ParallelMeta.__call__, corrected: build them all on a pool, and always close it. */
static uint32_t parallel_call(const struct class_desc *cls, uint32_t count, const struct build_args *args,
    void *instances, const struct technique_env *env, struct technique_report *report)
{
	struct pool pool;
	uint32_t built = 0;

	if (pool_open(&pool, cls, args, env, report) == 0)
		built = pool_gather(&pool, cls, count, instances);
	pool_close(&pool); /* the blog never closes its pool */
	return built;
}

const struct metaclass type_metaclass = { .name = "type", .call = type_call };
const struct metaclass parallel_metaclass = { .name = "ParallelMeta", .call = parallel_call };
/* endregion */

/*
 * A freshly forked worker process: the parent handles interrupts and stops
 * the pool cleanly, so terminal signals are ignored here, and the crash
 * handlers the parent installed do not apply. If the parent dies, the kernel
 * kills this process too: a pool never leaves orphans behind.
 */
static void become_worker_process(pid_t parent)
{
	static const int ignored[] = { SIGINT, SIGQUIT, SIGHUP };
	static const int defaults[] = { SIGTERM, SIGPIPE, SIGWINCH, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	sigset_t none;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(0); /* the parent died before we could ask */
	for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++)
		signal(ignored[i], SIG_IGN);
	for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
		signal(defaults[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

static int write_all(int fd, const void *buf, size_t length)
{
	const char *p = buf;

	while (length > 0) {
		ssize_t n = write(fd, p, length);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		length -= (size_t)n;
	}
	return 0;
}

/* region: pool-worker-process */
/*
 * The life of one worker process: take a batch of instance numbers (--batch,
 * 1 by default), build them, and send them to the parent in one message.
 */
static _Noreturn void worker_process(const struct pool *pool, const struct class_desc *cls,
    const struct build_args *args, int worker, int results_fd, pid_t parent)
{
	const struct technique_env *env = pool->env;
	struct work_meter meter;
	struct build_site site = { .plan = env->plan, .meter = &meter, .args = args };
	_Alignas(max_align_t) unsigned char instance[POOL_MAX_INSTANCE_SIZE];
	enum work_status status = WORK_DONE;
	uint32_t first, count;

	become_worker_process(parent);
	if (env->pin != NULL && cpus_pin_current_thread(env->pin) != 0)
		_exit(2);
	work_meter_start(&meter, worker, trace_ring(env->trace, worker), (uint64_t)getpid());
	while (status == WORK_DONE && work_take_tasks(env->plan, env->batch, &first, &count)) {
		size_t length = 0;

		for (uint32_t index = first; index < first + count; index++) {
			status = cls->init(instance, index, &site);
			if (status != WORK_DONE)
				break;
			/* "Pickle" the instance: its index, then its bytes. */
			memcpy(pool->batch + length, &index, sizeof index);
			memcpy(pool->batch + length + sizeof index, instance, cls->instance_size);
			length += sizeof index + cls->instance_size;
		}
		if (length > 0 && write_all(results_fd, pool->batch, length) != 0)
			status = WORK_CANCELLED; /* the parent is gone */
	}
	work_meter_finish(&meter, status);
	_exit(0); /* never exit(): the parent's atexit handlers are not ours to run */
}
/* endregion */

int pool_open(struct pool *pool, const struct class_desc *cls, const struct build_args *args,
    const struct technique_env *env, struct technique_report *report)
{
	pid_t parent = getpid();

	pool->size = 0;
	pool->env = env;
	pool->processes = calloc((size_t)env->workers, sizeof *pool->processes);
	/* Made before the fork, so each process has its own copy (after fork, only the forking thread runs). */
	pool->batch = malloc((size_t)env->batch * (sizeof(uint32_t) + cls->instance_size));
	if (pool->processes == NULL || pool->batch == NULL || cls->instance_size > POOL_MAX_INSTANCE_SIZE) {
		snprintf(report->error, sizeof report->error, "could not set up a pool of %d processes", env->workers);
		return -1;
	}
	for (int i = 0; i < env->workers; i++) {
		struct pool_process *process = &pool->processes[i];
		int fds[2];
		pid_t pid;

		if (pipe2(fds, O_CLOEXEC) != 0) {
			snprintf(report->error, sizeof report->error, "could not make a pipe: %s", strerror(errno));
			work_plan_cancel(env->plan);
			return -1;
		}
		pid = fork();
		if (pid < 0) {
			snprintf(report->error, sizeof report->error, "could not fork worker %d: %s", i + 1, strerror(errno));
			close(fds[0]);
			close(fds[1]);
			work_plan_cancel(env->plan);
			return -1;
		}
		if (pid == 0) {
			close(fds[0]);
			for (int j = 0; j < i; j++)
				close(pool->processes[j].results_fd);
			worker_process(pool, cls, args, i, fds[1], parent);
		}
		close(fds[1]);
		process->pid = pid;
		process->results_fd = fds[0];
		process->progress_ns = clock_now_ns();
		pool->size++;
		report->processes = pool->size;
	}
	return 0;
}

/* Writes a crash event into the ring of a process that is dead: no one else writes it now. */
static void record_crash(struct pool *pool, int worker, enum trace_crash_reason reason, int detail)
{
	struct trace_event crash = {
		.time_ns = clock_now_ns(),
		.reason = reason,
		.task = TRACE_NO_TASK,
		.cpu = TRACE_NO_CPU,
		.kind = TRACE_CRASH,
		.detail = (uint8_t)detail,
	};

	trace_emit(trace_ring(pool->env->trace, worker), &crash);
}

/* region: pool-reap */
/* Reaps process i if it has exited (or waits for it); records how it died. */
static bool reap(struct pool *pool, int i, bool wait)
{
	struct pool_process *process = &pool->processes[i];
	pid_t pid;

	if (process->pid == 0)
		return true;
	do
		pid = waitpid(process->pid, &process->status, wait ? 0 : WNOHANG);
	while (pid < 0 && errno == EINTR);
	if (pid == 0)
		return false;
	process->pid = 0;
	if (process->hung)
		record_crash(pool, i, TRACE_CRASH_HUNG, SIGKILL);
	else if (WIFSIGNALED(process->status) && !process->stopped)
		record_crash(pool, i, TRACE_CRASH_SIGNAL, WTERMSIG(process->status));
	else if (WIFEXITED(process->status) && WEXITSTATUS(process->status) != 0)
		record_crash(pool, i, TRACE_CRASH_EXIT, WEXITSTATUS(process->status));
	return true;
}
/* endregion */

/* Reads what process i sent; an instance is complete once all its bytes are in. */
static void receive(struct pool *pool, int i, const struct class_desc *cls, uint32_t count,
    void *instances, uint32_t *received)
{
	struct pool_process *process = &pool->processes[i];
	size_t wanted = sizeof(uint32_t) + cls->instance_size;
	ssize_t n = read(process->results_fd, process->message + process->message_length,
	    wanted - process->message_length);
	uint32_t index;

	if (n < 0 && errno == EINTR)
		return;
	if (n <= 0) { /* end of file: the process has exited */
		close(process->results_fd);
		process->results_fd = -1;
		reap(pool, i, true);
		return;
	}
	process->message_length += (size_t)n;
	if (process->message_length < wanted)
		return;
	process->message_length = 0;
	memcpy(&index, process->message, sizeof index);
	if (index < count) {
		memcpy((char *)instances + index * cls->instance_size, process->message + sizeof index,
		    cls->instance_size);
		(*received)++;
	}
}

/* A process that has recorded nothing for too long is hung: kill it. */
static void check_progress(struct pool *pool, int i, uint64_t now)
{
	struct pool_process *process = &pool->processes[i];
	uint64_t written = trace_written(trace_ring(pool->env->trace, i));

	if (written != process->progress) {
		process->progress = written;
		process->progress_ns = now;
	} else if (!process->hung && now - process->progress_ns > work_silence_limit_ns(pool->env->plan)) {
		process->hung = true;
		kill(process->pid, SIGKILL);
	}
}

uint32_t pool_gather(struct pool *pool, const struct class_desc *cls, uint32_t count, void *instances)
{
	struct pollfd *fds = calloc((size_t)pool->size, sizeof *fds);
	int *which = calloc((size_t)pool->size, sizeof *which);
	uint32_t received = 0;

	while (fds != NULL && which != NULL && !work_plan_cancelled(pool->env->plan)) {
		uint64_t now = clock_now_ns();
		int open = 0;

		for (int i = 0; i < pool->size; i++) {
			if (pool->processes[i].results_fd < 0)
				continue;
			check_progress(pool, i, now);
			fds[open] = (struct pollfd){ .fd = pool->processes[i].results_fd, .events = POLLIN };
			which[open++] = i;
		}
		if (open == 0)
			break;
		if (poll(fds, (nfds_t)open, 20) <= 0)
			continue;
		for (int k = 0; k < open; k++) {
			if (fds[k].revents != 0)
				receive(pool, which[k], cls, count, instances, &received);
		}
	}
	free(fds);
	free(which);
	return received;
}

static bool all_reaped(struct pool *pool)
{
	bool all = true;

	for (int i = 0; i < pool->size; i++)
		all = reap(pool, i, false) && all;
	return all;
}

/* Sends `sig` to every process still running, marking them as stopped by the pool. */
static void signal_remaining(struct pool *pool, int sig)
{
	for (int i = 0; i < pool->size; i++) {
		if (pool->processes[i].pid != 0) {
			pool->processes[i].stopped = true;
			kill(pool->processes[i].pid, sig);
		}
	}
}

/* Waits until every process is reaped or `ns` has passed. */
static bool wait_for_all(struct pool *pool, uint64_t ns)
{
	uint64_t deadline = clock_now_ns() + ns;

	while (!all_reaped(pool)) {
		if (clock_now_ns() >= deadline)
			return false;
		usleep(2000);
	}
	return true;
}

/* region: pool-close */
void pool_close(struct pool *pool)
{
	/* Ask politely (the cancel flag, then SIGTERM), then insist (SIGKILL). */
	if (!wait_for_all(pool, POOL_STOP_GRACE_NS)) {
		work_plan_cancel(pool->env->plan);
		signal_remaining(pool, SIGTERM);
		if (!wait_for_all(pool, POOL_STOP_GRACE_NS)) {
			signal_remaining(pool, SIGKILL);
			for (int i = 0; i < pool->size; i++)
				reap(pool, i, true);
		}
	}
	for (int i = 0; i < pool->size; i++) {
		if (pool->processes[i].results_fd >= 0)
			close(pool->processes[i].results_fd);
	}
	free(pool->processes);
	free(pool->batch);
	pool->processes = NULL;
	pool->batch = NULL;
	pool->size = 0;
}
/* endregion */

/* An instance of the Worker class, as the parent receives it. */
struct worker_instance {
	uint32_t index;
	int32_t built_by;  /* pid of the process that built it */
	uint64_t checksum; /* the result of its work */
};

/* region: pool-worker-class */
/* Reads the whole argument, as a task does with its data: a checksum of its bytes. */
static uint64_t read_argument(const struct build_args *args)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < args->size; i++)
		sum = sum * 31 + args->data[i];
	return sum;
}

/* Worker.__init__: building a Worker is the expensive task. */
static enum work_status worker_init(void *self, uint32_t index, struct build_site *site)
{
	struct worker_instance *worker = self;
	enum work_status status;

	worker->index = index;
	worker->built_by = (int32_t)getpid();
	status = work_run_task(site->plan, site->meter, index, NULL, &worker->checksum);
	worker->checksum ^= read_argument(site->args);
	return status;
}

/* class Worker(metaclass=ParallelMeta) */
static const struct class_desc worker_class = {
	.name = "Worker",
	.instance_size = sizeof(struct worker_instance),
	.init = worker_init,
	.metaclass = &parallel_metaclass,
};

int pool_run(const struct technique_env *env, struct technique_report *report)
{
	uint32_t count = env->plan->tasks;
	struct worker_instance *workers = calloc(count, sizeof *workers);
	struct build_args args = { .size = (size_t)env->arg_kb * 1024 };
	unsigned char *data = malloc(args.size ? args.size : 1);

	if (workers == NULL || data == NULL) {
		snprintf(report->error, sizeof report->error, "out of memory for %u instances", count);
		free(workers);
		free(data);
		return -1;
	}
	for (size_t i = 0; i < args.size; i++)
		data[i] = (unsigned char)i;
	args.data = data;
	/* workers = Worker(): one call builds every instance, in parallel */
	report->results = class_call(&worker_class, count, &args, workers, env, report);
	free(workers);
	free(data);
	return report->error[0] == '\0' ? 0 : -1;
}
/* endregion */
