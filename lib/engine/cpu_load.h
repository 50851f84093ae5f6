/* cpu_load.h: how busy each CPU was (/proc/stat) and which programs used CPU time (/proc/PID/stat). */
#ifndef METACONC_CPU_LOAD_H
#define METACONC_CPU_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/recording.h"

/* Fills busy_ns[0..cpus-1] with each CPU's busy time since boot (not idle, not waiting for I/O). Returns 0 or -1. */
int cpu_load_busy(uint64_t *busy_ns, int cpus);

/* Every process's CPU time at one moment. */
struct cpu_load_snapshot {
	struct cpu_load_process *processes;
	size_t count, capacity;
};

struct cpu_load_process {
	pid_t pid;
	pid_t ppid;
	uint64_t cpu_ns;  /* user and system time of all its threads */
	char command[16];
};

/* Reads every process of /proc. Returns 0 or -1. */
int cpu_load_snapshot(struct cpu_load_snapshot *snapshot);
void cpu_load_snapshot_free(struct cpu_load_snapshot *snapshot);
/* True if `pid` is `ancestor` or descends from it (as far as `snapshot` tells). */
bool cpu_load_descends(const struct cpu_load_snapshot *snapshot, pid_t pid, pid_t ancestor);
/*
 * The programs that used the most CPU time between two snapshots, the
 * busiest first, leaving out `self` and the processes it started. Returns
 * how many it wrote (at most `max`).
 */
int cpu_load_busiest(const struct cpu_load_snapshot *before, const struct cpu_load_snapshot *after, pid_t self,
    struct recording_program *out, int max);

#endif
