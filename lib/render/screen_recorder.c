/*
 * screen_recorder.c: a small `script`, or `asciinema rec`.
 *
 * The parent opens a pseudo-terminal and forks. The child makes the
 * pseudo-terminal its controlling terminal and runs the session there,
 * unaware that it is recorded. The parent sits between the real terminal
 * and the pseudo-terminal: keys go in (the real terminal in raw mode, so
 * that Ctrl-C reaches the child as a key and its line discipline makes the
 * signal), output comes out to the screen and, with its time, to the cast
 * file. Chapter markers come over a separate pipe.
 */
#include "render/screen_recorder.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "core/atomic_file.h"
#include "core/signals.h"
#include "render/cast.h"

static volatile sig_atomic_t window_changed;

static void on_window_change(int sig)
{
	(void)sig;
	window_changed = 1;
}

static void window_size(struct winsize *size)
{
	if (!isatty(STDOUT_FILENO) || ioctl(STDOUT_FILENO, TIOCGWINSZ, size) != 0 || size->ws_col == 0) {
		memset(size, 0, sizeof *size);
		size->ws_col = 120;
		size->ws_row = 40;
	}
}

static int write_all(int fd, const char *data, size_t length)
{
	while (length > 0) {
		ssize_t n = write(fd, data, length);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		length -= (size_t)n;
	}
	return 0;
}

/* Reads marker lines from the pipe; each complete line becomes a marker event. */
static void relay_markers(int fd, struct cast *cast, char *line, size_t *length, size_t size)
{
	ssize_t n = read(fd, line + *length, size - 1 - *length);
	char *newline;

	if (n <= 0)
		return;
	*length += (size_t)n;
	line[*length] = '\0';
	while ((newline = strchr(line, '\n')) != NULL) {
		*newline = '\0';
		cast_marker(cast, line);
		*length -= (size_t)(newline + 1 - line);
		memmove(line, newline + 1, *length + 1);
	}
	if (*length == size - 1)
		*length = 0; /* an absurdly long marker: drop it */
}

/* The parent's side: relays until the session's terminal closes. */
static void relay(int master, int markers, struct cast *cast, pid_t child)
{
	char buffer[8192], marker[512];
	size_t marker_length = 0;
	bool input_open = true;
	int forwarded = 0;

	for (;;) {
		struct pollfd fds[4] = {
			{ .fd = master, .events = POLLIN },
			{ .fd = markers, .events = POLLIN },
			{ .fd = input_open ? STDIN_FILENO : -1, .events = POLLIN },
			{ .fd = signals_fd(), .events = POLLIN },
		};
		ssize_t n;

		if (signals_caught() != 0 && forwarded == 0) {
			forwarded = signals_caught();
			kill(child, forwarded); /* ours to pass on: the session decides how to stop */
		}
		if (window_changed) {
			struct winsize size;

			window_changed = 0;
			window_size(&size);
			ioctl(master, TIOCSWINSZ, &size);
		}
		if (poll(fds, 4, 200) < 0 && errno != EINTR)
			break;
		if (fds[1].revents & POLLIN)
			relay_markers(markers, cast, marker, &marker_length, sizeof marker);
		if (fds[2].revents & (POLLIN | POLLHUP)) {
			n = read(STDIN_FILENO, buffer, sizeof buffer);
			if (n > 0)
				write_all(master, buffer, (size_t)n);
			else
				input_open = false;
		}
		if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(master, buffer, sizeof buffer);
			if (n <= 0)
				break; /* EIO: the session closed its terminal */
			write_all(STDOUT_FILENO, buffer, (size_t)n);
			cast_output(cast, buffer, (size_t)n);
		}
	}
	/* Markers written just before the end. */
	for (int i = 0; i < 10; i++) {
		struct pollfd fd = { .fd = markers, .events = POLLIN };

		if (poll(&fd, 1, 0) <= 0)
			break;
		relay_markers(markers, cast, marker, &marker_length, sizeof marker);
	}
}

int screen_recorder_run(const char *path, const char *title, screen_recorder_session_fn *session, void *ctx,
    char *why, size_t why_size)
{
	struct atomic_file file;
	struct termios modes, raw;
	bool terminal = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &modes) == 0;
	struct winsize size;
	struct cast cast;
	int markers[2], master, status;
	pid_t child;

	if (atomic_file_open(&file, path, why, why_size) != 0)
		return -1;
	if (pipe2(markers, O_CLOEXEC) != 0) {
		snprintf(why, why_size, "cannot record: %s", strerror(errno));
		atomic_file_abort(&file);
		return -1;
	}
	window_size(&size);
	fflush(stdout);
	child = forkpty(&master, NULL, terminal ? &modes : NULL, &size);
	if (child < 0) {
		snprintf(why, why_size, "cannot record: no pseudo-terminal: %s", strerror(errno));
		close(markers[0]);
		close(markers[1]);
		atomic_file_abort(&file);
		return -1;
	}
	if (child == 0) {
		close(markers[0]);
		signals_renew();
		exit(session(ctx, markers[1]));
	}
	close(markers[1]);
	signal(SIGWINCH, on_window_change);
	if (terminal) {
		raw = modes;
		cfmakeraw(&raw);
		tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	}
	cast_begin(&cast, file.stream, size.ws_col, size.ws_row, title);
	relay(master, markers[0], &cast, child);
	if (terminal)
		tcsetattr(STDIN_FILENO, TCSADRAIN, &modes);
	signal(SIGWINCH, SIG_DFL);
	close(master);
	close(markers[0]);
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	cast_end(&cast);
	if (signals_caught() != 0 || WIFSIGNALED(status) || WEXITSTATUS(status) > 128) {
		/* Stopped by a signal (here or in the session): no half-recorded cast, as with --plain. */
		atomic_file_abort(&file);
		if (WIFSIGNALED(status))
			return 128 + WTERMSIG(status);
		return WEXITSTATUS(status) > 128 ? WEXITSTATUS(status) : signals_exit_status(signals_caught());
	}
	if (atomic_file_commit(&file, why, why_size) != 0) {
		fprintf(stderr, "metaconc: %s\n", why);
		return 1;
	}
	return WEXITSTATUS(status);
}
