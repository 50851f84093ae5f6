/*
 * sampler.c: turns the kernel's running totals of a thread into intervals
 * on its lane.
 *
 * Between two looks at a thread, the kernel's totals say exactly how long it
 * ran (R) and how long it waited, ready, for a CPU (W); the rest of the
 * interval (S) it slept. What the totals cannot say is *when* in the
 * interval each happened, nor why it slept, except at the moment of the look.
 * So each interval becomes at most two pieces on the lane:
 *
 *   - a run interval of R + W wall time holding R of CPU time (the timeline
 *     shows R as running and W as preempted, spread over the piece), on the
 *     CPU it last ran on;
 *   - a wait (asleep in futex: a lock) or a block (any other sleep) of S,
 *     its reason the one seen at the look, or, if it was not asleep then,
 *     the one seen when it last was (a thread that takes turns on the GIL
 *     sleeps in futex even when each look finds it running).
 *
 * If it sleeps at the look, it ran first and then fell asleep; if it runs,
 * it woke up during the interval: the pieces go in that order.
 *
 * The kernel updates its totals at its own moments (a wait for a CPU is
 * counted when the CPU comes), so one interval may report more than its
 * length and another less: what does not fit is owed to the next, and what
 * is not covered yet stays open until the next look (place_interval). The
 * thread's last look, at its exit, places everything: a lane's running and
 * preempted totals are the kernel's own.
 *
 * A piece that continues its lane's latest interval in the same state (the
 * same kind; for runs, the same CPU and the same class: mostly running,
 * partly, or hardly) lengthens it instead of adding an event: a thread that
 * sleeps or computes for minutes costs one event, not one a look. The totals
 * are exactly the same; only the detail inside an unchanged state is
 * averaged.
 */
#include "observe/sampler.h"

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

void sampler_begin(struct sampler_thread *thread, int lane, const struct sampler_reading *first)
{
	thread->lane = lane;
	thread->time_ns = first->time_ns;
	thread->run_ns = first->run_ns;
	thread->wait_ns = first->wait_ns;
	thread->placed_until_ns = first->time_ns;
	thread->owed_run_ns = 0;
	thread->owed_wait_ns = 0;
	thread->prepaid_wait_ns = 0;
	thread->ready = !first->sleeping;
	thread->last_sleep = first->sleeping ? first->sleep : PROCFS_SLEEP_BLOCKED;
}

/*
 * The class of a run interval, as the timeline tells cells apart (timeline.c):
 * mostly running, running an eighth or more of it, or hardly running.
 */
static int run_class(uint64_t cpu_time_ns, uint64_t duration_ns)
{
	if (2 * cpu_time_ns >= duration_ns)
		return 2;
	return 8 * cpu_time_ns >= duration_ns ? 1 : 0;
}

/* True if the piece continues the lane's latest interval in the same state. */
static bool continues(const struct lane *lane, enum trace_kind kind, uint64_t start_ns, uint64_t cpu_time_ns,
    uint64_t duration_ns, int cpu)
{
	const struct trace_event *last;

	if (lane->count == 0)
		return false;
	last = &lane->events[lane->count - 1];
	if (last->kind != kind || last->time_ns + last->duration_ns != start_ns)
		return false;
	if (kind != TRACE_RUN)
		return true;
	/* A run keeps its CPU, and its class: merging never changes what a cell at the looks' scale shows. */
	return last->cpu == cpu && run_class(last->cpu_time_ns, last->duration_ns) == run_class(cpu_time_ns, duration_ns);
}

/* Puts one piece on the lane, lengthening its latest interval when it goes on unchanged. */
static int place(struct sampler_thread *thread, struct recording *recording, enum trace_kind kind,
    uint64_t duration_ns, uint64_t cpu_time_ns, int cpu)
{
	uint64_t start = thread->placed_until_ns;
	struct trace_event event = {
		.time_ns = start,
		.duration_ns = duration_ns,
		.task = TRACE_NO_TASK,
		.worker = (uint16_t)thread->lane,
		.cpu = (int16_t)cpu,
		.kind = (uint8_t)kind,
	};

	if (duration_ns == 0)
		return 0;
	thread->placed_until_ns = start + duration_ns;
	if (continues(&recording->lanes[thread->lane], kind, start, cpu_time_ns, duration_ns, cpu))
		return recording_extend_last(recording, thread->lane, start + duration_ns, cpu_time_ns);
	if (kind == TRACE_RUN)
		event.cpu_time_ns = cpu_time_ns;
	else
		event.cpu = TRACE_NO_CPU;
	return recording_append(recording, &event);
}

/*
 * Places what the kernel counted up to the look at reading->time_ns, plus
 * what was owed, on the lane from where it is filled (as much as fits, or
 * everything if `all`). `previous_ns` is the look before; `ran` says
 * whether the thread ran since.
 *
 * A thread found asleep ran first, then fell asleep. A thread found running
 * or ready may have time the kernel has not counted yet (it counts a wait
 * for a CPU only when the CPU comes, and a run at its own ticks):
 *   - ready at both looks without running in between, it waited for a CPU
 *     all along (it cannot fall asleep without running): that is placed as
 *     preempted at once, and the kernel's count, when it comes, repays it;
 *   - otherwise the part its totals do not cover is left open until the next
 *     look says whether it was a sleep; what is still uncovered from before
 *     that look was one.
 */
static int place_interval(struct sampler_thread *thread, struct recording *recording,
    const struct sampler_reading *reading, uint64_t previous_ns, bool ran, bool all)
{
	uint64_t from = thread->placed_until_ns, to = reading->time_ns;
	uint64_t length = to > from ? to - from : 0;
	uint64_t owed = thread->owed_run_ns + thread->owed_wait_ns;
	uint64_t asleep, run_wall, cpu_time, preempted, counted;
	enum trace_kind sleep_kind;

	if (reading->sleeping)
		thread->last_sleep = reading->sleep;
	sleep_kind = thread->last_sleep == PROCFS_SLEEP_LOCK ? TRACE_WAIT : TRACE_BLOCK;
	if (all) {
		asleep = length > owed ? length - owed : 0;
		run_wall = owed;
	} else if (reading->sleeping) {
		run_wall = min_u64(owed, length);
		asleep = length - run_wall;
	} else if (thread->ready && !ran) {
		asleep = 0;
		run_wall = length > owed ? length : owed;
		run_wall = min_u64(run_wall, length);
	} else {
		uint64_t uncovered = length > owed ? length - owed : 0;
		uint64_t stale = previous_ns > from ? previous_ns - from : 0;

		asleep = min_u64(uncovered, stale);
		run_wall = min_u64(owed, length - asleep);
	}
	cpu_time = min_u64(thread->owed_run_ns, run_wall);
	preempted = run_wall - cpu_time;
	counted = min_u64(thread->owed_wait_ns, preempted);
	thread->owed_run_ns -= cpu_time;
	thread->owed_wait_ns -= counted;
	thread->prepaid_wait_ns += preempted - counted;
	thread->ready = !reading->sleeping;
	if (reading->sleeping && !all) {
		if (place(thread, recording, TRACE_RUN, run_wall, cpu_time, reading->cpu) != 0)
			return -1;
		return place(thread, recording, sleep_kind, asleep, 0, reading->cpu);
	}
	if (place(thread, recording, sleep_kind, asleep, 0, reading->cpu) != 0)
		return -1;
	return place(thread, recording, TRACE_RUN, run_wall, cpu_time, reading->cpu);
}

/*
 * Adds what the kernel counted since the previous look to what the thread
 * owes (less what was placed ahead of its count). Returns that look's time;
 * *ran says whether it ran since.
 */
static uint64_t count(struct sampler_thread *thread, const struct sampler_reading *reading, bool *ran)
{
	uint64_t previous = thread->time_ns;

	*ran = reading->run_ns > thread->run_ns;
	if (*ran)
		thread->owed_run_ns += reading->run_ns - thread->run_ns;
	if (reading->wait_ns > thread->wait_ns) {
		uint64_t waited = reading->wait_ns - thread->wait_ns;
		uint64_t repaid = min_u64(waited, thread->prepaid_wait_ns);

		thread->prepaid_wait_ns -= repaid;
		thread->owed_wait_ns += waited - repaid;
	}
	thread->run_ns = reading->run_ns;
	thread->wait_ns = reading->wait_ns;
	thread->time_ns = reading->time_ns;
	return previous;
}

int sampler_feed(struct sampler_thread *thread, struct recording *recording,
    const struct sampler_reading *reading)
{
	uint64_t previous;
	bool ran;

	if (reading->time_ns <= thread->time_ns)
		return 0;
	previous = count(thread, reading, &ran);
	return place_interval(thread, recording, reading, previous, ran, false);
}

uint64_t sampler_end(struct sampler_thread *thread, struct recording *recording,
    const struct sampler_reading *reading)
{
	bool ran;
	uint64_t previous = count(thread, reading, &ran);

	if (place_interval(thread, recording, reading, previous, ran, true) != 0)
		return 0;
	return thread->placed_until_ns > reading->time_ns ? thread->placed_until_ns : reading->time_ns;
}

void sampler_pace_init(struct sampler_pace *pace, unsigned hz)
{
	pace->first_hz = hz;
	pace->hz = hz;
	pace->lowered_at_ns = 0;
	pace->next_step_bytes = SAMPLER_MEMORY_FIRST_STEP;
}

uint64_t sampler_pace_interval_ns(const struct sampler_pace *pace)
{
	return 1000000000ull / (pace->hz > 0 ? pace->hz : 1);
}

/*
 * A thread whose state changes at every look costs two events a look. At
 * 100 looks a second, 64 such threads would fill 550 MiB in ten minutes.
 * So once the recording passes 10 MiB, each further 5 MiB halves the rate
 * (down to one look a second): the worst case stays under 64 MiB resident
 * for ten minutes (bench/RESULTS.md measures it: the memory a recording
 * takes is more than its events, as its arrays grow by doubling), and a
 * trace whose threads mostly compute or mostly sleep never gets there.
 */
bool sampler_pace_check(struct sampler_pace *pace, const struct recording *recording, uint64_t now_ns)
{
	size_t bytes;

	if (pace->hz <= SAMPLER_MIN_HZ)
		return false;
	bytes = sampler_recording_bytes(recording);
	if (bytes < pace->next_step_bytes)
		return false;
	if (pace->lowered_at_ns == 0)
		pace->lowered_at_ns = now_ns;
	/* Once for each step passed. */
	while (pace->next_step_bytes <= bytes) {
		pace->hz = pace->hz / 2 > SAMPLER_MIN_HZ ? pace->hz / 2 : SAMPLER_MIN_HZ;
		pace->next_step_bytes += SAMPLER_MEMORY_STEP;
	}
	return true;
}

/* The memory of a series: its pieces and their marks. */
static size_t series_bytes(const struct series *series)
{
	return series->count * sizeof(struct series_piece) +
	    (series->count / SERIES_STRIDE + 1) * (size_t)series->cpus * sizeof(uint64_t);
}

size_t sampler_recording_bytes(const struct recording *recording)
{
	size_t bytes = (size_t)recording->lane_count * sizeof(struct lane);

	for (int i = 0; i < recording->lane_count; i++) {
		const struct lane *lane = &recording->lanes[i];

		/* The events, and a mark (4 sums and each CPU's running time) every RECORDING_STRIDE of them. */
		bytes += lane->count * sizeof(struct trace_event);
		bytes += (lane->count / RECORDING_STRIDE + 1) * (4 + (size_t)lane->cpus) * sizeof(uint64_t);
		bytes += lane->life_count * sizeof(struct lane_life);
		bytes += series_bytes(&lane->held);
	}
	for (int cpu = 0; recording->other != NULL && cpu < recording->cpu_count; cpu++)
		bytes += series_bytes(&recording->other[cpu]);
	return bytes;
}
