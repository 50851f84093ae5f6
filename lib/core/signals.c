/*
 * signals.c: the only code that runs inside a signal handler.
 *
 * A handler may do almost nothing safely, so ours records which signal came
 * and writes one byte to a pipe (the "self-pipe trick"). The main loop polls
 * that pipe, sees the flag, and stops the run in ordinary code: cancelling
 * the workers, reaping them, restoring the terminal.
 */
#include "core/signals.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t caught;
static int pipe_fds[2] = { -1, -1 };

static void on_signal(int sig)
{
	int saved_errno = errno;

	if (caught == 0)
		caught = sig;
	if (pipe_fds[1] >= 0) {
		unsigned char byte = (unsigned char)sig; /* the signal's number, for signals_take() */
		ssize_t ignored = write(pipe_fds[1], &byte, 1);
		(void)ignored;
	}
	errno = saved_errno;
}

int signals_install(void)
{
	static const int interrupts[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction action;

	if (pipe_fds[0] < 0 && pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) != 0)
		return -1;
	memset(&action, 0, sizeof action);
	action.sa_handler = on_signal;
	sigemptyset(&action.sa_mask);
	for (size_t i = 0; i < sizeof interrupts / sizeof interrupts[0]; i++) {
		if (sigaction(interrupts[i], &action, NULL) != 0)
			return -1;
	}
	/* A closed pipe on stdout shows up as EPIPE from write(), handled where we write. */
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

int signals_renew(void)
{
	if (pipe_fds[0] >= 0) {
		close(pipe_fds[0]);
		close(pipe_fds[1]);
		pipe_fds[0] = pipe_fds[1] = -1;
	}
	caught = 0;
	return signals_install();
}

int signals_caught(void)
{
	return caught;
}

int signals_take(void)
{
	unsigned char byte;

	if (pipe_fds[0] < 0 || read(pipe_fds[0], &byte, 1) != 1)
		return 0;
	return byte;
}

int signals_fd(void)
{
	return pipe_fds[0];
}

int signals_exit_status(int sig)
{
	return 128 + sig;
}
