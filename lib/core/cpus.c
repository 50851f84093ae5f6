/*
 * cpus.c: the CPUs a run may use.
 *
 * "--cpus 0" pins every worker to CPU 0: the workers still run concurrently,
 * but never in parallel, because one CPU runs one thread at a time. This
 * module parses such lists, checks each CPU is really available, and applies
 * the pinning to a thread with sched_setaffinity(2).
 */
#include "core/cpus.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cpus_usable(cpu_set_t *set)
{
	CPU_ZERO(set);
	if (sched_getaffinity(0, sizeof *set, set) != 0) {
		long online = sysconf(_SC_NPROCESSORS_ONLN);

		for (long cpu = 0; cpu < online && cpu < CPU_SETSIZE; cpu++)
			CPU_SET(cpu, set);
	}
	return CPU_COUNT(set);
}

int cpus_configured(void)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);

	if (n < 1)
		return 1;
	return n > CPU_SETSIZE ? CPU_SETSIZE : (int)n;
}

/* Reads a CPU number at *p, advancing p; -1 if there is none. */
static long parse_cpu_number(const char **p)
{
	long n = 0;

	if (**p < '0' || **p > '9')
		return -1;
	while (**p >= '0' && **p <= '9') {
		n = n * 10 + (**p - '0');
		if (n >= CPU_SETSIZE)
			return CPU_SETSIZE;
		(*p)++;
	}
	return n;
}

int cpus_parse(const char *text, cpu_set_t *set, char *why, size_t why_size)
{
	cpu_set_t usable;
	char usable_text[64];
	const char *p = text;

	cpus_usable(&usable);
	cpus_format(&usable, usable_text, sizeof usable_text);
	CPU_ZERO(set);
	for (;;) {
		long first = parse_cpu_number(&p), last = first;

		if (first < 0) {
			snprintf(why, why_size, "expected a CPU list such as 0 or 0,1 or 0-3 (this machine: %s)", usable_text);
			return -1;
		}
		if (*p == '-') {
			p++;
			last = parse_cpu_number(&p);
			if (last < first) {
				snprintf(why, why_size, "a CPU range must be low-high, such as 0-3 (this machine: %s)", usable_text);
				return -1;
			}
		}
		for (long cpu = first; cpu <= last; cpu++) {
			if (cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, &usable)) {
				snprintf(why, why_size, "CPU %ld is not available (this machine: %s)", cpu, usable_text);
				return -1;
			}
			CPU_SET(cpu, set);
		}
		if (*p == '\0')
			return 0;
		if (*p != ',') {
			snprintf(why, why_size, "expected a CPU list such as 0 or 0,1 or 0-3 (this machine: %s)", usable_text);
			return -1;
		}
		p++;
	}
}

void cpus_format(const cpu_set_t *set, char *buf, size_t size)
{
	size_t used = 0;
	int cpu = 0;

	buf[0] = '\0';
	while (cpu < CPU_SETSIZE) {
		int last;

		if (!CPU_ISSET(cpu, set)) {
			cpu++;
			continue;
		}
		last = cpu;
		while (last + 1 < CPU_SETSIZE && CPU_ISSET(last + 1, set))
			last++;
		if (used < size) {
			int n = last == cpu ?
			    snprintf(buf + used, size - used, "%s%d", used ? "," : "", cpu) :
			    snprintf(buf + used, size - used, "%s%d-%d", used ? "," : "", cpu, last);
			used += n > 0 ? (size_t)n : 0;
		}
		cpu = last + 1;
	}
}

/* region: cpus-pin */
int cpus_pin_current_thread(const cpu_set_t *set)
{
	/* pid 0 means the calling thread, for threads and forked processes alike. */
	if (sched_setaffinity(0, sizeof *set, set) != 0)
		return errno;
	return 0;
}
/* endregion */
