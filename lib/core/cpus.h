/* cpus.h: which CPUs exist, CPU lists like "0,2-3", and pinning a thread to them. */
#ifndef METACONC_CPUS_H
#define METACONC_CPUS_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>

/* CPUs this process may run on (its affinity mask), and how many that is. */
int cpus_usable(cpu_set_t *set);
/* The highest CPU number the machine has, plus one (CPUs "configured"). */
int cpus_configured(void);

/*
 * Parses a CPU list ("0", "0,1", "0-3,6") into `set`. Every CPU must be one
 * this process may use. On error returns -1 and writes why into `why`.
 */
int cpus_parse(const char *text, cpu_set_t *set, char *why, size_t why_size);
/* Writes `set` as a compact list ("0-1,3") into buf. */
void cpus_format(const cpu_set_t *set, char *buf, size_t size);

/* Pins the calling thread to `set`; returns 0 or an errno value. */
int cpus_pin_current_thread(const cpu_set_t *set);

#endif
