/*
 * race.c: a race condition, and the lock that removes it.
 *
 * Every thread makes deposits of 1 into one shared account. A deposit is
 * three steps: read the balance, check the amount (a slice of work, about
 * 1 ms), write back the balance plus the amount. If another thread writes
 * the balance between a thread's read and its write, that write puts back
 * a balance which does not count the other thread's deposit: it is lost.
 * Python's
 *
 *     self.balance = self.balance + self.checked(amount)
 *
 * is the same three steps (python/race.py). No step is wrong on its own:
 * each read and each write here is atomic (never torn, and no undefined
 * behaviour in C11), but the three together are not. The check makes the
 * window between the read and the write wide, as real code does (a call, a
 * lookup, a log line). A bare `balance++` has a window of nanoseconds and
 * loses an update only now and then, which is worse: it passes the tests.
 * So on two CPUs every run of this loses updates, and on one CPU too:
 * the kernel preempts a thread in the middle of its window.
 *
 * The count is exact: each thread counts the deposits it made, so the
 * account should end with their sum; what is missing was lost.
 *
 * With --lock a pthread mutex makes the three steps one: no other thread
 * can read or write the balance in between, and no deposit is lost. The
 * price is contention: threads queue for the lock, and the time each one
 * waits is recorded and drawn as waiting (~). Each deposit is prepared
 * first, outside the lock (another slice of work on the thread's own data),
 * as real code keeps what it locks short; so the threads take turns.
 */
#include "techniques/race.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/cpus.h"

/* region: race-account */
/* The account every thread deposits into. */
struct account {
	_Atomic long balance;  /* read and written with relaxed atomic loads and stores */
	bool locked;           /* --lock: every deposit holds `lock` */
	pthread_mutex_t lock;
};
/* endregion */

/* One depositing thread. */
struct depositor {
	pthread_t thread;
	int worker;               /* its lane on the timeline */
	const struct technique_env *env;
	struct account *account;
	struct work_meter meter;
	uint32_t task;            /* the task it is on */
	uint64_t x;               /* what its work computed */
	uint64_t deposits;        /* deposits it made: what it added to the balance */
	int pin_error;            /* errno from pinning it to CPUs, or 0 */
};

uint32_t race_deposits_per_task(uint32_t task_ms)
{
	return task_ms >= 2 ? task_ms / 2 : 1;
}

/* One slice of work, CPU or I/O as --work says (mixed: CPU to prepare, I/O to check). */
static enum work_status work_slice(struct depositor *self, bool checking)
{
	struct work_plan *plan = self->env->plan;

	if (plan->kind == WORK_IO || (plan->kind == WORK_MIXED && checking))
		return work_block(plan, &self->meter, self->task, 1);
	return work_cpu_slice(plan, &self->meter, self->task, &self->x);
}

/* The check between the read and the write: a slice of work. */
static enum work_status check_amount(struct depositor *self, long amount)
{
	(void)amount; /* every amount here is 1, and passes */
	return work_slice(self, true);
}

/* region: race-deposit */
/*
 * balance = balance + checked(amount), without a lock: read, check, write.
 * A deposit another thread makes between our read and our write is lost.
 */
static enum work_status deposit(struct depositor *self, long amount)
{
	struct account *account = self->account;
	long seen = atomic_load_explicit(&account->balance, memory_order_relaxed); /* read */
	enum work_status status = check_amount(self, amount);                     /* the window */

	if (status != WORK_DONE)
		return status; /* stopped before the write: no deposit made */
	atomic_store_explicit(&account->balance, seen + amount, memory_order_relaxed); /* write */
	self->deposits++;
	return WORK_DONE;
}
/* endregion */

/* Takes the account's lock; if another thread holds it, the wait is drawn as waiting. */
static void lock_account(struct depositor *self)
{
	if (pthread_mutex_trylock(&self->account->lock) == 0)
		return; /* it was free: no wait */
	work_meter_instant(&self->meter, TRACE_WAIT_BEGIN, self->task);
	pthread_mutex_lock(&self->account->lock);
	work_meter_record(&self->meter, TRACE_WAIT, self->task);
}

/* region: race-locked-deposit */
/* The same with the lock held from the read to the write: nothing comes between them. */
static enum work_status locked_deposit(struct depositor *self, long amount)
{
	enum work_status status;

	lock_account(self);
	status = deposit(self, amount);
	pthread_mutex_unlock(&self->account->lock);
	return status;
}
/* endregion */

/* region: race-task */
/* A task: its deposits, each prepared (outside the account), then made. */
static enum work_status run_task(struct depositor *self, uint32_t task)
{
	uint32_t count = race_deposits_per_task(self->env->plan->task_ms);
	enum work_status status = WORK_DONE;

	self->task = task;
	work_meter_instant(&self->meter, TRACE_TASK_BEGIN, task);
	for (uint32_t i = 0; i < count && status == WORK_DONE; i++) {
		status = work_slice(self, false); /* prepare the deposit: the thread's own work */
		if (status != WORK_DONE)
			break;
		status = self->account->locked ? locked_deposit(self, 1) : deposit(self, 1);
	}
	if (status != WORK_DONE)
		return status;
	work_meter_instant(&self->meter, TRACE_TASK_END, task);
	atomic_fetch_add(&self->env->plan->tasks_done, 1);
	return WORK_DONE;
}
/* endregion */

/* What each thread runs: tasks until none is left. */
static void *depositor_main(void *arg)
{
	struct depositor *self = arg;
	const struct technique_env *env = self->env;
	enum work_status status = WORK_DONE;
	uint32_t task;

	if (env->pin != NULL)
		self->pin_error = cpus_pin_current_thread(env->pin);
	work_meter_start(&self->meter, self->worker, trace_ring(env->trace, self->worker), (uint64_t)gettid());
	while (status == WORK_DONE && work_take_task(env->plan, &task))
		status = run_task(self, task);
	if (status == WORK_DONE && work_plan_cancelled(env->plan))
		status = WORK_CANCELLED;
	work_meter_finish(&self->meter, status);
	return NULL;
}

/* Starts the threads, waits for them all, and reports the deposits and the balance. */
static void run_depositors(const struct technique_env *env, struct account *account,
    struct depositor *threads, struct technique_report *report)
{
	int started = 0;

	for (int i = 0; i < env->workers; i++) {
		int err;

		threads[i] = (struct depositor){ .worker = i, .env = env, .account = account, .x = 1u + (unsigned)i };
		err = pthread_create(&threads[i].thread, NULL, depositor_main, &threads[i]);
		if (err != 0) {
			snprintf(report->error, sizeof report->error,
			    "could not start thread %d of %d: %s", i + 1, env->workers, strerror(err));
			work_plan_cancel(env->plan);
			break;
		}
		started++;
	}
	for (int i = 0; i < started; i++) {
		pthread_join(threads[i].thread, NULL);
		report->deposits += threads[i].deposits;
		if (threads[i].pin_error != 0 && report->error[0] == '\0')
			snprintf(report->error, sizeof report->error,
			    "could not pin thread %d to the chosen CPUs: %s", i + 1, strerror(threads[i].pin_error));
	}
	report->balance = (uint64_t)atomic_load(&account->balance);
}

int race_run(const struct technique_env *env, struct technique_report *report)
{
	struct account account = { .locked = env->lock };
	struct depositor *threads = calloc((size_t)env->workers, sizeof *threads);

	if (threads == NULL || pthread_mutex_init(&account.lock, NULL) != 0) {
		snprintf(report->error, sizeof report->error, "could not set up %d threads and a lock", env->workers);
		free(threads);
		return -1;
	}
	atomic_init(&account.balance, 0);
	run_depositors(env, &account, threads, report);
	pthread_mutex_destroy(&account.lock);
	free(threads);
	return report->error[0] == '\0' ? 0 : -1;
}
