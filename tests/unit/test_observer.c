/*
 * test_observer.c: the observer as a library, as `metaconc practice` uses
 * it: a command started with its output in a pipe, resource limits and a
 * time limit, and its recording and per-process facts back.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "observe/observer.h"

/* Starts argv with `options`, observes it to its end; NULL if it could not start. */
static struct observer *observe(char *const argv[], struct observer_options *options)
{
	char why[256];
	int status;
	struct observer *observer = observer_start(argv, options, &status, why, sizeof why);

	if (observer == NULL) {
		fprintf(stderr, "could not start %s: %s (%d)\n", argv[0], why, status);
		return NULL;
	}
	while (!observer_done(observer)) {
		struct pollfd fd = { .fd = observer_fd(observer), .events = POLLIN };

		poll(&fd, 1, observer_timeout_ms(observer));
		observer_step(observer);
	}
	return observer;
}

static void test_output_in_a_pipe_and_the_exit_status(void)
{
	char *argv[] = { "/bin/sh", "-c", "echo hello; echo oops >&2; read line; exit 3", NULL };
	struct observer_options options;
	struct observed observed;
	struct observer *observer;
	char output[64] = "";
	int pipe_fds[2];
	ssize_t n;

	CHECK(pipe(pipe_fds) == 0);
	observer_options_init(&options);
	options.output_fd = pipe_fds[1];
	observer = observe(argv, &options);
	close(pipe_fds[1]);
	CHECK(observer != NULL);
	if (observer == NULL)
		return;
	n = read(pipe_fds[0], output, sizeof output - 1);
	close(pipe_fds[0]);
	CHECK(n > 0 && strcmp(output, "hello\noops\n") == 0); /* stdin was /dev/null: read met its end */
	CHECK(observer_result(observer, &observed) == 0);
	CHECK(observed.ended && observed.exit_status == 3 && observed.signal == 0);
	CHECK(observed.tree->process_count == 1 && observed.tree->processes[0].fate == TREE_EXITED);
	CHECK(observed.tree->processes[0].exit_status == 3);
	CHECK(observed.recording->lane_count == 1 && observed.tree->thread_count == 1);
	observed_free(&observed);
	observer_free(observer);
}

static void test_directory_and_environment(void)
{
	char *argv[] = { "/bin/sh", "-c", "echo \"$PWD $METACONC_TEST_ADDED $HOME\"", NULL };
	char *added[] = { "METACONC_TEST_ADDED=yes", "HOME=/elsewhere", NULL };
	struct observer_options options;
	struct observer *observer;
	char output[256] = "";
	int pipe_fds[2];

	CHECK(pipe(pipe_fds) == 0);
	observer_options_init(&options);
	options.output_fd = pipe_fds[1];
	options.directory = "/tmp";
	options.environment = added;
	observer = observe(argv, &options);
	close(pipe_fds[1]);
	CHECK(observer != NULL);
	CHECK(read(pipe_fds[0], output, sizeof output - 1) > 0);
	close(pipe_fds[0]);
	CHECK(strcmp(output, "/tmp yes /elsewhere\n") == 0); /* added, and replacing ours */
	observer_free(observer);
}

static void test_limits(void)
{
	char *spin[] = { "/bin/sh", "-c", "while :; do :; done", NULL };
	char *nap[] = { "/bin/sleep", "30", NULL };
	struct ptracer_limit cpu = { .resource = RLIMIT_CPU, .value = { .rlim_cur = 1, .rlim_max = 2 } };
	struct observer_options options;
	struct observed observed;
	struct observer *observer;

	/* A CPU-time limit: the kernel stops the loop with SIGXCPU after a second of CPU. */
	observer_options_init(&options);
	options.limits = &cpu;
	options.limit_count = 1;
	options.time_limit_ns = 20ull * 1000000000ull; /* a backstop: the CPU limit comes first */
	observer = observe(spin, &options);
	CHECK(observer != NULL);
	if (observer == NULL)
		return;
	CHECK(observer_result(observer, &observed) == 0);
	CHECK(observed.ended && observed.signal == SIGXCPU && observed.exit_status == 128 + SIGXCPU);
	CHECK(!observed.timed_out);
	observed_free(&observed);
	observer_free(observer);

	/* A wall-time limit: the observer kills it. */
	observer_options_init(&options);
	options.time_limit_ns = 200ull * 1000000ull;
	observer = observe(nap, &options);
	CHECK(observer != NULL);
	if (observer == NULL)
		return;
	CHECK(observer_result(observer, &observed) == 0);
	CHECK(observed.ended && observed.timed_out && observed.signal == SIGKILL);
	CHECK(observed.tree->processes[0].fate == TREE_KILLED);
	observed_free(&observed);
	observer_free(observer);
}

static void test_a_command_that_cannot_start(void)
{
	char *missing[] = { "/nonexistent/program", NULL };
	struct observer_options options;
	char why[256];
	int status = 0;

	observer_options_init(&options);
	CHECK(observer_start(missing, &options, &status, why, sizeof why) == NULL);
	CHECK(status == OBSERVER_NOT_FOUND && strcmp(why, "command not found") == 0);
}

int main(void)
{
	test_output_in_a_pipe_and_the_exit_status();
	test_directory_and_environment();
	test_limits();
	test_a_command_that_cannot_start();
	return check_report("observer");
}
