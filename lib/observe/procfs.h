/* procfs.h: what the kernel says about a process or thread, read from /proc. */
#ifndef METACONC_PROCFS_H
#define METACONC_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Why a sleeping thread sleeps. */
enum procfs_sleep {
	PROCFS_SLEEP_BLOCKED, /* in a blocking call: I/O, sleep, poll, ... */
	PROCFS_SLEEP_LOCK,    /* in futex(): waiting on a lock (in CPython, usually the GIL) */
};

/* One look at a thread. */
struct procfs_thread_now {
	uint64_t run_ns;  /* schedstat: time it has spent on a CPU, since it started */
	uint64_t wait_ns; /* schedstat: time it has spent runnable, waiting for a CPU */
	char state;       /* stat: R running or runnable, S or D sleeping, T or t stopped, Z dead */
	int cpu;          /* stat: the CPU it ran on last */
};

/*
 * A thread's files, kept open while it lives so each look costs one read a
 * file; when metaconc has no descriptor to spare (thousands of threads),
 * each look opens them again instead.
 */
struct procfs_thread {
	int schedstat_fd;
	int stat_fd;
	int syscall_fd;
	bool reopen;      /* no descriptors kept: open at each look */
	pid_t pid, tid;
};

/* Opens the thread's files. Returns 0, or -1 if the thread is gone (or not readable). */
int procfs_thread_open(struct procfs_thread *thread, pid_t pid, pid_t tid);
void procfs_thread_close(struct procfs_thread *thread);
/* Reads the run and run-queue totals alone (the cheapest look). Returns 0 or -1. */
int procfs_thread_times(const struct procfs_thread *thread, uint64_t *run_ns, uint64_t *wait_ns);
/* Reads the state and the last CPU. Returns 0 or -1. */
int procfs_thread_state(const struct procfs_thread *thread, char *state, int *cpu);
/* Why the sleeping thread sleeps: its system call now (/proc/PID/task/TID/syscall). */
enum procfs_sleep procfs_thread_sleep(const struct procfs_thread *thread);
/*
 * The cheaper look when the CPU is not needed (the schedule says it): from
 * the system call file alone, whether the thread is running or ready
 * (*asleep false) or asleep, and in what. Returns 0 or -1.
 */
int procfs_thread_activity(const struct procfs_thread *thread, bool *asleep, enum procfs_sleep *sleep);

/* The thread's name (comm), or "" if it is gone. */
void procfs_thread_name(pid_t pid, pid_t tid, char *buf, size_t size);
/* The process's command line, arguments joined by spaces, or its name if it has none. */
void procfs_command_line(pid_t pid, char *buf, size_t size);
/* The thread group (process) and parent process of a task; returns 0 or -1 if it is gone. */
int procfs_task_ids(pid_t tid, pid_t *tgid, pid_t *ppid);
/* The threads of a process: fills up to max tids; returns how many there are (may exceed max), or -1. */
int procfs_list_threads(pid_t pid, pid_t *tids, int max);
/* The children of a process (from every process's parent): like procfs_list_threads. */
int procfs_list_children(pid_t pid, pid_t *pids, int max);

#endif
