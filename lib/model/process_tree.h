/*
 * process_tree.h: who each lane of an observed program is (metaconc trace):
 * its processes, parent to child, and the thread behind every lane.
 */
#ifndef METACONC_PROCESS_TREE_H
#define METACONC_PROCESS_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TREE_NAME_SIZE 16     /* a kernel "comm": 15 characters and a NUL */
#define TREE_COMMAND_SIZE 256 /* a command line, cut if longer */

/* How a process's life ended, as far as metaconc saw it. */
enum tree_fate {
	TREE_RUNNING,  /* still alive (or its end was not seen yet) */
	TREE_EXITED,   /* it exited with exit_status */
	TREE_KILLED,   /* a signal killed it */
	TREE_DETACHED, /* metaconc stopped watching it; it runs on */
};

struct tree_process {
	uint32_t pid;
	uint32_t ppid;
	int parent;                        /* the parent's index in the tree, or -1 for a root */
	char name[TREE_NAME_SIZE];         /* its program's name: "python3" */
	char command[TREE_COMMAND_SIZE];   /* its command line, arguments joined by spaces */
	int execs;                         /* programs it exec'd since it was first seen */
	uint64_t start_ns;                 /* absolute, CLOCK_MONOTONIC: when it was first seen */
	uint64_t end_ns;                   /* when it ended or was detached; 0 while running */
	enum tree_fate fate;
	int exit_status;                   /* TREE_EXITED: 0..255 */
	int signal;                        /* TREE_KILLED: the signal */
	bool core_dumped;                  /* TREE_KILLED: and it dumped core */
};

/* The thread behind a lane: lane i of the recording is threads[i]. */
struct tree_thread {
	int process;               /* its process's index */
	uint32_t tid;
	char name[TREE_NAME_SIZE]; /* its name (comm): "python3", "Thread-1" */
};

struct process_tree {
	struct tree_process *processes;
	int process_count, process_capacity;
	struct tree_thread *threads; /* one per lane, in the recording's lane order */
	int thread_count, thread_capacity;
};

/* One row of the picture, in tree order: a process, then its threads, then its children. */
struct tree_row {
	int process; /* the process the row belongs to */
	int lane;    /* the thread's lane, or -1 for the process's own row (its heading) */
	int depth;   /* 0 for the first process, 1 for its children, ... */
};

void process_tree_init(struct process_tree *tree);
void process_tree_free(struct process_tree *tree);

/* Adds a process first seen at start_ns; returns its index, or -1 if out of memory. */
int process_tree_add_process(struct process_tree *tree, uint32_t pid, uint32_t ppid, uint64_t start_ns);
/* Adds the thread behind the next lane; returns that lane's number, or -1 if out of memory. */
int process_tree_add_thread(struct process_tree *tree, int process, uint32_t tid, const char *name);
/* The process with this pid still running (or, if none is, the latest with it), or -1. */
int process_tree_find(const struct process_tree *tree, uint32_t pid);

/* Rows needed for every process and thread. */
int process_tree_row_count(const struct process_tree *tree);
/* Fills rows (room for process_tree_row_count) in tree order; returns how many. */
int process_tree_rows(const struct process_tree *tree, struct tree_row *rows);

/* "pid 4100 python3 pool.py" */
void process_tree_process_label(const struct process_tree *tree, int process, char *buf, size_t size);
/* "exit 0", "killed by SIGSEGV (core dumped)", "running", "detached" */
void process_tree_fate_text(const struct process_tree *tree, int process, char *buf, size_t size);
/*
 * "A python3 4101": the lane's letter (as the CPU lanes show it), the
 * thread's name and its id, in at most `width` characters (the name is cut
 * to fit, never the id).
 */
void process_tree_thread_label(const struct process_tree *tree, int lane, int width, char *buf, size_t size);

#endif
