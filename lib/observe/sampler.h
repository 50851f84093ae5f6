/*
 * sampler.h: from the kernel's running totals of a thread, looked at again
 * and again, to intervals on its lane of the recording (metaconc trace).
 */
#ifndef METACONC_SAMPLER_H
#define METACONC_SAMPLER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/recording.h"
#include "observe/procfs.h"

#define SAMPLER_DEFAULT_HZ 100 /* the default rate: see sampler.c and bench/RESULTS.md */
#define SAMPLER_MIN_HZ 1
#define SAMPLER_MAX_HZ 10000
/* The recording may grow to this before the rate is lowered, then by steps of this much. */
#define SAMPLER_MEMORY_FIRST_STEP (10u << 20)
#define SAMPLER_MEMORY_STEP (5u << 20)

/* One look at a thread. */
struct sampler_reading {
	uint64_t time_ns;         /* CLOCK_MONOTONIC when it was taken */
	uint64_t run_ns;          /* the kernel's total time on a CPU */
	uint64_t wait_ns;         /* the kernel's total time ready but without a CPU */
	bool sleeping;            /* asleep (or stopped) when looked at */
	enum procfs_sleep sleep;  /* if sleeping: on a lock, or blocked */
	int cpu;                  /* the CPU it ran on last */
};

/* What the sampler remembers of a thread between two looks. */
struct sampler_thread {
	int lane;
	uint64_t time_ns;           /* the previous look */
	uint64_t run_ns, wait_ns;   /* its totals then */
	uint64_t placed_until_ns;   /* the lane is filled up to here */
	uint64_t owed_run_ns;       /* counted by the kernel, not placed on the lane yet */
	uint64_t owed_wait_ns;
	uint64_t prepaid_wait_ns;   /* placed as preempted before the kernel counted it */
	bool ready;                 /* running or ready (not asleep) at the previous look */
	enum procfs_sleep last_sleep; /* why it slept when last seen asleep */
};

/* How often to look, lowered as the recording grows so a long trace stays within its memory. */
struct sampler_pace {
	unsigned first_hz;        /* the rate asked for */
	unsigned hz;              /* the rate now */
	uint64_t lowered_at_ns;   /* when it was first lowered (absolute), or 0 */
	size_t next_step_bytes;   /* the recording's size at which it is lowered again */
};

/* Starts a thread's lane from its first look (at its birth, or when metaconc attached). */
void sampler_begin(struct sampler_thread *thread, int lane, const struct sampler_reading *first);
/* Places what the thread did since the previous look on its lane. Returns 0, or -1 if out of memory. */
int sampler_feed(struct sampler_thread *thread, struct recording *recording,
    const struct sampler_reading *reading);
/*
 * The thread's last look, at its exit: places all it still owes, so that its
 * lane's totals are the kernel's own final totals. Returns where its lane
 * now ends (at least reading->time_ns), or 0 if out of memory.
 */
uint64_t sampler_end(struct sampler_thread *thread, struct recording *recording,
    const struct sampler_reading *reading);

void sampler_pace_init(struct sampler_pace *pace, unsigned hz);
uint64_t sampler_pace_interval_ns(const struct sampler_pace *pace);
/* Halves the rate when the recording has grown past the next step. True if it changed. */
bool sampler_pace_check(struct sampler_pace *pace, const struct recording *recording, uint64_t now_ns);
/* The memory the recording's events take, in bytes (what the pace watches). */
size_t sampler_recording_bytes(const struct recording *recording);

#endif
