/*
 * process_tree.c: the processes and threads of a program metaconc observes
 * (metaconc trace), kept beside its recording.
 *
 * The recording knows lanes by number, in the order their threads appeared;
 * this module knows who they are: the thread's name and id, its process,
 * and the processes' family tree. It orders them for every picture: a
 * process's own row, its threads, then its children, each under its parent,
 * so a multiprocessing pool reads as the parent and its workers below it.
 * Pure data: the observer (observe/) fills it in, the renderers read it.
 */
#include "model/process_tree.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/outcome.h"

void process_tree_init(struct process_tree *tree)
{
	memset(tree, 0, sizeof *tree);
}

void process_tree_free(struct process_tree *tree)
{
	free(tree->processes);
	free(tree->threads);
	memset(tree, 0, sizeof *tree);
}

/* Grows an array to hold one more element; returns 0 or -1. */
static int reserve_one(void **array, int count, int *capacity, size_t element_size)
{
	int bigger;
	void *grown;

	if (count < *capacity)
		return 0;
	bigger = *capacity ? *capacity * 2 : 16;
	grown = realloc(*array, (size_t)bigger * element_size);
	if (grown == NULL)
		return -1;
	*array = grown;
	*capacity = bigger;
	return 0;
}

int process_tree_add_process(struct process_tree *tree, uint32_t pid, uint32_t ppid, uint64_t start_ns)
{
	struct tree_process *p;

	if (reserve_one((void **)&tree->processes, tree->process_count, &tree->process_capacity,
	    sizeof *tree->processes) != 0)
		return -1;
	p = &tree->processes[tree->process_count];
	memset(p, 0, sizeof *p);
	p->pid = pid;
	p->ppid = ppid;
	p->parent = process_tree_find(tree, ppid);
	p->start_ns = start_ns;
	p->fate = TREE_RUNNING;
	return tree->process_count++;
}

int process_tree_add_thread(struct process_tree *tree, int process, uint32_t tid, const char *name)
{
	struct tree_thread *t;

	if (reserve_one((void **)&tree->threads, tree->thread_count, &tree->thread_capacity,
	    sizeof *tree->threads) != 0)
		return -1;
	t = &tree->threads[tree->thread_count];
	t->process = process;
	t->tid = tid;
	snprintf(t->name, sizeof t->name, "%s", name != NULL ? name : "");
	return tree->thread_count++;
}

int process_tree_find(const struct process_tree *tree, uint32_t pid)
{
	int latest = -1;

	for (int i = tree->process_count - 1; i >= 0; i--) {
		if (tree->processes[i].pid != pid)
			continue;
		if (tree->processes[i].fate == TREE_RUNNING)
			return i;
		if (latest < 0)
			latest = i;
	}
	return latest;
}

int process_tree_row_count(const struct process_tree *tree)
{
	return tree->process_count + tree->thread_count;
}

/*
 * Tree order without recursion (a fork chain may be deep): a stack of
 * processes still to show. Children and threads keep the order they
 * appeared in, which is the order of their indexes.
 */
int process_tree_rows(const struct process_tree *tree, struct tree_row *rows)
{
	int processes = tree->process_count, count = 0, top = 0;
	int *stack, *depth;

	if (processes == 0)
		return 0;
	stack = malloc((size_t)processes * 2 * sizeof *stack);
	if (stack == NULL)
		return 0;
	depth = stack + processes;
	/* Roots last-first onto the stack, so the first root comes out first. */
	for (int i = processes - 1; i >= 0; i--) {
		if (tree->processes[i].parent < 0 || tree->processes[i].parent >= i) {
			stack[top] = i;
			depth[top++] = 0;
		}
	}
	while (top > 0) {
		int p = stack[--top], d = depth[top];

		rows[count++] = (struct tree_row){ .process = p, .lane = -1, .depth = d };
		for (int lane = 0; lane < tree->thread_count; lane++) {
			if (tree->threads[lane].process == p)
				rows[count++] = (struct tree_row){ .process = p, .lane = lane, .depth = d };
		}
		for (int child = processes - 1; child > p; child--) {
			if (tree->processes[child].parent == p) {
				stack[top] = child;
				depth[top++] = d + 1;
			}
		}
	}
	free(stack);
	return count;
}

void process_tree_process_label(const struct process_tree *tree, int process, char *buf, size_t size)
{
	const struct tree_process *p = &tree->processes[process];

	snprintf(buf, size, "pid %u %s", p->pid, p->command[0] ? p->command : p->name);
}

void process_tree_fate_text(const struct process_tree *tree, int process, char *buf, size_t size)
{
	const struct tree_process *p = &tree->processes[process];

	switch (p->fate) {
	case TREE_RUNNING:
		snprintf(buf, size, "running");
		return;
	case TREE_EXITED:
		snprintf(buf, size, "exit %d", p->exit_status);
		return;
	case TREE_KILLED:
		snprintf(buf, size, "killed by SIG%s%s", sigabbrev_np(p->signal) ? sigabbrev_np(p->signal) : "?",
		    p->core_dumped ? " (core dumped)" : "");
		return;
	case TREE_DETACHED:
		snprintf(buf, size, "detached, still running");
		return;
	}
	buf[0] = '\0';
}

void process_tree_thread_label(const struct process_tree *tree, int lane, int width, char *buf, size_t size)
{
	const struct tree_thread *t = &tree->threads[lane];
	char tid[16];
	int room;

	snprintf(tid, sizeof tid, "%u", t->tid);
	room = width - 4 - (int)strlen(tid); /* "A " before the name, " " after it, and a space to spare */
	if (room < 1)
		room = 1;
	snprintf(buf, size, "%c %.*s %s", outcome_worker_letter(lane), room, t->name, tid);
}
