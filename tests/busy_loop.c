/*
 * busy_loop.c: another program, for the tests: it keeps one CPU busy.
 *
 * usage: busy_loop CPU
 * Pins itself to CPU and computes until a signal ends it. The tests read
 * how much CPU time it really used from /proc/PID/stat, and compare that
 * with what metaconc says other programs took.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	cpu_set_t one;
	volatile unsigned long x = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: busy_loop CPU\n");
		return 2;
	}
	CPU_ZERO(&one);
	CPU_SET(atoi(argv[1]), &one);
	if (sched_setaffinity(0, sizeof one, &one) != 0) {
		perror("busy_loop: sched_setaffinity");
		return 1;
	}
	for (;;)
		x = x * 6364136223846793005ul + 1442695040888963407ul;
}
