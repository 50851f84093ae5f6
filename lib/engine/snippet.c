/*
 * snippet.c: a lesson's Python snippet, run under python3 for what it
 * prints.
 *
 * The snippet is written to snippet.py in a fresh temporary directory,
 * which is also its working directory, and run as `python3 snippet.py`
 * (a file, not `-c`, so that multiprocessing's spawn and forkserver start
 * methods can import it again). python3 runs under a guard process
 * (engine/guard.c), as the lessons' Python runs do, with its standard input
 * on /dev/null and its standard output and error caught by two pipes. The
 * parent reads both until python3 has exited, for at most the snippet's
 * seconds, and stops early on a signal (signals.h). However it ends, the
 * guard kills and reaps everything python3 started, at any depth (a
 * multiprocessing pool the snippet left open, say), even if metaconc is
 * killed, and the directory is removed. What it printed is made safe for a
 * terminal (text_sanitize) before anyone shows it: escape sequences in a
 * snippet's output must not drive the learner's screen.
 */
#include "engine/snippet.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/signals.h"
#include "core/text.h"
#include "engine/guard.h"
#include "engine/python_run.h"

#define DRAIN_NS (500 * CLOCK_NS_PER_MS) /* for the last output, once python3 has exited */
#define POLL_MS 50                       /* how often a signal or the deadline is noticed */
#define VERSION_CODE "import sys\nprint(sys.version.split()[0])\n"

extern char **environ;

/* What the child needs to become python3; prepared before fork(). */
struct child_plan {
	int out_fd, err_fd, status_fd; /* write ends */
	const char *directory;         /* where snippet.py is: its working directory */
	const char *interpreter;
	char *const *argv;
};

/* One output pipe being read: the bytes kept, and how many more came. */
struct capture {
	int fd;        /* the read end; -1 at end of file */
	char *text;
	size_t length;
	size_t cut;
};

/*
 * The child, between fork() and exec(), under the guard (which gave it a
 * process group of its own, a parent-death signal and default signal
 * handling): stdin on /dev/null, stdout and stderr on the pipes, and no
 * other descriptor but the status pipe (closed by exec). Only
 * async-signal-safe calls here.
 */
static void become_python(void *context)
{
	const struct child_plan *plan = context;
	int null, error;

	null = open("/dev/null", O_RDONLY);
	if (null < 0 || dup2(null, STDIN_FILENO) < 0 || dup2(plan->out_fd, STDOUT_FILENO) < 0 ||
	    dup2(plan->err_fd, STDERR_FILENO) < 0 || dup3(plan->status_fd, 3, O_CLOEXEC) < 0 ||
	    chdir(plan->directory) != 0)
		_exit(127);
	if (close_range(4, ~0u, 0) != 0) {
		for (int fd = 4; fd < 1024; fd++)
			close(fd);
	}
	execve(plan->interpreter, plan->argv, environ);
	error = errno;
	while (write(3, &error, sizeof error) < 0 && errno == EINTR)
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

/* Reads what is there; keeps what fits, counts the rest. Returns false at end of file. */
static bool capture_read(struct capture *capture, size_t size)
{
	char buffer[4096];
	ssize_t n;

	if (capture->fd < 0)
		return false;
	n = read(capture->fd, buffer, sizeof buffer);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0) {
		close(capture->fd);
		capture->fd = -1;
		return false;
	}
	for (ssize_t i = 0; i < n; i++) {
		if (capture->length + 1 < size)
			capture->text[capture->length++] = buffer[i];
		else
			capture->cut++;
	}
	capture->text[capture->length] = '\0';
	return true;
}

/* Waits up to `ms` for output, and reads it. */
static void capture_poll(struct capture *out, struct capture *err, int ms)
{
	struct pollfd fds[2] = { { .fd = out->fd, .events = POLLIN }, { .fd = err->fd, .events = POLLIN } };

	if (out->fd < 0 && err->fd < 0) {
		usleep((useconds_t)ms * 1000);
		return;
	}
	if (poll(fds, 2, ms) > 0) {
		if (fds[0].revents != 0)
			capture_read(out, SNIPPET_OUTPUT_MAX);
		if (fds[1].revents != 0)
			capture_read(err, SNIPPET_OUTPUT_MAX);
	}
}

static int remove_entry(const char *path, const struct stat *info, int type, struct FTW *ftw)
{
	(void)info;
	(void)ftw;
	if (type == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* Writes `code` to DIRECTORY/snippet.py, in a new temporary directory. Returns 0, or -1 with why. */
static int write_snippet(const char *code, char *directory, size_t size, char *why, size_t why_size)
{
	const char *tmp = getenv("TMPDIR");
	char path[PATH_MAX + 16];
	size_t length = strlen(code);
	int fd;

	snprintf(directory, size, "%s/metaconc-snippet-XXXXXX", tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
	if (mkdtemp(directory) == NULL) {
		snprintf(why, why_size, "cannot make a directory for the snippet: %s", strerror(errno));
		return -1;
	}
	snprintf(path, sizeof path, "%s/snippet.py", directory);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, code, length) != (ssize_t)length) {
		snprintf(why, why_size, "cannot write %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		nftw(directory, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
		return -1;
	}
	close(fd);
	return 0;
}

static void close_pair(int fds[2])
{
	for (int i = 0; i < 2; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
		fds[i] = -1;
	}
}

/* Starts python3 on snippet.py in `directory` under its guard; returns 0, or -1 with why (the pipes then closed). */
static int start_python(struct guard *guard, const char *interpreter, const char *directory, int out[2],
    int err[2], char *why, size_t why_size)
{
	char *argv[] = { (char *)interpreter, "snippet.py", NULL };
	int status[2] = { -1, -1 }, error, started;
	char reason[200];

	if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0 || pipe2(status, O_CLOEXEC) != 0) {
		snprintf(why, why_size, "could not make pipes for python3: %s", strerror(errno));
		close_pair(out);
		close_pair(err);
		close_pair(status);
		return -1;
	}
	struct child_plan plan = {
		.out_fd = out[1],
		.err_fd = err[1],
		.status_fd = status[1],
		.directory = directory,
		.interpreter = interpreter,
		.argv = argv,
	};

	started = guard_start(guard, become_python, &plan, reason, sizeof reason);
	close(out[1]);
	close(err[1]);
	close(status[1]);
	out[1] = err[1] = -1;
	if (started != 0) {
		snprintf(why, why_size, "could not start python3: %s", reason);
		close_pair(out);
		close_pair(err);
		close(status[0]);
		return -1;
	}
	error = exec_error(status[0]);
	close(status[0]);
	if (error != 0) {
		snprintf(why, why_size, "could not run %s: %s", interpreter, strerror(error));
		guard_finish(guard);
		close_pair(out);
		close_pair(err);
		return -1;
	}
	return 0;
}

/* Notes how python3 ended, as its guard saw it. */
static void note_exit(struct snippet_result *result, const struct guard *guard)
{
	if (guard->exit_code == CLD_EXITED)
		result->exit_status = guard->exit_status;
	else if (!guard->lost)
		result->killed_by = guard->exit_status;
}

/*
 * Reads python3's output until it exited and its pipes are closed (or, once
 * it exited, for DRAIN_NS at most: something it left may hold them),
 * until the deadline, or until a signal. Then the guard kills whatever is
 * left of the tree, at any depth, and reaps it.
 */
static void supervise(struct guard *guard, struct capture *out, struct capture *err,
    struct snippet_result *result)
{
	uint64_t deadline = clock_now_ns() + (uint64_t)result->seconds * CLOCK_NS_PER_SEC, exited_at = 0;
	bool exited = false;

	for (;;) {
		uint64_t now;

		capture_poll(out, err, POLL_MS);
		now = clock_now_ns();
		if (!exited && guard_poll(guard)) {
			exited = true;
			exited_at = now;
			note_exit(result, guard);
		}
		if (exited && ((out->fd < 0 && err->fd < 0) || now - exited_at > DRAIN_NS))
			break;
		if (!exited && (result->interrupted_by = signals_caught()) != 0)
			break;
		if (!exited && now > deadline) {
			result->timed_out = true;
			break;
		}
	}
	guard_finish(guard);
}

/* Runs `code` under `interpreter`, as snippet_run() says. */
static int run_code(const char *interpreter, const char *code, struct snippet_result *result, char *why,
    size_t why_size)
{
	char directory[PATH_MAX];
	int out_pipe[2] = { -1, -1 }, err_pipe[2] = { -1, -1 };
	struct capture out = { .fd = -1, .text = result->out }, err = { .fd = -1, .text = result->err };
	struct guard guard;
	int started;

	if (write_snippet(code, directory, sizeof directory, why, why_size) != 0)
		return -1;
	started = start_python(&guard, interpreter, directory, out_pipe, err_pipe, why, why_size);
	if (started == 0) {
		out.fd = out_pipe[0];
		err.fd = err_pipe[0];
		fcntl(out.fd, F_SETFL, fcntl(out.fd, F_GETFL) | O_NONBLOCK);
		fcntl(err.fd, F_SETFL, fcntl(err.fd, F_GETFL) | O_NONBLOCK);
		supervise(&guard, &out, &err, result);
		if (out.fd >= 0)
			close(out.fd);
		if (err.fd >= 0)
			close(err.fd);
	}
	nftw(directory, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	result->out_cut = out.cut;
	result->err_cut = err.cut;
	text_sanitize(result->out, strlen(result->out));
	text_sanitize(result->err, strlen(result->err));
	return started;
}

/* The interpreter's version, asked of it once: "3.11.7", or "" if it would not say. */
static void interpreter_version(const char *interpreter, char *version, size_t size)
{
	static char known[24];
	struct snippet_result *asked;
	char why[256];

	if (known[0] == '\0' && (asked = calloc(1, sizeof *asked)) != NULL) {
		asked->seconds = SNIPPET_SECONDS;
		if (run_code(interpreter, VERSION_CODE, asked, why, sizeof why) == 0 && snippet_finished(asked) &&
		    asked->exit_status == 0)
			snprintf(known, sizeof known, "%.*s", (int)strcspn(asked->out, "\n"), asked->out);
		free(asked);
	}
	snprintf(version, size, "%s", known);
}

int snippet_seconds(char *why, size_t why_size)
{
	const char *text = getenv("METACONC_SNIPPET_SECONDS");
	char *end;
	long seconds;

	if (text == NULL || text[0] == '\0')
		return SNIPPET_SECONDS;
	errno = 0;
	seconds = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || seconds < 1 || seconds > SNIPPET_MAX_SECONDS) {
		snprintf(why, why_size, "METACONC_SNIPPET_SECONDS: expected a whole number from 1 to %d, not \"%.40s\"",
		    SNIPPET_MAX_SECONDS, text);
		return -1;
	}
	return (int)seconds;
}

int snippet_run(const char *code, struct snippet_result *result, char *why, size_t why_size)
{
	struct python_setup setup;

	memset(result, 0, sizeof *result);
	if ((result->seconds = snippet_seconds(why, why_size)) < 0)
		return -1;
	if (python_setup_find(&setup, why, why_size) != 0)
		return -1;
	interpreter_version(setup.interpreter, result->version, sizeof result->version);
	return run_code(setup.interpreter, code, result, why, why_size);
}

bool snippet_finished(const struct snippet_result *result)
{
	return !result->timed_out && result->interrupted_by == 0 && result->killed_by == 0;
}
