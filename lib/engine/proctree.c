/*
 * proctree.c: finding a process's descendants and signalling them.
 *
 * The kernel lists a process's children cheaply only with an option this
 * code cannot count on (/proc/PID/task/TID/children), so a walk reads the
 * parent of every process in /proc (the fourth field of /proc/PID/stat) and
 * keeps those whose parent is the root or one already found. A pass that
 * finds nobody new ends the walk; a tree N levels deep takes N + 1 passes,
 * a few milliseconds each.
 *
 * A process that forks between the pass that read it and the signal can
 * leave a child the walk never saw. Killing with SIGKILL settles that: the
 * killed parent's children are handed to the nearest subreaper, and the
 * next walk of proctree_kill_all() finds them there.
 */
#include "engine/proctree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_PASSES 64 /* deeper than any real tree; a tree that keeps forking cannot keep a walk going */

/* A decimal number of at most 9 digits, or -1. */
static pid_t parse_pid(const char *text)
{
	pid_t value = 0;
	int digits = 0;

	for (; *text >= '0' && *text <= '9'; text++, digits++) {
		if (digits == 9)
			return -1;
		value = value * 10 + (*text - '0');
	}
	return digits > 0 && *text == '\0' ? value : -1;
}

/* Writes "/proc/PID/stat" into path (no snprintf: this runs in forked children). */
static void stat_path(char path[32], pid_t pid)
{
	static const char head[] = "/proc/", tail[] = "/stat";
	char digits[12];
	int n = 0, at = 0;

	do {
		digits[n++] = (char)('0' + pid % 10);
		pid /= 10;
	} while (pid > 0);
	for (size_t i = 0; i < sizeof head - 1; i++)
		path[at++] = head[i];
	while (n > 0)
		path[at++] = digits[--n];
	for (size_t i = 0; i < sizeof tail; i++)
		path[at++] = tail[i];
}

/*
 * The parent of process pid, or -1 if it is gone. /proc/PID/stat reads
 * "PID (COMMAND) STATE PPID ...", and COMMAND may hold spaces and ')':
 * the fields start after the last ')'.
 */
static pid_t parent_of(pid_t pid)
{
	char path[32], text[512];
	ssize_t n;
	char *p, *close_paren = NULL;
	pid_t ppid = 0;
	int fd;

	stat_path(path, pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	do
		n = read(fd, text, sizeof text - 1);
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n <= 0)
		return -1;
	text[n] = '\0';
	for (p = text; *p != '\0'; p++) {
		if (*p == ')')
			close_paren = p;
	}
	/* ") S 1234": skip the paren, a space, the state and a space. */
	if (close_paren == NULL || close_paren + 4 >= text + n)
		return -1;
	for (p = close_paren + 4; *p >= '0' && *p <= '9'; p++)
		ppid = ppid * 10 + (*p - '0');
	return ppid;
}

static bool contains(const pid_t *pids, int count, pid_t pid)
{
	for (int i = 0; i < count; i++) {
		if (pids[i] == pid)
			return true;
	}
	return false;
}

/*
 * One pass over /proc: signals each process whose parent is root or in
 * found[] and that is not in found[] yet, and adds it. Returns how many.
 */
static int signal_pass(pid_t root, int sig, pid_t *found, int *count)
{
	char buffer[4096];
	int added = 0;
	int dir = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (dir < 0)
		return 0;
	for (;;) {
		ssize_t n = getdents64(dir, buffer, sizeof buffer);

		if (n <= 0)
			break;
		for (ssize_t at = 0; at < n;) {
			const struct dirent64 *entry = (const struct dirent64 *)(buffer + at);
			pid_t pid = parse_pid(entry->d_name), parent;

			at += entry->d_reclen;
			if (pid <= 0 || pid == root || contains(found, *count, pid))
				continue;
			parent = parent_of(pid);
			if (parent <= 0 || (parent != root && !contains(found, *count, parent)))
				continue;
			kill(pid, sig);
			added++;
			if (*count < PROCTREE_MAX)
				found[(*count)++] = pid;
		}
	}
	close(dir);
	return added;
}

int proctree_signal(pid_t root, int sig)
{
	pid_t found[PROCTREE_MAX];
	int count = 0, total = 0;

	for (int pass = 0; pass < MAX_PASSES && count < PROCTREE_MAX; pass++) {
		int added = signal_pass(root, sig, found, &count);

		if (added == 0)
			break;
		total += added;
	}
	return total;
}

void proctree_kill_all(proctree_reaped *reaped, void *context)
{
	for (;;) {
		int status;
		pid_t pid;

		proctree_signal(getpid(), SIGKILL);
		pid = waitpid(-1, &status, __WALL);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0)
			return; /* ECHILD: nobody left */
		if (WIFSTOPPED(status)) {
			/*
			 * A task we trace (metaconc trace) stopped on its way out: killed,
			 * it still waits in its exit stop for its tracer. Let it go.
			 */
			ptrace(PTRACE_DETACH, pid, NULL, NULL);
			continue;
		}
		if (reaped != NULL)
			reaped(pid, status, context);
	}
}
