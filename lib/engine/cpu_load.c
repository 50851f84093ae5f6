/*
 * cpu_load.c: what the kernel says anyone may read about CPU time.
 *
 * Where perf events are not permitted, this is how metaconc learns about
 * other programs: /proc/stat counts each CPU's busy time (in clock ticks,
 * 10 ms on most systems), and /proc/PID/stat each process's. The schedule
 * probe (sched_probe.c) turns the differences over a run into other
 * programs' share of each CPU, and names the busiest of them.
 */
#include "engine/cpu_load.h"

#include <ctype.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint64_t ns_per_tick(void)
{
	long ticks = sysconf(_SC_CLK_TCK);

	return 1000000000ull / (uint64_t)(ticks > 0 ? ticks : 100);
}

int cpu_load_busy(uint64_t *busy_ns, int cpus)
{
	FILE *stat = fopen("/proc/stat", "r");
	char line[512];
	uint64_t tick = ns_per_tick();

	if (stat == NULL)
		return -1;
	memset(busy_ns, 0, (size_t)cpus * sizeof *busy_ns);
	while (fgets(line, sizeof line, stat) != NULL) {
		unsigned long long user, nice, system, idle, iowait, irq, softirq, steal = 0;
		int cpu;

		/* cpuN user nice system idle iowait irq softirq steal ... (guest time is inside user) */
		if (sscanf(line, "cpu%d %llu %llu %llu %llu %llu %llu %llu %llu", &cpu, &user, &nice, &system, &idle,
		    &iowait, &irq, &softirq, &steal) < 8)
			continue;
		if (cpu >= 0 && cpu < cpus)
			busy_ns[cpu] = (uint64_t)(user + nice + system + irq + softirq + steal) * tick;
	}
	fclose(stat);
	return 0;
}

/* Reads /proc/PID/stat: the command, the parent, and user plus system time. Returns 0 or -1. */
static int read_process(pid_t pid, struct cpu_load_process *process, uint64_t tick)
{
	char path[64], text[1024], *close_paren;
	unsigned long long utime, stime;
	int ppid;
	ssize_t length;
	FILE *file;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((file = fopen(path, "r")) == NULL)
		return -1;
	length = (ssize_t)fread(text, 1, sizeof text - 1, file);
	fclose(file);
	if (length <= 0)
		return -1;
	text[length] = '\0';
	/* "PID (COMMAND) STATE PPID ...": the command may hold spaces and parentheses; the last ')' ends it. */
	close_paren = strrchr(text, ')');
	if (close_paren == NULL || strchr(text, '(') == NULL)
		return -1;
	if (sscanf(close_paren + 2, "%*c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ppid, &utime,
	    &stime) != 3)
		return -1;
	*close_paren = '\0';
	process->pid = pid;
	process->ppid = ppid;
	process->cpu_ns = (uint64_t)(utime + stime) * tick;
	snprintf(process->command, sizeof process->command, "%s", strchr(text, '(') + 1);
	return 0;
}

int cpu_load_snapshot(struct cpu_load_snapshot *snapshot)
{
	DIR *proc = opendir("/proc");
	struct dirent *entry;
	uint64_t tick = ns_per_tick();

	memset(snapshot, 0, sizeof *snapshot);
	if (proc == NULL)
		return -1;
	while ((entry = readdir(proc)) != NULL) {
		struct cpu_load_process process;

		if (!isdigit((unsigned char)entry->d_name[0]) ||
		    read_process((pid_t)atoi(entry->d_name), &process, tick) != 0)
			continue;
		if (snapshot->count == snapshot->capacity) {
			size_t bigger = snapshot->capacity ? snapshot->capacity * 2 : 256;
			struct cpu_load_process *grown = realloc(snapshot->processes, bigger * sizeof *grown);

			if (grown == NULL)
				break;
			snapshot->processes = grown;
			snapshot->capacity = bigger;
		}
		snapshot->processes[snapshot->count++] = process;
	}
	closedir(proc);
	return 0;
}

void cpu_load_snapshot_free(struct cpu_load_snapshot *snapshot)
{
	free(snapshot->processes);
	memset(snapshot, 0, sizeof *snapshot);
}

static const struct cpu_load_process *find(const struct cpu_load_snapshot *snapshot, pid_t pid)
{
	for (size_t i = 0; i < snapshot->count; i++) {
		if (snapshot->processes[i].pid == pid)
			return &snapshot->processes[i];
	}
	return NULL;
}

bool cpu_load_descends(const struct cpu_load_snapshot *snapshot, pid_t pid, pid_t ancestor)
{
	/* A chain of parents is short; the bound stops a loop in a snapshot taken while pids were reused. */
	for (int depth = 0; depth < 64 && pid > 1; depth++) {
		const struct cpu_load_process *process;

		if (pid == ancestor)
			return true;
		if ((process = find(snapshot, pid)) == NULL)
			return false;
		pid = process->ppid;
	}
	return false;
}

int cpu_load_busiest(const struct cpu_load_snapshot *before, const struct cpu_load_snapshot *after, pid_t self,
    struct recording_program *out, int max)
{
	int count = 0;

	for (size_t i = 0; i < after->count; i++) {
		const struct cpu_load_process *now = &after->processes[i];
		const struct cpu_load_process *then = find(before, now->pid);
		uint64_t used = now->cpu_ns - (then != NULL && then->cpu_ns <= now->cpu_ns ? then->cpu_ns : 0);
		int at;

		if (then == NULL || used == 0 || cpu_load_descends(after, now->pid, self))
			continue; /* a process that started during the run: its share is in /proc/stat, unnamed */
		/* Insertion into the list, the busiest first. */
		for (at = count; at > 0 && out[at - 1].cpu_ns < used; at--) {
			if (at < max)
				out[at] = out[at - 1];
		}
		if (at >= max)
			continue;
		out[at] = (struct recording_program){ .pid = (uint32_t)now->pid, .cpu_ns = used };
		snprintf(out[at].command, sizeof out[at].command, "%s", now->command);
		if (count < max)
			count++;
	}
	return count;
}
