/*
 * work.c: the tasks the workers run, and the stopwatch that records them.
 *
 * A CPU task is a fixed amount of arithmetic, calibrated so that one "slice"
 * takes about 1 ms of CPU time, and the task is task_ms slices. After each
 * slice the worker records the wall time and the thread CPU time it took: if
 * the two differ, the thread was preempted for the difference. An I/O task
 * waits on a pipe that stays silent, so the thread is blocked and uses no CPU.
 * A run is cancelled by writing to a second pipe: a blocked worker wakes at
 * once, a running one stops at its next slice.
 */
#include "techniques/work.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/clock.h"

/* The CPU work: an xorshift generator, a chain of dependent steps no compiler can skip. */
static uint64_t burn(uint64_t iterations, uint64_t x)
{
	for (uint64_t i = 0; i < iterations; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
	}
	return x;
}

uint64_t work_calibrate(void)
{
	const uint64_t iterations = 1u << 18;
	static volatile uint64_t sink;
	uint64_t best = 0;

	/* Measured in CPU time, so being preempted meanwhile does not skew it. */
	for (int round = 0; round < 7; round++) {
		uint64_t start = clock_thread_cpu_ns();
		uint64_t used;

		sink = burn(iterations, sink + 88172645463325252ull);
		used = clock_thread_cpu_ns() - start;
		if (used > 0 && iterations * CLOCK_NS_PER_MS / used > best)
			best = iterations * CLOCK_NS_PER_MS / used;
	}
	return best > 0 ? best : 1;
}

struct work_plan *work_plan_create(enum work_kind kind, uint32_t tasks, uint32_t task_ms,
    uint64_t iterations_per_ms)
{
	struct work_plan *plan;
	int fds[2];

	plan = mmap(NULL, sizeof *plan, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (plan == MAP_FAILED)
		return NULL;
	if (pipe2(fds, O_CLOEXEC) != 0) {
		int error = errno; /* the caller reports it */

		munmap(plan, sizeof *plan);
		errno = error;
		return NULL;
	}
	plan->kind = kind;
	plan->tasks = tasks;
	plan->task_ms = task_ms;
	plan->iterations_per_ms = iterations_per_ms;
	plan->cancel_read_fd = fds[0];
	plan->cancel_write_fd = fds[1];
	atomic_init(&plan->next_task, 0);
	atomic_init(&plan->tasks_done, 0);
	atomic_init(&plan->cancelled, 0);
	atomic_init(&plan->fault_struck, 0);
	plan->fault.kind = FAULT_NONE;
	return plan;
}

void work_plan_destroy(struct work_plan *plan)
{
	if (plan == NULL)
		return;
	close(plan->cancel_read_fd);
	close(plan->cancel_write_fd);
	munmap(plan, sizeof *plan);
}

void work_plan_cancel(struct work_plan *plan)
{
	if (atomic_exchange(&plan->cancelled, 1) == 0) {
		/* Never read: the pipe stays readable and wakes every poll() on it. */
		while (write(plan->cancel_write_fd, "x", 1) < 0 && errno == EINTR)
			;
	}
}

bool work_plan_cancelled(struct work_plan *plan)
{
	return atomic_load_explicit(&plan->cancelled, memory_order_relaxed) != 0;
}

void work_meter_start(struct work_meter *meter, int worker, struct trace_ring *ring, uint64_t os_id)
{
	meter->ring = ring;
	meter->worker = worker;
	meter->work_intervals = 0;
	meter->mark_ns = clock_now_ns();
	meter->mark_cpu_ns = clock_thread_cpu_ns();
	if (ring != NULL) {
		struct trace_event event = {
			.time_ns = meter->mark_ns,
			.os_id = os_id,
			.task = TRACE_NO_TASK,
			.cpu = (int16_t)sched_getcpu(),
			.kind = TRACE_WORKER_START,
		};
		trace_emit(ring, &event);
	}
}

/* region: work-meter-record */
void work_meter_record(struct work_meter *meter, enum trace_kind kind, uint32_t task)
{
	uint64_t now = clock_now_ns();
	uint64_t cpu_now = clock_thread_cpu_ns();

	if (meter->ring != NULL) {
		struct trace_event event = {
			.time_ns = meter->mark_ns,
			.duration_ns = now - meter->mark_ns,
			/* Only a run interval's CPU time is the lane's own (in async, others run meanwhile). */
			.cpu_time_ns = kind == TRACE_RUN ? cpu_now - meter->mark_cpu_ns : 0,
			.task = task,
			.cpu = (int16_t)sched_getcpu(),
			.kind = (uint8_t)kind,
		};
		trace_emit(meter->ring, &event);
	}
	meter->mark_ns = now;
	meter->mark_cpu_ns = cpu_now;
	if (kind == TRACE_RUN || kind == TRACE_BLOCK)
		meter->work_intervals++;
}
/* endregion */

void work_meter_skip(struct work_meter *meter)
{
	meter->mark_ns = clock_now_ns();
	meter->mark_cpu_ns = clock_thread_cpu_ns();
}

void work_meter_instant(struct work_meter *meter, enum trace_kind kind, uint32_t task)
{
	if (meter->ring != NULL) {
		struct trace_event event = {
			.time_ns = meter->mark_ns,
			.task = task,
			.cpu = (int16_t)sched_getcpu(),
			.kind = (uint8_t)kind,
		};
		trace_emit(meter->ring, &event);
	}
}

void work_meter_finish(struct work_meter *meter, enum work_status status)
{
	if (meter->ring == NULL)
		return;
	if (status == WORK_FAILED) {
		struct trace_event crash = {
			.time_ns = meter->mark_ns,
			.reason = TRACE_CRASH_FAILED,
			.task = TRACE_NO_TASK,
			.cpu = (int16_t)sched_getcpu(),
			.kind = TRACE_CRASH,
		};
		trace_emit(meter->ring, &crash);
		return;
	}
	work_meter_instant(meter, TRACE_WORKER_EXIT, TRACE_NO_TASK);
}

bool work_take_task(struct work_plan *plan, uint32_t *task)
{
	uint32_t count;

	return work_take_tasks(plan, 1, task, &count);
}

bool work_take_tasks(struct work_plan *plan, uint32_t batch, uint32_t *first, uint32_t *count)
{
	uint32_t next;

	if (work_plan_cancelled(plan))
		return false;
	next = atomic_fetch_add(&plan->next_task, batch);
	if (next >= plan->tasks)
		return false;
	*first = next;
	*count = plan->tasks - next < batch ? plan->tasks - next : batch;
	return true;
}

/*
 * The injected fault strikes the chosen worker right after its first
 * interval of work, so its lane shows it working before it fails.
 */
static enum work_status strike_fault_if_due(struct work_plan *plan, struct work_meter *meter)
{
	const struct fault *fault = &plan->fault;
	struct pollfd never = { .fd = plan->cancel_read_fd, .events = POLLIN };

	if (fault->kind == FAULT_NONE || fault->worker != meter->worker || meter->work_intervals != 1)
		return WORK_DONE;
	if (atomic_exchange(&plan->fault_struck, 1) != 0)
		return WORK_DONE;
	if (fault->kind == FAULT_HANG) {
		/* Wait for something that never comes: only a cancel (or a kill) ends this. */
		while (poll(&never, 1, -1) <= 0)
			;
		return WORK_CANCELLED;
	}
	if (fault->in_process) {
		signal(SIGSEGV, SIG_DFL);
		raise(SIGSEGV); /* a real crash: the process dies by the signal */
	}
	return WORK_FAILED;
}

enum work_status work_cpu_slice(struct work_plan *plan, struct work_meter *meter, uint32_t task,
    uint64_t *x)
{
	if (work_plan_cancelled(plan))
		return WORK_CANCELLED;
	*x = burn(plan->iterations_per_ms, *x);
	work_meter_record(meter, TRACE_RUN, task);
	return strike_fault_if_due(plan, meter);
}

enum work_status work_fault_check(struct work_plan *plan, struct work_meter *meter)
{
	return strike_fault_if_due(plan, meter);
}

/* Runs `ms` slices of about 1 ms of CPU work each. */
static enum work_status run_cpu_slices(struct work_plan *plan, struct work_meter *meter,
    uint32_t task, const struct work_hooks *hooks, uint32_t ms, uint64_t *x)
{
	for (uint32_t slice = 0; slice < ms; slice++) {
		enum work_status status;

		if (hooks != NULL && hooks->before_cpu_slice != NULL)
			hooks->before_cpu_slice(hooks->ctx, meter);
		status = work_cpu_slice(plan, meter, task, x);
		if (status != WORK_DONE)
			return status;
		if (hooks != NULL && hooks->after_cpu_slice != NULL)
			hooks->after_cpu_slice(hooks->ctx, meter);
	}
	return WORK_DONE;
}

/* region: work-block */
/* Blocks for `ms` milliseconds waiting on the cancel pipe, as a read waits for data. */
enum work_status work_block(struct work_plan *plan, struct work_meter *meter, uint32_t task,
    uint32_t ms)
{
	uint64_t deadline = clock_now_ns() + ms * CLOCK_NS_PER_MS;
	struct pollfd pipe_fd = { .fd = plan->cancel_read_fd, .events = POLLIN };
	int ready = 0;

	work_meter_instant(meter, TRACE_BLOCK_BEGIN, task);
	for (;;) {
		uint64_t now = clock_now_ns();

		if (now >= deadline)
			break;
		ready = poll(&pipe_fd, 1, (int)((deadline - now + CLOCK_NS_PER_MS - 1) / CLOCK_NS_PER_MS));
		if (ready > 0 || (ready < 0 && errno != EINTR))
			break;
	}
	work_meter_record(meter, TRACE_BLOCK, task);
	if (ready > 0)
		return WORK_CANCELLED;
	return strike_fault_if_due(plan, meter);
}

/* The same inside a task, after the technique's hook (the GIL drops the lock here). */
static enum work_status block_for(struct work_plan *plan, struct work_meter *meter,
    uint32_t task, const struct work_hooks *hooks, uint32_t ms)
{
	if (hooks != NULL && hooks->before_block != NULL)
		hooks->before_block(hooks->ctx, meter);
	return work_block(plan, meter, task, ms);
}
/* endregion */

/* In a mixed task, CPU and I/O take turns in phases of up to 5 ms. */
static uint32_t mixed_phase_ms(uint32_t task_ms)
{
	uint32_t phase = task_ms / 2;

	if (phase > 5)
		phase = 5;
	return phase > 0 ? phase : 1;
}

uint32_t work_phase_ms(const struct work_plan *plan)
{
	return plan->kind == WORK_MIXED ? mixed_phase_ms(plan->task_ms) : plan->task_ms;
}

enum work_status work_run_task(struct work_plan *plan, struct work_meter *meter, uint32_t task,
    const struct work_hooks *hooks, uint64_t *checksum)
{
	uint32_t remaining = plan->task_ms;
	uint32_t phase_ms = work_phase_ms(plan);
	bool cpu_phase = plan->kind != WORK_IO;
	uint64_t x = 88172645463325252ull + task;

	work_meter_instant(meter, TRACE_TASK_BEGIN, task);
	while (remaining > 0) {
		uint32_t ms = phase_ms < remaining ? phase_ms : remaining;
		enum work_status status;

		if (cpu_phase)
			status = run_cpu_slices(plan, meter, task, hooks, ms, &x);
		else
			status = block_for(plan, meter, task, hooks, ms);
		if (status != WORK_DONE)
			return status;
		remaining -= ms;
		if (plan->kind == WORK_MIXED)
			cpu_phase = !cpu_phase;
	}
	work_meter_instant(meter, TRACE_TASK_END, task);
	atomic_fetch_add(&plan->tasks_done, 1);
	*checksum = x;
	return WORK_DONE;
}

enum work_status work_run_tasks(struct work_plan *plan, struct work_meter *meter,
    const struct work_hooks *hooks)
{
	uint32_t task;
	uint64_t checksum;

	enum work_status status = WORK_DONE;

	while (status == WORK_DONE && work_take_task(plan, &task))
		status = work_run_task(plan, meter, task, hooks, &checksum);
	if (hooks != NULL && hooks->after_tasks != NULL)
		hooks->after_tasks(hooks->ctx, meter);
	if (status == WORK_DONE && work_plan_cancelled(plan))
		status = WORK_CANCELLED;
	return status;
}

uint64_t work_silence_limit_ns(const struct work_plan *plan)
{
	return (plan->task_ms + 1000ull) * CLOCK_NS_PER_MS;
}

const char *work_kind_name(enum work_kind kind)
{
	switch (kind) {
	case WORK_CPU:
		return "cpu";
	case WORK_IO:
		return "io";
	case WORK_MIXED:
		return "mixed";
	}
	return "?";
}

int work_kind_parse(const char *name, enum work_kind *kind)
{
	static const enum work_kind kinds[] = { WORK_CPU, WORK_IO, WORK_MIXED };

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (strcmp(name, work_kind_name(kinds[i])) == 0) {
			*kind = kinds[i];
			return 0;
		}
	}
	return -1;
}
