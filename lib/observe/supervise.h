/*
 * supervise.h: keeping a traced command's whole process tree in reach until
 * every process of it is gone: orphans come back to metaconc, and a kill
 * reaches every process, wherever it moved. The walking and killing of a
 * tree is engine/proctree's, which every command that runs other programs
 * shares.
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
/*
 * Kills and reaps whatever of the command is still there (any depth), and
 * puts the reaper setting back. Idempotent; nothing is done for a scope that
 * never began (a program attached to is never killed).
 */
void supervise_end(struct supervise_scope *scope);
/*
 * Kills each process of `pids` (the traced ones), the process group
 * `group` (0: none) and every other descendant of metaconc, with SIGKILL.
 */
void supervise_kill(const pid_t *pids, int count, pid_t group);

#endif
