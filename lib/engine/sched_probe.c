/*
 * sched_probe.c: the kernel's own account of who held each CPU, for a run.
 *
 * Exact: one perf event per CPU (a "dummy" software event with
 * context_switch set, system-wide) makes the kernel write a record at each
 * context switch on that CPU into a ring buffer we map: the time (on
 * CLOCK_MONOTONIC, the clock the workers stamp their events with), the task
 * that leaves and the task that comes. Read in time order across CPUs, the
 * records cut each CPU's time into spans, each held by one task; a span is
 * a lane's when the task is the thread (or process) of one of the lane's
 * lives, and another program's otherwise. Idle spans are left out.
 *
 * A worker may be switched in before its "start" event reaches the
 * recording (Python batches its lines), so while the run is live the probe
 * only settles spans older than SCHED_PROBE_LAG_NS; at the end, all.
 *
 * Estimated: when perf events are not permitted, or METACONC_SCHED=estimate
 * asks for it, the lanes keep their own CPU time and other programs' share
 * is /proc/stat's busy time less the lanes' (cpu_load.c).
 */
#include "engine/sched_probe.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <sched.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "engine/cpu_load.h"

#define RING_PAGES 128                 /* data pages of each CPU's ring: 512 KiB, ~13 000 switches */
#define SAMPLE_EVERY_NS (100 * 1000000ull) /* estimated: /proc/stat about ten times a second */
#define TALLY_SIZE 1024                /* other programs counted by pid (a power of two) */

/* One context switch: from time_ns on, task (pid, tid) holds the CPU; (prev_pid, prev_tid) did before. */
struct switch_record {
	uint64_t time_ns;
	uint32_t pid, tid;
	uint32_t prev_pid, prev_tid;
};

/* One CPU: its perf ring, the switches read but not yet settled, and who holds it now. */
struct cpu_watch {
	int fd;
	void *map;
	struct switch_record *pending;
	size_t first, count, capacity; /* pending[first .. count) */
	bool known;                    /* a switch has said who holds it */
	uint32_t pid, tid;             /* the holder (tid 0: idle) */
	uint64_t since_ns;
};

/*
 * Where lanes' lives are found by the id of their thread or process. An id
 * may have several: an event loop's tasks are lanes of one thread, and a
 * thread id may come back for a later life.
 */
struct life_key {
	uint32_t id;                   /* 0: an empty slot */
	int first;                     /* its newest life in `entries` */
};

struct life_entry {
	int lane;
	size_t life;
	int next;                      /* the next older life of the same id, or -1 */
};

/* A lane's run interval inside a span, when several lanes share the spanning thread. */
struct run_part {
	uint64_t start_ns, end_ns;
	int lane;
};

/* CPU time of other programs, by pid. */
struct tally {
	uint32_t pid;                  /* 0: an empty slot */
	uint64_t ns;
};

/* /proc/stat at one moment (estimated schedule). */
struct load_sample {
	uint64_t time_ns;
	uint64_t *busy_ns;             /* per CPU */
};

struct sched_probe {
	struct recording *recording;
	bool exact;
	uint64_t start_ns;
	int cpus;
	struct cpu_watch *watch;       /* exact: per CPU */
	size_t page_size;
	struct life_key *keys;         /* exact: an open-addressing table */
	size_t key_capacity, key_count;
	struct life_entry *entries;    /* exact: the lives the keys lead to */
	size_t entry_count, entry_capacity;
	struct run_part *parts;        /* exact: working memory of a shared thread's span */
	size_t part_capacity;
	size_t *lives_seen;            /* exact: per lane, lives already in `keys` */
	int lanes_seen;
	struct tally tally[TALLY_SIZE];
	uint32_t *own_pids;            /* processes whose threads held lanes: not "other programs" */
	size_t own_count, own_capacity;
	struct load_sample samples[2]; /* estimated: the last settled sample and the newest */
	bool have_newest;
	struct cpu_load_snapshot before; /* estimated: every process's CPU time at the start */
};

/* ---- exact: a forked child lets go of the rings ------------------------- */

/*
 * The kernel does not copy a perf ring into a forked child (a pool's
 * worker), but the child would keep its events open, and tools that follow
 * mappings themselves (valgrind) would believe the ring still there and read
 * it. So a child unmaps and closes every open probe's rings at once: the
 * watches of open probes are listed here for pthread_atfork's child handler,
 * which may only call what is async-signal-safe (munmap, close).
 */
#define FORK_WATCH_MAX 8 /* probes open at once: a run and its baseline, twice over */
static struct cpu_watch *_Atomic fork_watches[FORK_WATCH_MAX];
static _Atomic int fork_watch_cpus[FORK_WATCH_MAX];
static _Atomic size_t fork_map_size;

static void forget_in_child(void);

static void register_child_handler(void)
{
	pthread_atfork(NULL, NULL, forget_in_child);
}

static void forget_in_child(void)
{
	for (int i = 0; i < FORK_WATCH_MAX; i++) {
		struct cpu_watch *watch = atomic_load(&fork_watches[i]);

		for (int cpu = 0; watch != NULL && cpu < atomic_load(&fork_watch_cpus[i]); cpu++) {
			if (watch[cpu].map != NULL)
				munmap(watch[cpu].map, atomic_load(&fork_map_size));
			if (watch[cpu].fd >= 0)
				close(watch[cpu].fd);
			watch[cpu].map = NULL;
			watch[cpu].fd = -1;
		}
	}
}

static void register_for_fork(struct sched_probe *probe)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, register_child_handler);
	atomic_store(&fork_map_size, (RING_PAGES + 1) * probe->page_size);
	for (int i = 0; i < FORK_WATCH_MAX; i++) {
		struct cpu_watch *empty = NULL;

		if (atomic_compare_exchange_strong(&fork_watches[i], &empty, probe->watch)) {
			atomic_store(&fork_watch_cpus[i], probe->cpus);
			return;
		}
	}
}

static void unregister_for_fork(struct sched_probe *probe)
{
	for (int i = 0; i < FORK_WATCH_MAX; i++) {
		struct cpu_watch *mine = probe->watch;

		if (atomic_compare_exchange_strong(&fork_watches[i], &mine, NULL))
			return;
	}
}

/* ---- exact: opening the perf events ------------------------------------- */

static int open_switch_events(int cpu)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof attr);
	attr.size = sizeof attr;
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_DUMMY;   /* counts nothing: we only want its side records */
	attr.context_switch = 1;             /* a record at each switch ... */
	attr.sample_id_all = 1;              /* ... carrying pid, tid, time and CPU */
	attr.sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_CPU;
	attr.use_clockid = 1;
	attr.clockid = CLOCK_MONOTONIC;      /* the workers' clock: spans and events share one time axis */
	attr.wakeup_events = 1 << 20;        /* nobody waits on it: we poll */
	return (int)syscall(SYS_perf_event_open, &attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
}

/* Why perf events could not be had, in words a learner can act on. */
static void explain(char *why, size_t size, int err)
{
	FILE *file = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
	int paranoid = 99;

	if (file != NULL) {
		if (fscanf(file, "%d", &paranoid) != 1)
			paranoid = 99;
		fclose(file);
	}
	if (err == EACCES || err == EPERM)
		snprintf(why, size, "perf events not permitted (kernel.perf_event_paranoid is %d; root or "
		    "CAP_PERFMON, or 0 or less, gives the exact schedule)", paranoid);
	else
		snprintf(why, size, "perf events unavailable: %s", strerror(err));
}

/* Opens and maps an event on every CPU. Returns 0, or an errno (and nothing stays open). */
static int open_exact(struct sched_probe *probe)
{
	size_t map_size = (RING_PAGES + 1) * probe->page_size;
	int opened = 0, first_error = 0;

	for (int cpu = 0; cpu < probe->cpus; cpu++) {
		struct cpu_watch *w = &probe->watch[cpu];

		w->fd = open_switch_events(cpu);
		if (w->fd < 0) {
			if (first_error == 0)
				first_error = errno;
			if (errno == EACCES || errno == EPERM)
				break;
			continue; /* an offline CPU: nothing runs there */
		}
		w->map = mmap(NULL, map_size, PROT_READ | PROT_WRITE, MAP_SHARED, w->fd, 0);
		if (w->map == MAP_FAILED) {
			first_error = errno;
			w->map = NULL;
			break;
		}
		opened++;
	}
	if (opened > 0 && (first_error == 0 || (first_error != EACCES && first_error != EPERM &&
	    first_error != ENOMEM)))
		return 0;
	for (int cpu = 0; cpu < probe->cpus; cpu++) {
		if (probe->watch[cpu].map != NULL)
			munmap(probe->watch[cpu].map, map_size);
		if (probe->watch[cpu].fd >= 0)
			close(probe->watch[cpu].fd);
		probe->watch[cpu] = (struct cpu_watch){ .fd = -1 };
	}
	return first_error != 0 ? first_error : ENODEV;
}

/*
 * A CPU's ring says who held it only at its next context switch, and a CPU
 * busy with one task may not switch for seconds. So the calling thread
 * visits every CPU it may run on once, as the probe starts: arriving there
 * is a switch, whose record names the task that held the CPU.
 */
static void visit_cpus(const struct sched_probe *probe)
{
	cpu_set_t allowed, one;

	if (sched_getaffinity(0, sizeof allowed, &allowed) != 0)
		return;
	for (int cpu = 0; cpu < probe->cpus && cpu < CPU_SETSIZE; cpu++) {
		if (probe->watch[cpu].fd < 0 || !CPU_ISSET(cpu, &allowed))
			continue;
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		sched_setaffinity(0, sizeof one, &one); /* returns once this thread runs there */
	}
	sched_setaffinity(0, sizeof allowed, &allowed);
}

/* ---- exact: reading the rings -------------------------------------------- */

/* Copies `size` bytes at `offset` of a ring's data area, which may wrap around its end. */
static void copy_from_ring(void *out, const char *data, size_t data_size, uint64_t offset, size_t size)
{
	size_t at = (size_t)(offset % data_size), first = data_size - at < size ? data_size - at : size;

	memcpy(out, data + at, first);
	memcpy((char *)out + first, data, size - first);
}

static int queue_switch(struct cpu_watch *w, const struct switch_record *record)
{
	if (w->first > 0 && w->first == w->count)
		w->first = w->count = 0;
	if (w->count == w->capacity) {
		size_t live = w->count - w->first, bigger;
		struct switch_record *grown;

		if (w->first > live) { /* mostly taken already: slide the rest down */
			memmove(w->pending, w->pending + w->first, live * sizeof *w->pending);
			w->first = 0;
			w->count = live;
		} else {
			bigger = w->capacity ? w->capacity * 2 : 1024;
			if ((grown = realloc(w->pending, bigger * sizeof *grown)) == NULL)
				return -1;
			w->pending = grown;
			w->capacity = bigger;
		}
	}
	w->pending[w->count++] = *record;
	return 0;
}

/* The layout of a PERF_RECORD_SWITCH_CPU_WIDE record with sample_id_all and TID | TIME | CPU. */
struct switch_cpu_wide {
	struct perf_event_header header;
	uint32_t next_prev_pid, next_prev_tid; /* switching out: who comes; in: who left */
	uint32_t pid, tid;                     /* the task the record is about */
	uint64_t time;
	uint32_t cpu, reserved;
};

/* Moves what the kernel wrote into a CPU's ring to its queue, and frees the ring's space. */
static void read_ring(struct sched_probe *probe, struct cpu_watch *w)
{
	struct perf_event_mmap_page *meta = w->map;
	const char *data = (const char *)w->map + probe->page_size;
	size_t data_size = RING_PAGES * probe->page_size;
	uint64_t head = __atomic_load_n(&meta->data_head, __ATOMIC_ACQUIRE), tail = meta->data_tail;

	while (tail < head) {
		union {
			struct perf_event_header header;
			struct switch_cpu_wide sw;
			struct { struct perf_event_header header; uint64_t id, lost; } lost;
		} record;
		struct perf_event_header header;

		copy_from_ring(&header, data, data_size, tail, sizeof header);
		if (header.size < sizeof header)
			break; /* never written by a sane kernel: stop rather than loop */
		if (header.size <= sizeof record) {
			copy_from_ring(&record, data, data_size, tail, header.size);
			if (header.type == PERF_RECORD_SWITCH_CPU_WIDE && header.size >= sizeof record.sw) {
				bool out = (header.misc & PERF_RECORD_MISC_SWITCH_OUT) != 0;
				struct switch_record s = {
					.time_ns = record.sw.time,
					.pid = out ? record.sw.next_prev_pid : record.sw.pid,
					.tid = out ? record.sw.next_prev_tid : record.sw.tid,
					.prev_pid = out ? record.sw.pid : record.sw.next_prev_pid,
					.prev_tid = out ? record.sw.tid : record.sw.next_prev_tid,
				};

				if (queue_switch(w, &s) != 0)
					probe->recording->schedule_lost++;
			} else if (header.type == PERF_RECORD_LOST && header.size >= sizeof record.lost) {
				probe->recording->schedule_lost += record.lost.lost;
			}
		}
		tail += header.size;
	}
	__atomic_store_n(&meta->data_tail, tail, __ATOMIC_RELEASE);
}

/* ---- exact: which lane a task is ----------------------------------------- */

static size_t key_slot(const struct sched_probe *probe, uint32_t id)
{
	size_t slot = (id * 2654435761u) & (probe->key_capacity - 1);

	while (probe->keys[slot].id != 0 && probe->keys[slot].id != id)
		slot = (slot + 1) & (probe->key_capacity - 1);
	return slot;
}

static int add_key(struct sched_probe *probe, uint32_t id, int lane, size_t life)
{
	struct life_key *key;

	if (id == 0)
		return 0;
	if (2 * (probe->key_count + 1) > probe->key_capacity) {
		struct life_key *old = probe->keys;
		size_t old_capacity = probe->key_capacity;

		probe->key_capacity = old_capacity ? old_capacity * 2 : 256;
		probe->keys = calloc(probe->key_capacity, sizeof *probe->keys);
		if (probe->keys == NULL) {
			probe->keys = old;
			probe->key_capacity = old_capacity;
			return -1;
		}
		probe->key_count = 0;
		for (size_t i = 0; i < old_capacity; i++) {
			if (old[i].id != 0) {
				probe->keys[key_slot(probe, old[i].id)] = old[i];
				probe->key_count++;
			}
		}
		free(old);
	}
	if (probe->entry_count == probe->entry_capacity) {
		size_t bigger = probe->entry_capacity ? probe->entry_capacity * 2 : 256;
		struct life_entry *grown = realloc(probe->entries, bigger * sizeof *grown);

		if (grown == NULL)
			return -1;
		probe->entries = grown;
		probe->entry_capacity = bigger;
	}
	key = &probe->keys[key_slot(probe, id)];
	if (key->id == 0) {
		*key = (struct life_key){ .id = id, .first = -1 };
		probe->key_count++;
	}
	probe->entries[probe->entry_count] = (struct life_entry){ .lane = lane, .life = life, .next = key->first };
	key->first = (int)probe->entry_count++;
	return 0;
}

/* Learns the lives the recording gained since the last look. */
static void learn_lives(struct sched_probe *probe)
{
	const struct recording *recording = probe->recording;

	if (recording->lane_count > probe->lanes_seen) {
		size_t *grown = realloc(probe->lives_seen, (size_t)recording->lane_count * sizeof *grown);

		if (grown == NULL)
			return;
		for (int i = probe->lanes_seen; i < recording->lane_count; i++)
			grown[i] = 0;
		probe->lives_seen = grown;
		probe->lanes_seen = recording->lane_count;
	}
	for (int i = 0; i < recording->lane_count; i++) {
		const struct lane *lane = &recording->lanes[i];

		for (; probe->lives_seen[i] < lane->life_count; probe->lives_seen[i]++) {
			if (add_key(probe, (uint32_t)lane->lives[probe->lives_seen[i]].os_id, i, probe->lives_seen[i]) != 0)
				return;
		}
	}
}

static void note_own_pid(struct sched_probe *probe, uint32_t pid)
{
	for (size_t i = 0; i < probe->own_count; i++) {
		if (probe->own_pids[i] == pid)
			return;
	}
	if (probe->own_count == probe->own_capacity) {
		size_t bigger = probe->own_capacity ? probe->own_capacity * 2 : 16;
		uint32_t *grown = realloc(probe->own_pids, bigger * sizeof *grown);

		if (grown == NULL)
			return;
		probe->own_pids = grown;
		probe->own_capacity = bigger;
	}
	probe->own_pids[probe->own_count++] = pid;
}

/* ---- exact: spans into the recording ------------------------------------ */

static void add_to_tally(struct sched_probe *probe, uint32_t pid, uint64_t ns)
{
	size_t slot = (pid * 2654435761u) & (TALLY_SIZE - 1);

	for (size_t tries = 0; tries < TALLY_SIZE; tries++, slot = (slot + 1) & (TALLY_SIZE - 1)) {
		if (probe->tally[slot].pid == pid || probe->tally[slot].pid == 0) {
			probe->tally[slot].pid = pid;
			probe->tally[slot].ns += ns;
			return;
		}
	}
}

/* Another program held `cpu` over [start, end): into the schedule, and into its program's tally. */
static void other_span(struct sched_probe *probe, int cpu, uint32_t pid, uint64_t start, uint64_t end)
{
	uint64_t origin = probe->recording->origin_ns;

	if (start >= end)
		return;
	recording_append_hold(probe->recording, cpu, start, end, RECORDING_OTHER);
	if (end > origin)
		add_to_tally(probe, pid, end - (start > origin ? start : origin));
}

/* The part of a life within [start, end): *from and *to; false if none. */
static bool within_life(const struct lane_life *life, uint64_t start, uint64_t end, uint64_t *from, uint64_t *to)
{
	uint64_t life_end = life->end_ns != 0 ? life->end_ns : UINT64_MAX;

	*from = start > life->start_ns ? start : life->start_ns;
	*to = end < life_end ? end : life_end;
	return *from < *to;
}

static int by_start(const void *a, const void *b)
{
	const struct run_part *x = a, *y = b;

	return x->start_ns < y->start_ns ? -1 : x->start_ns > y->start_ns;
}

/* Notes the run intervals of `lane` within [from, to) as parts of a shared thread's span. */
static void add_run_parts(struct sched_probe *probe, int lane, uint64_t from, uint64_t to, size_t *count)
{
	const struct lane *l = &probe->recording->lanes[lane];

	for (size_t i = recording_first_event_after(l, from); i < l->count && l->events[i].time_ns < to; i++) {
		const struct trace_event *e = &l->events[i];
		uint64_t a = e->time_ns > from ? e->time_ns : from;
		uint64_t b = e->time_ns + e->duration_ns < to ? e->time_ns + e->duration_ns : to;

		if (e->kind != TRACE_RUN || a >= b)
			continue;
		if (*count == probe->part_capacity) {
			size_t bigger = probe->part_capacity ? probe->part_capacity * 2 : 64;
			struct run_part *grown = realloc(probe->parts, bigger * sizeof *grown);

			if (grown == NULL)
				return;
			probe->parts = grown;
			probe->part_capacity = bigger;
		}
		probe->parts[(*count)++] = (struct run_part){ .start_ns = a, .end_ns = b, .lane = lane };
	}
}

/*
 * Task (pid, tid) held `cpu` over [start, end). Inside a lane's life it is
 * the lane's; outside every life, another program's (metaconc's own
 * supervising threads count as one). Where several lanes share the thread
 * (an event loop's tasks), each gets the part its run intervals cover, and
 * the rest is the loop's own, counted with other programs.
 */
static void span(struct sched_probe *probe, int cpu, uint32_t pid, uint32_t tid, uint64_t start, uint64_t end)
{
	const struct recording *recording = probe->recording;
	const struct life_key *key;
	const struct life_entry *only = NULL;
	size_t sharing = 0, parts = 0;
	uint64_t from, to, cursor = start;

	if (tid == 0 || start >= end)
		return; /* idle */
	key = probe->key_capacity > 0 ? &probe->keys[key_slot(probe, recording->processes ? pid : tid)] : NULL;
	for (int e = key != NULL && key->id != 0 ? key->first : -1; e >= 0; e = probe->entries[e].next) {
		const struct life_entry *entry = &probe->entries[e];

		if (within_life(&recording->lanes[entry->lane].lives[entry->life], start, end, &from, &to)) {
			only = entry;
			sharing++;
		}
	}
	if (sharing == 0) {
		other_span(probe, cpu, pid, start, end);
		return;
	}
	note_own_pid(probe, pid);
	if (sharing == 1) {
		within_life(&recording->lanes[only->lane].lives[only->life], start, end, &from, &to);
		other_span(probe, cpu, pid, start, from);
		recording_append_hold(probe->recording, cpu, from, to, only->lane);
		other_span(probe, cpu, pid, to, end);
		return;
	}
	for (int e = key->first; e >= 0; e = probe->entries[e].next) {
		const struct life_entry *entry = &probe->entries[e];

		if (within_life(&recording->lanes[entry->lane].lives[entry->life], start, end, &from, &to))
			add_run_parts(probe, entry->lane, from, to, &parts);
	}
	if (parts > 1) /* none at all: probe->parts may not even exist yet */
		qsort(probe->parts, parts, sizeof *probe->parts, by_start);
	for (size_t i = 0; i < parts; i++) {
		const struct run_part *part = &probe->parts[i];

		if (part->end_ns <= cursor)
			continue;
		other_span(probe, cpu, pid, cursor, part->start_ns);
		from = part->start_ns > cursor ? part->start_ns : cursor;
		recording_append_hold(probe->recording, cpu, from, part->end_ns, part->lane);
		cursor = part->end_ns;
	}
	other_span(probe, cpu, pid, cursor, end);
}

/* The earliest pending switch of any CPU before `horizon`, or -1. */
static int next_cpu(const struct sched_probe *probe, uint64_t horizon)
{
	int best = -1;

	for (int cpu = 0; cpu < probe->cpus; cpu++) {
		const struct cpu_watch *w = &probe->watch[cpu];

		if (w->first < w->count && w->pending[w->first].time_ns < horizon &&
		    (best < 0 || w->pending[w->first].time_ns < probe->watch[best].pending[probe->watch[best].first].time_ns))
			best = cpu;
	}
	return best;
}

/*
 * Settles every switch before `horizon`, in time order across CPUs (a lane's
 * spans must reach the recording in order), then the spans still open
 * there, up to it: the schedule is then complete up to `horizon`.
 */
static void settle(struct sched_probe *probe, uint64_t horizon)
{
	int cpu;

	learn_lives(probe);
	while ((cpu = next_cpu(probe, horizon)) >= 0) {
		struct cpu_watch *w = &probe->watch[cpu];
		const struct switch_record *s = &w->pending[w->first++];

		if (!w->known) { /* the first switch seen says who held the CPU since the probe began */
			w->known = true;
			w->pid = s->prev_pid;
			w->tid = s->prev_tid;
			w->since_ns = probe->start_ns;
		}
		if (s->tid == w->tid)
			continue;
		span(probe, cpu, w->pid, w->tid, w->since_ns, s->time_ns);
		w->pid = s->pid;
		w->tid = s->tid;
		w->since_ns = s->time_ns;
	}
	for (cpu = 0; cpu < probe->cpus; cpu++) {
		struct cpu_watch *w = &probe->watch[cpu];

		if (w->known && w->since_ns < horizon) {
			span(probe, cpu, w->pid, w->tid, w->since_ns, horizon);
			w->since_ns = horizon;
		}
	}
	recording_schedule_reaches(probe->recording, horizon);
}

static void poll_exact(struct sched_probe *probe, uint64_t now_ns)
{
	for (int cpu = 0; cpu < probe->cpus; cpu++) {
		if (probe->watch[cpu].map != NULL)
			read_ring(probe, &probe->watch[cpu]);
	}
	if (now_ns > probe->start_ns + SCHED_PROBE_LAG_NS)
		settle(probe, now_ns - SCHED_PROBE_LAG_NS);
}

/* The busiest other programs by the tally, leaving out metaconc, what it started, and the lanes' processes. */
static void name_programs_exact(struct sched_probe *probe)
{
	struct recording *recording = probe->recording;
	struct cpu_load_snapshot now;
	bool have_snapshot = cpu_load_snapshot(&now) == 0;
	pid_t self = getpid();

	recording->program_count = 0;
	for (int round = 0; round < RECORDING_PROGRAMS; round++) {
		struct tally *best = NULL;
		char path[64];
		FILE *comm;

		for (size_t i = 0; i < TALLY_SIZE; i++) {
			struct tally *t = &probe->tally[i];
			bool own = t->pid == (uint32_t)self || (have_snapshot && cpu_load_descends(&now, (pid_t)t->pid, self));

			for (size_t k = 0; k < probe->own_count && !own; k++)
				own = probe->own_pids[k] == t->pid;
			if (t->pid != 0 && t->ns > 0 && !own && (best == NULL || t->ns > best->ns))
				best = t;
		}
		if (best == NULL)
			break;
		recording->programs[round] = (struct recording_program){ .pid = best->pid, .cpu_ns = best->ns };
		snprintf(path, sizeof path, "/proc/%u/comm", best->pid);
		if ((comm = fopen(path, "r")) != NULL) {
			if (fgets(recording->programs[round].command, sizeof recording->programs[round].command, comm) != NULL)
				recording->programs[round].command[strcspn(recording->programs[round].command, "\n")] = '\0';
			fclose(comm);
		}
		best->ns = 0; /* taken */
		recording->program_count++;
	}
	if (have_snapshot)
		cpu_load_snapshot_free(&now);
}

/* ---- estimated: /proc/stat --------------------------------------------- */

static int take_sample(struct sched_probe *probe, struct load_sample *sample, uint64_t now_ns)
{
	sample->time_ns = now_ns;
	return cpu_load_busy(sample->busy_ns, probe->cpus);
}

/*
 * Other programs over [settled, newest): each CPU's busy time less the
 * lanes' running time there, spread over the span. Waits until the
 * recording holds the lanes' events for the span (the lag), unless `final`.
 */
static void settle_estimate(struct sched_probe *probe, uint64_t now_ns, bool final)
{
	struct load_sample *settled = &probe->samples[0], *newest = &probe->samples[1];
	struct recording *recording = probe->recording;
	uint64_t ours[probe->cpus], lane_ns[probe->cpus];

	if (!probe->have_newest || (!final && newest->time_ns + SCHED_PROBE_LAG_NS > now_ns))
		return;
	memset(ours, 0, sizeof ours);
	for (int lane = 0; lane < recording->lane_count; lane++) {
		recording_lane_cpu_ns(recording, lane, settled->time_ns, newest->time_ns, lane_ns);
		for (int k = 0; k < probe->cpus; k++)
			ours[k] += lane_ns[k];
	}
	for (int k = 0; k < probe->cpus; k++) {
		uint64_t busy = newest->busy_ns[k] > settled->busy_ns[k] ? newest->busy_ns[k] - settled->busy_ns[k] : 0;

		recording_append_other(recording, k, settled->time_ns, newest->time_ns, busy > ours[k] ? busy - ours[k] : 0);
	}
	settled->time_ns = newest->time_ns;
	memcpy(settled->busy_ns, newest->busy_ns, (size_t)probe->cpus * sizeof *settled->busy_ns);
	probe->have_newest = false;
}

/* Settles the newest sample once the lanes' events for it are in, and takes the next when due. */
static void poll_estimate(struct sched_probe *probe, uint64_t now_ns, bool final)
{
	settle_estimate(probe, now_ns, final);
	if (!probe->have_newest && (final || now_ns >= probe->samples[0].time_ns + SAMPLE_EVERY_NS))
		probe->have_newest = take_sample(probe, &probe->samples[1], now_ns) == 0;
	if (final)
		settle_estimate(probe, now_ns, true);
}

/* ---- the probe's life --------------------------------------------------- */

struct sched_probe *sched_probe_start(struct recording *recording)
{
	struct sched_probe *probe = calloc(1, sizeof *probe);
	const char *forced = getenv("METACONC_SCHED");
	long page = sysconf(_SC_PAGESIZE);
	int err;

	if (probe == NULL)
		return NULL;
	probe->recording = recording;
	probe->cpus = recording->cpu_count;
	probe->page_size = page > 0 ? (size_t)page : 4096;
	probe->watch = calloc((size_t)probe->cpus, sizeof *probe->watch);
	for (int k = 0; k < 2; k++)
		probe->samples[k].busy_ns = calloc((size_t)probe->cpus, sizeof *probe->samples[k].busy_ns);
	if (probe->watch == NULL || probe->samples[0].busy_ns == NULL || probe->samples[1].busy_ns == NULL) {
		sched_probe_free(probe);
		return NULL;
	}
	for (int cpu = 0; cpu < probe->cpus; cpu++)
		probe->watch[cpu].fd = -1;
	probe->start_ns = recording->origin_ns;
	if (forced != NULL && strcmp(forced, "estimate") == 0)
		snprintf(recording->schedule_why, sizeof recording->schedule_why, "METACONC_SCHED=estimate");
	else if ((err = open_exact(probe)) != 0)
		explain(recording->schedule_why, sizeof recording->schedule_why, err);
	else
		probe->exact = true;
	if (probe->exact) {
		struct timespec now;

		register_for_fork(probe);
		clock_gettime(CLOCK_MONOTONIC, &now);
		/* Spans are known from when the events were open; before that, nothing is claimed. */
		probe->start_ns = (uint64_t)now.tv_sec * 1000000000ull + (uint64_t)now.tv_nsec;
		visit_cpus(probe);
		recording_set_schedule(recording, RECORDING_EXACT);
		recording_schedule_reaches(recording, probe->start_ns);
		return probe;
	}
	take_sample(probe, &probe->samples[0], probe->start_ns);
	cpu_load_snapshot(&probe->before);
	return probe;
}

void sched_probe_poll(struct sched_probe *probe, uint64_t now_ns)
{
	if (probe->exact)
		poll_exact(probe, now_ns);
	else
		poll_estimate(probe, now_ns, false);
}

void sched_probe_finish(struct sched_probe *probe, uint64_t end_ns)
{
	if (probe->exact) {
		for (int cpu = 0; cpu < probe->cpus; cpu++) {
			if (probe->watch[cpu].map != NULL)
				read_ring(probe, &probe->watch[cpu]);
		}
		settle(probe, end_ns);
		name_programs_exact(probe);
		return;
	}
	poll_estimate(probe, end_ns, true);
	{
		struct cpu_load_snapshot after;

		if (cpu_load_snapshot(&after) == 0) {
			probe->recording->program_count = cpu_load_busiest(&probe->before, &after, getpid(),
			    probe->recording->programs, RECORDING_PROGRAMS);
			cpu_load_snapshot_free(&after);
		}
	}
}

void sched_probe_free(struct sched_probe *probe)
{
	if (probe == NULL)
		return;
	if (probe->exact)
		unregister_for_fork(probe);
	for (int cpu = 0; probe->watch != NULL && cpu < probe->cpus; cpu++) {
		struct cpu_watch *w = &probe->watch[cpu];

		if (w->map != NULL)
			munmap(w->map, (RING_PAGES + 1) * probe->page_size);
		if (w->fd >= 0)
			close(w->fd);
		free(w->pending);
	}
	free(probe->watch);
	free(probe->keys);
	free(probe->entries);
	free(probe->parts);
	free(probe->lives_seen);
	free(probe->own_pids);
	free(probe->samples[0].busy_ns);
	free(probe->samples[1].busy_ns);
	cpu_load_snapshot_free(&probe->before);
	free(probe);
}
