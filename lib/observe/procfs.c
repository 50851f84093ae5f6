/*
 * procfs.c: the kernel's own figures about a thread, read from /proc.
 *
 * /proc/PID/task/TID/schedstat holds two running totals the scheduler keeps
 * exactly: the time the thread spent on a CPU and the time it spent ready
 * but waiting for one. Their growth between two looks is what the thread did
 * in between, to the nanosecond. /proc/.../stat says whether it sleeps now
 * and on which CPU it ran last; /proc/.../syscall says in which system call
 * it sleeps (futex: a lock). A thread's files stay open while it lives, so a
 * look is one pread() a file. Everything here only reads.
 */
#include "observe/procfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Reads a small /proc file whole into buf (NUL-terminated); returns the length, or -1. */
static ssize_t read_at_start(int fd, char *buf, size_t size)
{
	ssize_t n = pread(fd, buf, size - 1, 0);

	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

static ssize_t read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read_at_start(fd, buf, size);
	close(fd);
	return n;
}

static int open_task_file(pid_t pid, pid_t tid, const char *name)
{
	char path[64];

	snprintf(path, sizeof path, "/proc/%d/task/%d/%s", (int)pid, (int)tid, name);
	return open(path, O_RDONLY | O_CLOEXEC);
}

/* The descriptors kept open stay below this, leaving some for the looks that open and close theirs. */
static int descriptors_to_keep(void)
{
	static int keep;
	struct rlimit limit;

	if (keep == 0)
		keep = getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < 1u << 20 ? (int)limit.rlim_cur - 32 : 1 << 20;
	return keep;
}

int procfs_thread_open(struct procfs_thread *thread, pid_t pid, pid_t tid)
{
	int error;

	thread->pid = pid;
	thread->tid = tid;
	thread->reopen = false;
	thread->schedstat_fd = open_task_file(pid, tid, "schedstat");
	thread->stat_fd = thread->schedstat_fd >= 0 ? open_task_file(pid, tid, "stat") : -1;
	thread->syscall_fd = thread->stat_fd >= 0 ? open_task_file(pid, tid, "syscall") : -1;
	if (thread->syscall_fd >= 0 && thread->syscall_fd < descriptors_to_keep())
		return 0;
	error = thread->syscall_fd >= 0 ? EMFILE : errno;
	procfs_thread_close(thread);
	if (error != EMFILE && error != ENFILE)
		return -1;
	thread->reopen = true;
	return 0;
}

/* One of the thread's files, read whole: through its kept descriptor, or opened for this look. */
static ssize_t read_task_file(const struct procfs_thread *thread, int fd, const char *name, char *buf,
    size_t size)
{
	ssize_t n;

	if (!thread->reopen)
		return fd >= 0 ? read_at_start(fd, buf, size) : -1;
	fd = open_task_file(thread->pid, thread->tid, name);
	if (fd < 0)
		return -1;
	n = read_at_start(fd, buf, size);
	close(fd);
	return n;
}

void procfs_thread_close(struct procfs_thread *thread)
{
	if (thread->schedstat_fd >= 0)
		close(thread->schedstat_fd);
	if (thread->stat_fd >= 0)
		close(thread->stat_fd);
	if (thread->syscall_fd >= 0)
		close(thread->syscall_fd);
	thread->schedstat_fd = thread->stat_fd = thread->syscall_fd = -1;
	thread->reopen = false;
}

int procfs_thread_times(const struct procfs_thread *thread, uint64_t *run_ns, uint64_t *wait_ns)
{
	char buf[96];
	unsigned long long run, wait;

	if (read_task_file(thread, thread->schedstat_fd, "schedstat", buf, sizeof buf) <= 0)
		return -1;
	if (sscanf(buf, "%llu %llu", &run, &wait) != 2)
		return -1;
	*run_ns = run;
	*wait_ns = wait;
	return 0;
}

/* The fields after the command name (which may hold spaces and parentheses). */
static const char *after_name(const char *stat)
{
	const char *close = strrchr(stat, ')');

	return close != NULL && close[1] == ' ' ? close + 2 : NULL;
}

int procfs_thread_state(const struct procfs_thread *thread, char *state, int *cpu)
{
	char buf[1024];
	const char *field;

	if (read_task_file(thread, thread->stat_fd, "stat", buf, sizeof buf) <= 0)
		return -1;
	field = after_name(buf);
	if (field == NULL)
		return -1;
	*state = field[0];
	/* The CPU is field 39 of stat; `field` is field 3. */
	for (int i = 3; i < 39 && field != NULL; i++) {
		field = strchr(field, ' ');
		if (field != NULL)
			field++;
	}
	*cpu = field != NULL ? atoi(field) : -1;
	return 0;
}

/* The thread's system call now: SYSCALL_RUNNING if it runs (or is ready), -1 in no call, else its number. */
#define SYSCALL_RUNNING (-2)
static long current_call(const struct procfs_thread *thread)
{
	char buf[256];
	long number;

	if (read_task_file(thread, thread->syscall_fd, "syscall", buf, sizeof buf) <= 0)
		return -1;
	if (strncmp(buf, "running", 7) == 0)
		return SYSCALL_RUNNING;
	return sscanf(buf, "%ld", &number) == 1 ? number : -1;
}

static enum procfs_sleep sleep_in(long number)
{
#ifdef SYS_futex_waitv
	if (number == SYS_futex_waitv)
		return PROCFS_SLEEP_LOCK;
#endif
	return number == SYS_futex ? PROCFS_SLEEP_LOCK : PROCFS_SLEEP_BLOCKED;
}

enum procfs_sleep procfs_thread_sleep(const struct procfs_thread *thread)
{
	return sleep_in(current_call(thread));
}

int procfs_thread_activity(const struct procfs_thread *thread, bool *asleep, enum procfs_sleep *sleep)
{
	long number = current_call(thread);

	/* The kernel says "running" for a thread on a CPU or ready for one; -1 is user code, stopped. */
	*asleep = number >= 0;
	*sleep = *asleep ? sleep_in(number) : PROCFS_SLEEP_BLOCKED;
	return 0;
}

void procfs_thread_name(pid_t pid, pid_t tid, char *buf, size_t size)
{
	char path[64];

	snprintf(path, sizeof path, "/proc/%d/task/%d/comm", (int)pid, (int)tid);
	if (read_file(path, buf, size) <= 0) {
		buf[0] = '\0';
		return;
	}
	buf[strcspn(buf, "\n")] = '\0';
}

void procfs_command_line(pid_t pid, char *buf, size_t size)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
	n = read_file(path, buf, size);
	if (n <= 0) {
		procfs_thread_name(pid, pid, buf, size);
		return;
	}
	/* Arguments are NUL-separated, the last one NUL-terminated. */
	while (n > 0 && buf[n - 1] == '\0')
		n--;
	for (ssize_t i = 0; i < n; i++) {
		if (buf[i] == '\0' || buf[i] == '\n' || buf[i] == '\t')
			buf[i] = ' ';
	}
	buf[n] = '\0';
}

int procfs_task_ids(pid_t tid, pid_t *tgid, pid_t *ppid)
{
	char path[64], buf[2048];
	const char *line;

	snprintf(path, sizeof path, "/proc/%d/status", (int)tid);
	if (read_file(path, buf, sizeof buf) <= 0)
		return -1;
	line = strstr(buf, "\nTgid:");
	if (line == NULL)
		return -1;
	*tgid = (pid_t)atoi(line + 6);
	line = strstr(buf, "\nPPid:");
	if (line == NULL)
		return -1;
	*ppid = (pid_t)atoi(line + 6);
	return 0;
}

int procfs_list_threads(pid_t pid, pid_t *tids, int max)
{
	char path[64];
	struct dirent *entry;
	DIR *dir;
	int count = 0;

	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	dir = opendir(path);
	if (dir == NULL)
		return -1;
	while ((entry = readdir(dir)) != NULL) {
		int tid = atoi(entry->d_name);

		if (tid <= 0)
			continue;
		if (count < max)
			tids[count] = tid;
		count++;
	}
	closedir(dir);
	return count;
}

int procfs_list_children(pid_t pid, pid_t *pids, int max)
{
	pid_t tids[256];
	int threads = procfs_list_threads(pid, tids, 256), count = 0;

	if (threads < 0)
		return -1;
	for (int i = 0; i < threads && i < 256; i++) {
		char path[64], buf[4096];
		const char *p = buf;

		/* Each thread lists the children it forked. */
		snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)pid, (int)tids[i]);
		if (read_file(path, buf, sizeof buf) <= 0)
			continue;
		while (*p != '\0') {
			char *end;
			long child = strtol(p, &end, 10);

			if (end == p)
				break;
			if (count < max)
				pids[count] = (pid_t)child;
			count++;
			p = end;
		}
	}
	return count;
}
