/*
 * async.c: concurrency without parallelism: one thread, an event loop and
 * cooperative tasks, the way Python's asyncio runs coroutines.
 *
 * A task is a coroutine, written in C as a small state machine: the loop
 * calls its step function, which runs until the task's next `await` and
 * says what the task awaits. Either nothing: it did a slice of CPU work and
 * yields, like `await asyncio.sleep(0)`, to be ready again at once. Or I/O:
 * it starts a wait (a timer here, as `await asyncio.sleep(t)` or a socket
 * read would be) and is not ready until the wait is over. The loop keeps
 * the ready tasks in a queue and runs one step of each in turn; when none
 * is ready it sleeps in epoll_wait until some I/O completes (a timerfd
 * expires). One step runs at any moment, on the loop's one thread: the tasks
 * are concurrent, never parallel.
 *
 * Each task has a lane of its own on the timeline, every one of them on the
 * same thread: running (its step holds the thread and a CPU), ready but
 * waiting for the event loop (~: another task's step holds the thread), or
 * awaiting I/O (=).
 *
 * A blocking call inside a task (--blocking: a plain sleep where an await
 * belongs) holds the loop's thread for the whole call, so no other task can
 * run, however ready: the loop stalls. --offload runs the same call in a
 * helper thread, as asyncio.to_thread does, and the task awaits it; the
 * others run meanwhile. The helper thread has a lane of its own.
 */
#include "techniques/async.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/cpus.h"

/* What a task's step ended on. */
enum await_kind {
	AWAIT_NOTHING, /* it yielded: ready again at once */
	AWAIT_IO,      /* it awaits its I/O (its timer) */
	AWAIT_HELPER,  /* it awaits a helper thread (--offload) */
	TASK_FINISHED, /* it returned */
	TASK_STOPPED,  /* the run was cancelled, or the task failed */
};

/* One task: a coroutine's state between two steps. */
struct async_task {
	int number;                /* its task number and its lane */
	struct work_meter meter;   /* its lane's stopwatch */
	uint32_t left_ms;          /* work left in the task */
	uint32_t phase_left_ms;    /* work left in its current phase */
	bool cpu_phase;            /* the phase burns CPU (else it waits for I/O) */
	bool blocking_call_due;    /* --blocking: its first step makes a blocking call */
	int timer_fd;              /* its I/O: a timerfd the loop watches */
	int awaited_fd;            /* the descriptor it awaits, or -1 */
	enum work_status status;   /* why it stopped, if it did */
	bool started;              /* its lane has begun */
	bool ended;                /* its lane has ended */
	uint64_t x;                /* what its CPU work computed */
	struct async_task *next;   /* the next task in the ready queue */
};

/* The helper thread of --offload, running one blocking call for a task. */
struct helper {
	pthread_t thread;
	bool started;
	int lane;
	int done_fd;               /* an eventfd: written when the call is over */
	uint32_t task;             /* the task it runs the call for */
	uint32_t ms;
	const struct technique_env *env;
};

struct event_loop {
	int epoll_fd;
	struct async_task *tasks;
	int count;
	int unfinished;                   /* tasks that have not ended */
	struct async_task *ready_head;    /* tasks ready to run a step, oldest first */
	struct async_task *ready_tail;
	const struct technique_env *env;
	struct helper helper;
};

static void make_ready(struct event_loop *loop, struct async_task *task)
{
	work_meter_instant(&task->meter, TRACE_WAIT_BEGIN, (uint32_t)task->number);
	task->next = NULL;
	if (loop->ready_tail != NULL)
		loop->ready_tail->next = task;
	else
		loop->ready_head = task;
	loop->ready_tail = task;
}

static struct async_task *take_ready(struct event_loop *loop)
{
	struct async_task *task = loop->ready_head;

	if (task != NULL) {
		loop->ready_head = task->next;
		if (loop->ready_head == NULL)
			loop->ready_tail = NULL;
	}
	return task;
}

/* Starts the task's I/O: its timer expires in `ms`, and the loop watches it. */
static int start_io(struct async_task *task, uint32_t ms)
{
	struct itimerspec in = {
		.it_value = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L },
	};

	task->awaited_fd = task->timer_fd;
	return timerfd_settime(task->timer_fd, 0, &in, NULL);
}

/* The helper thread: the blocking call, on a lane of its own, then it tells the loop. */
static void *helper_main(void *arg)
{
	struct helper *helper = arg;
	struct work_meter meter;
	uint64_t one = 1;
	enum work_status status;

	work_meter_start(&meter, helper->lane, trace_ring(helper->env->trace, helper->lane), (uint64_t)gettid());
	status = work_block(helper->env->plan, &meter, helper->task, helper->ms); /* time.sleep(), in a thread */
	work_meter_finish(&meter, status);
	while (write(helper->done_fd, &one, sizeof one) < 0 && errno == EINTR)
		;
	return NULL;
}

/* region: async-offload */
/* await asyncio.to_thread(time.sleep, t): the call runs in a helper thread; the task awaits it. */
static enum await_kind offload_blocking_call(struct event_loop *loop, struct async_task *task, uint32_t ms)
{
	struct helper *helper = &loop->helper;

	helper->task = (uint32_t)task->number;
	helper->ms = ms;
	if (pthread_create(&helper->thread, NULL, helper_main, helper) != 0)
		return TASK_STOPPED;
	helper->started = true;
	task->awaited_fd = helper->done_fd;
	return AWAIT_HELPER;
}
/* endregion */

/* region: async-blocking */
/* time.sleep(t) inside a coroutine: the loop's only thread sleeps, and every task with it. */
static enum await_kind blocking_call(struct event_loop *loop, struct async_task *task, uint32_t ms)
{
	task->status = work_block(loop->env->plan, &task->meter, (uint32_t)task->number, ms);
	return task->status == WORK_DONE ? AWAIT_NOTHING : TASK_STOPPED;
}
/* endregion */

/* Moves the task to its next phase: CPU and I/O take turns in mixed work. */
static void next_phase(const struct work_plan *plan, struct async_task *task)
{
	uint32_t phase = work_phase_ms(plan);

	if (plan->kind == WORK_MIXED)
		task->cpu_phase = !task->cpu_phase;
	task->phase_left_ms = phase < task->left_ms ? phase : task->left_ms;
}

/* region: async-step */
/*
 * One step of a task, up to its next await: a slice of CPU work, after which
 * it yields (await asyncio.sleep(0)) so that the others get a turn; or the
 * start of its I/O, which it then awaits (await asyncio.sleep(t)).
 */
static enum await_kind task_step(struct event_loop *loop, struct async_task *task)
{
	struct work_plan *plan = loop->env->plan;
	uint32_t ms;

	if (task->blocking_call_due) {
		task->blocking_call_due = false;
		if (loop->env->offload)
			return offload_blocking_call(loop, task, plan->task_ms);
		return blocking_call(loop, task, plan->task_ms);
	}
	if (task->left_ms == 0)
		return TASK_FINISHED;
	if (task->phase_left_ms == 0)
		next_phase(plan, task);
	if (task->cpu_phase) {
		task->status = work_cpu_slice(plan, &task->meter, (uint32_t)task->number, &task->x);
		task->phase_left_ms--;
		task->left_ms--;
		if (task->status != WORK_DONE)
			return TASK_STOPPED;
		return task->left_ms == 0 ? TASK_FINISHED : AWAIT_NOTHING;
	}
	ms = task->phase_left_ms;
	task->phase_left_ms = 0;
	task->left_ms -= ms;
	if (start_io(task, ms) != 0)
		return TASK_STOPPED;
	return AWAIT_IO;
}
/* endregion */

/* A task has ended: its lane ends too. */
static void end_task(struct event_loop *loop, struct async_task *task, enum work_status status)
{
	if (status == WORK_DONE) {
		work_meter_instant(&task->meter, TRACE_TASK_END, (uint32_t)task->number);
		atomic_fetch_add(&loop->env->plan->tasks_done, 1);
	}
	work_meter_finish(&task->meter, status);
	task->status = status;
	task->ended = true;
	loop->unfinished--;
}

/* region: async-run-step */
/* Runs one step of a ready task and files it by what it awaits next. */
static void run_step(struct event_loop *loop, struct async_task *task)
{
	/* Until now it was ready, waiting for the loop to get to it. */
	work_meter_record(&task->meter, TRACE_WAIT, (uint32_t)task->number);
	switch (task_step(loop, task)) {
	case AWAIT_NOTHING:
		make_ready(loop, task); /* to the back of the queue */
		break;
	case AWAIT_IO:
	case AWAIT_HELPER:
		/* From the start of the step: starting the wait takes microseconds. */
		work_meter_instant(&task->meter, TRACE_BLOCK_BEGIN, (uint32_t)task->number);
		break;
	case TASK_FINISHED:
		end_task(loop, task, WORK_DONE);
		break;
	case TASK_STOPPED:
		end_task(loop, task, task->status == WORK_DONE ? WORK_FAILED : task->status);
		break;
	}
}
/* endregion */

/* Waits up to timeout_ms (-1: as long as it takes) for I/O; the tasks it completes become ready. */
static void wait_for_io(struct event_loop *loop, int timeout_ms)
{
	struct epoll_event events[16];
	int n = epoll_wait(loop->epoll_fd, events, 16, timeout_ms);

	for (int i = 0; i < n; i++) {
		struct async_task *task = events[i].data.ptr;
		uint64_t expirations;

		if (task == NULL || task->awaited_fd < 0)
			continue; /* the cancel pipe: the loop sees the flag */
		while (read(task->awaited_fd, &expirations, sizeof expirations) < 0 && errno == EINTR)
			;
		task->awaited_fd = -1;
		work_meter_record(&task->meter, TRACE_BLOCK, (uint32_t)task->number); /* it awaited its I/O */
		task->status = work_fault_check(loop->env->plan, &task->meter);
		if (task->status != WORK_DONE)
			end_task(loop, task, task->status);
		else
			make_ready(loop, task);
	}
}

/* region: async-loop */
/* The event loop: one step of a ready task at a time; when none is ready, sleep until I/O completes. */
static void run_loop(struct event_loop *loop)
{
	while (loop->unfinished > 0 && !work_plan_cancelled(loop->env->plan)) {
		struct async_task *task = take_ready(loop);

		if (task == NULL) {
			wait_for_io(loop, -1);
			continue;
		}
		run_step(loop, task);
		wait_for_io(loop, 0); /* note the I/O that completed meanwhile, without waiting */
	}
}
/* endregion */

/* Watches fd for the loop: readable means the task behind `task` may go on. */
static int watch(struct event_loop *loop, int fd, struct async_task *task)
{
	struct epoll_event event = { .events = EPOLLIN, .data.ptr = task };

	return epoll_ctl(loop->epoll_fd, EPOLL_CTL_ADD, fd, &event);
}

/* Creates the tasks, all ready, each on its lane; returns 0 or -1 with report->error. */
static int create_tasks(struct event_loop *loop, struct technique_report *report)
{
	const struct work_plan *plan = loop->env->plan;
	uint64_t thread = (uint64_t)gettid();

	for (int i = 0; i < loop->count; i++) {
		struct async_task *task = &loop->tasks[i];

		*task = (struct async_task){
			.number = i,
			.left_ms = plan->task_ms,
			.cpu_phase = plan->kind != WORK_IO,
			.blocking_call_due = loop->env->blocking && i == 0,
			.awaited_fd = -1,
			.x = 1u + (unsigned)i,
		};
		/* The phase before the first: next_phase() then starts with CPU, unless the work is I/O. */
		if (plan->kind == WORK_MIXED)
			task->cpu_phase = false;
		task->timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
		if (task->timer_fd < 0 || watch(loop, task->timer_fd, task) != 0) {
			snprintf(report->error, sizeof report->error, "could not make a timer for task %d: %s", i,
			    strerror(errno));
			return -1;
		}
		work_meter_start(&task->meter, i, trace_ring(loop->env->trace, i), thread);
		task->started = true;
		work_meter_instant(&task->meter, TRACE_TASK_BEGIN, (uint32_t)i);
		make_ready(loop, task); /* asyncio.create_task(): ready to run its first step */
		loop->unfinished++;
	}
	return 0;
}

/* Sets up the loop: epoll, the cancel pipe, the helper's eventfd. Returns 0 or -1 with report->error. */
static int open_loop(struct event_loop *loop, const struct technique_env *env, struct technique_report *report)
{
	memset(loop, 0, sizeof *loop);
	loop->env = env;
	loop->count = (int)env->plan->tasks;
	loop->helper = (struct helper){ .lane = loop->count, .done_fd = -1, .env = env };
	loop->tasks = calloc((size_t)loop->count, sizeof *loop->tasks);
	for (int i = 0; loop->tasks != NULL && i < loop->count; i++)
		loop->tasks[i].timer_fd = -1;
	loop->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (loop->tasks == NULL || loop->epoll_fd < 0 || watch(loop, env->plan->cancel_read_fd, NULL) != 0) {
		snprintf(report->error, sizeof report->error, "could not set up the event loop: %s", strerror(errno));
		return -1;
	}
	if (env->offload) {
		loop->helper.done_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (loop->helper.done_fd < 0 || watch(loop, loop->helper.done_fd, &loop->tasks[0]) != 0) {
			snprintf(report->error, sizeof report->error, "could not make the helper's eventfd: %s",
			    strerror(errno));
			return -1;
		}
	}
	return create_tasks(loop, report);
}

static void close_loop(struct event_loop *loop)
{
	if (loop->helper.started)
		pthread_join(loop->helper.thread, NULL);
	for (int i = 0; loop->tasks != NULL && i < loop->count; i++) {
		if (loop->tasks[i].timer_fd >= 0)
			close(loop->tasks[i].timer_fd);
	}
	if (loop->helper.done_fd >= 0)
		close(loop->helper.done_fd);
	if (loop->epoll_fd >= 0)
		close(loop->epoll_fd);
	free(loop->tasks);
}

int async_run(const struct technique_env *env, struct technique_report *report)
{
	struct event_loop loop;

	if (env->pin != NULL) {
		int err = cpus_pin_current_thread(env->pin);

		if (err != 0) {
			snprintf(report->error, sizeof report->error, "could not pin to the chosen CPUs: %s", strerror(err));
			return -1;
		}
	}
	if (open_loop(&loop, env, report) == 0)
		run_loop(&loop);
	/* Cancelled (or the loop could not start): the tasks left end now, still ready or awaiting. */
	for (int i = 0; loop.tasks != NULL && i < loop.count; i++) {
		struct async_task *task = &loop.tasks[i];

		if (!task->started || task->ended)
			continue;
		work_meter_record(&task->meter, task->awaited_fd >= 0 ? TRACE_BLOCK : TRACE_WAIT, (uint32_t)i);
		end_task(&loop, task, WORK_CANCELLED);
	}
	close_loop(&loop);
	return report->error[0] == '\0' ? 0 : -1;
}
