/*
 * supervise.h: keeping a command's whole process tree in reach until every
 * process of it is gone: orphans come back to metaconc, and a kill reaches
 * every process, wherever it moved. (Issue 16 builds the shared version of
 * this for every command; trace switches to it when it lands.)
 */
#ifndef METACONC_SUPERVISE_H
#define METACONC_SUPERVISE_H

#include <stdbool.h>
#include <sys/types.h>

struct supervise_scope {
	bool active;
	int previous; /* PR_GET_CHILD_SUBREAPER before */
};

/* Makes metaconc the reaper of the command's orphans, for the scope's life. Returns 0 or -1. */
int supervise_begin(struct supervise_scope *scope);
/* Reaps any child still left (already dead), and puts the reaper setting back. Idempotent. */
void supervise_end(struct supervise_scope *scope);
/* Kills each process of `pids` and the process group `group` (0: none) with SIGKILL. */
void supervise_kill(const pid_t *pids, int count, pid_t group);

#endif
