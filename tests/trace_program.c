/*
 * trace_program.c: small programs for the tests of `metaconc trace`, each a
 * behaviour the trace must show. tests/trace.bats builds it.
 *
 *   trace_program threads N MS       N threads at once, each burning MS ms of CPU
 *   trace_program short-threads N    N threads one after another, each shorter than 1 ms
 *   trace_program fork-chain N       forks a child that forks a child ... N deep; each exits 0
 *   trace_program forks N            forks N children that exit at once, then reaps them all
 *   trace_program exec-chain N       execs itself N more times, then exits 0
 *   trace_program locks N MS         N threads taking one mutex in turns for MS ms in all
 *   trace_program sleep MS           sleeps MS ms (blocked)
 *   trace_program exit CODE          exits with CODE
 *   trace_program segv               dies of a real SIGSEGV
 *   trace_program ignore-int DIR     ignores SIGINT (writes DIR/int at each), DIR/ready when ready;
 *                                    exits 0 on SIGTERM
 *   trace_program staged DIR N       starts N sleeping threads one at a time: says "thread I started",
 *                                    then waits for the file DIR/go-I; then ends them all
 *   trace_program output N           writes N numbered lines to stdout
 *   trace_program wait FILE          writes FILE when ready, then sleeps until killed (for --pid)
 *   trace_program pool P T MS        P processes of T threads each burning MS ms (the bench's program)
 *
 * With TRACE_PROGRAM_REPORT=FILE, each burning thread appends to FILE, as it
 * ends, its thread id and the kernel's totals for it (schedstat: run and
 * run-queue wait, ns): the bench compares trace's lanes with them.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int burn_ms = 0;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static volatile unsigned long sink;

static double thread_cpu_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Burns `ms` of this thread's CPU time. */
static void burn(int ms)
{
	double until = thread_cpu_ms() + ms;

	while (thread_cpu_ms() < until)
		for (int i = 0; i < 1000; i++)
			sink += (unsigned long)i;
}

/* Appends "tid run_ns wait_ns" to $TRACE_PROGRAM_REPORT, read from the kernel just before the thread ends. */
static void report_totals(void)
{
	const char *path = getenv("TRACE_PROGRAM_REPORT");
	char file[64], line[128], totals[96] = "";
	long tid = syscall(SYS_gettid);
	int fd;
	ssize_t n;

	if (path == NULL)
		return;
	snprintf(file, sizeof file, "/proc/self/task/%ld/schedstat", tid);
	fd = open(file, O_RDONLY);
	if (fd < 0)
		return;
	n = read(fd, totals, sizeof totals - 1);
	close(fd);
	if (n <= 0)
		return;
	totals[n] = '\0';
	unsigned long long run = 0, wait = 0;

	if (sscanf(totals, "%llu %llu", &run, &wait) != 2)
		return;
	n = snprintf(line, sizeof line, "%ld %llu %llu\n", tid, run, wait);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
	if (fd >= 0) {
		if (write(fd, line, (size_t)n) != n)
			n = 0;
		close(fd);
	}
}

static void *burner(void *arg)
{
	(void)arg;
	burn(burn_ms);
	report_totals();
	return NULL;
}

static void *tiny(void *arg)
{
	(void)arg;
	sink++;
	return NULL;
}

/* Takes the lock over and over, holding it for 1 ms of CPU each time. */
static void *locker(void *arg)
{
	int turns = *(int *)arg;

	for (int i = 0; i < turns; i++) {
		pthread_mutex_lock(&lock);
		burn(1);
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

static int start_threads(int count, void *(*body)(void *), void *arg)
{
	pthread_t threads[256];

	if (count > 256)
		count = 256;
	for (int i = 0; i < count; i++) {
		if (pthread_create(&threads[i], NULL, body, arg) != 0)
			return 1;
	}
	for (int i = 0; i < count; i++)
		pthread_join(threads[i], NULL);
	return 0;
}

static int short_threads(int count)
{
	for (int i = 0; i < count; i++) {
		pthread_t thread;

		if (pthread_create(&thread, NULL, tiny, NULL) != 0)
			return 1;
		pthread_join(thread, NULL);
	}
	return 0;
}

static int fork_chain(int depth)
{
	pid_t child;
	int status;

	if (depth <= 0)
		return 0;
	child = fork();
	if (child < 0)
		return 1;
	if (child == 0)
		_exit(fork_chain(depth - 1));
	if (waitpid(child, &status, 0) != child || !WIFEXITED(status))
		return 1;
	return WEXITSTATUS(status);
}

static int forks(int count)
{
	for (int i = 0; i < count; i++) {
		pid_t child = fork();

		if (child < 0)
			return 1;
		if (child == 0)
			_exit(0);
	}
	while (wait(NULL) > 0)
		continue;
	return 0;
}

static int exec_chain(const char *self, int depth)
{
	char more[16];

	if (depth <= 0)
		return 0;
	snprintf(more, sizeof more, "%d", depth - 1);
	execl(self, self, "exec-chain", more, (char *)NULL);
	return 1;
}

static void write_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd >= 0)
		close(fd);
}

static volatile sig_atomic_t terminated, interrupts;

static void on_term(int sig)
{
	(void)sig;
	terminated = 1;
}

static void on_int(int sig)
{
	(void)sig;
	interrupts++;
}

static int ignore_int(const char *dir)
{
	char path[4096];
	int seen = 0;
	sigset_t both, during;

	/* Blocked except inside sigsuspend(), so none arrives between a check and the wait. */
	sigemptyset(&both);
	sigaddset(&both, SIGINT);
	sigaddset(&both, SIGTERM);
	sigprocmask(SIG_BLOCK, &both, &during);
	signal(SIGINT, on_int);
	signal(SIGTERM, on_term);
	snprintf(path, sizeof path, "%s/ready", dir);
	write_file(path);
	while (!terminated) {
		sigsuspend(&during);
		if (interrupts != seen) {
			seen = interrupts;
			snprintf(path, sizeof path, "%s/int", dir);
			write_file(path);
		}
	}
	return 0;
}

static volatile int staged_done;

static void *sleeper(void *arg)
{
	(void)arg;
	while (!staged_done)
		usleep(10000);
	return NULL;
}

static int staged(const char *dir, int count)
{
	pthread_t threads[64];

	if (count > 64)
		count = 64;
	for (int i = 1; i <= count; i++) {
		char path[4096];

		if (pthread_create(&threads[i - 1], NULL, sleeper, NULL) != 0)
			return 1;
		printf("thread %d started\n", i);
		fflush(stdout);
		snprintf(path, sizeof path, "%s/go-%d", dir, i);
		while (access(path, F_OK) != 0)
			usleep(10000);
	}
	staged_done = 1;
	for (int i = 0; i < count; i++)
		pthread_join(threads[i], NULL);
	printf("all %d threads ended\n", count);
	return 0;
}

static int output(int lines)
{
	for (int i = 1; i <= lines; i++)
		printf("line %d of the traced program's output\n", i);
	return fflush(stdout) == 0 ? 0 : 1;
}

/* P processes of T threads, each burning MS ms: CPU-bound work across processes and threads. */
static int pool(int processes, int threads, int ms)
{
	burn_ms = ms;
	for (int p = 0; p < processes; p++) {
		pid_t child = fork();

		if (child < 0)
			return 1;
		if (child == 0)
			_exit(start_threads(threads, burner, NULL));
	}
	for (int p = 0; p < processes; p++) {
		int status;

		if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			return 1;
	}
	return 0;
}

static int number(const char *text)
{
	return text != NULL ? atoi(text) : 0;
}

int main(int argc, char *argv[])
{
	const char *what = argc > 1 ? argv[1] : "";
	const char *a = argc > 2 ? argv[2] : NULL, *b = argc > 3 ? argv[3] : NULL;
	const char *c = argc > 4 ? argv[4] : NULL;

	if (strcmp(what, "threads") == 0) {
		burn_ms = number(b);
		return start_threads(number(a), burner, NULL);
	}
	if (strcmp(what, "short-threads") == 0)
		return short_threads(number(a));
	if (strcmp(what, "fork-chain") == 0)
		return fork_chain(number(a));
	if (strcmp(what, "forks") == 0)
		return forks(number(a));
	if (strcmp(what, "exec-chain") == 0)
		return exec_chain(argv[0], number(a));
	if (strcmp(what, "locks") == 0) {
		int turns = number(b) / (number(a) > 0 ? number(a) : 1);

		return start_threads(number(a), locker, &turns);
	}
	if (strcmp(what, "sleep") == 0) {
		struct timespec t = { .tv_sec = number(a) / 1000, .tv_nsec = (long)(number(a) % 1000) * 1000000 };

		return nanosleep(&t, NULL) == 0 ? 0 : 1;
	}
	if (strcmp(what, "exit") == 0)
		return number(a);
	if (strcmp(what, "segv") == 0) {
		volatile int *nowhere = NULL;

		return *nowhere;
	}
	if (strcmp(what, "ignore-int") == 0 && a != NULL)
		return ignore_int(a);
	if (strcmp(what, "staged") == 0 && a != NULL)
		return staged(a, number(b));
	if (strcmp(what, "output") == 0)
		return output(number(a));
	if (strcmp(what, "wait") == 0 && a != NULL) {
		write_file(a);
		for (;;)
			pause();
	}
	if (strcmp(what, "pool") == 0)
		return pool(number(a), number(b), number(c));
	fprintf(stderr, "usage: trace_program threads|short-threads|fork-chain|forks|exec-chain|locks|sleep|exit|segv|"
	    "ignore-int|staged|output|wait|pool ...\n");
	return 2;
}
