/*
 * test_observe.c: the pure parts of metaconc trace: the sampler (kernel
 * totals to intervals), the process tree's order and labels, the output
 * pane's text.
 */
#include <string.h>

#include "check.h"
#include "model/process_tree.h"
#include "model/recording.h"
#include "observe/output_tail.h"
#include "observe/sampler.h"

#define MS 1000000ull

static struct sampler_reading reading(uint64_t t_ms, uint64_t run_ms, uint64_t wait_ms, bool sleeping,
    enum procfs_sleep why, int cpu)
{
	return (struct sampler_reading){ .time_ns = t_ms * MS, .run_ns = run_ms * MS, .wait_ns = wait_ms * MS,
		.sleeping = sleeping, .sleep = why, .cpu = cpu };
}

/* A lane of one thread, started at t = 0 with its first look. */
static void start(struct recording *recording, struct sampler_thread *thread)
{
	struct sampler_reading first = reading(0, 0, 0, false, PROCFS_SLEEP_BLOCKED, 0);
	struct trace_event begin = { .time_ns = 0, .kind = TRACE_WORKER_START, .task = TRACE_NO_TASK, .cpu = -1 };

	recording_init(recording, 1, 2, false, 0);
	recording_append(recording, &begin);
	sampler_begin(thread, 0, &first);
}

/* Every interval between two looks is placed whole, and the totals are the kernel's. */
static void test_states_add_up_to_the_kernel_totals(void)
{
	struct recording recording;
	struct sampler_thread thread;
	struct lane_sums sums;
	uint64_t end;

	start(&recording, &thread);
	/* 10 ms: ran 4, waited for a CPU 1, then slept in futex (found asleep). */
	CHECK(sampler_feed(&thread, &recording, &(struct sampler_reading){ 0 }) == 0); /* an old look is ignored */
	CHECK(sampler_feed(&thread, &recording, &(struct sampler_reading){ .time_ns = 10 * MS, .run_ns = 4 * MS,
	    .wait_ns = 1 * MS, .sleeping = true, .sleep = PROCFS_SLEEP_LOCK, .cpu = 1 }) == 0);
	sums = recording_lane_totals(&recording.lanes[0]);
	CHECK(sums.running_ns == 4 * MS && sums.preempted_ns == 1 * MS && sums.waiting_ns == 5 * MS);
	/* The next 10 ms: it slept on, not running at all: the wait goes on in the same event. */
	CHECK(sampler_feed(&thread, &recording, &(struct sampler_reading){ .time_ns = 20 * MS, .run_ns = 4 * MS,
	    .wait_ns = 1 * MS, .sleeping = true, .sleep = PROCFS_SLEEP_LOCK, .cpu = 1 }) == 0);
	CHECK(recording.lanes[0].count == 3); /* start, run, one wait of 15 ms */
	CHECK(recording.lanes[0].events[2].duration_ns == 15 * MS);
	/* Then 10 ms of running, found running: the sleep before, the run after. */
	CHECK(sampler_feed(&thread, &recording, &(struct sampler_reading){ .time_ns = 30 * MS, .run_ns = 14 * MS,
	    .wait_ns = 1 * MS, .sleeping = false, .cpu = 0 }) == 0);
	sums = recording_lane_totals(&recording.lanes[0]);
	CHECK(sums.running_ns == 14 * MS);
	/* The exit: the kernel counted 2 ms more run and 3 ms of wait: all of it placed. */
	end = sampler_end(&thread, &recording, &(struct sampler_reading){ .time_ns = 33 * MS, .run_ns = 16 * MS,
	    .wait_ns = 4 * MS, .cpu = 0 });
	sums = recording_lane_totals(&recording.lanes[0]);
	CHECK(sums.running_ns == 16 * MS && sums.preempted_ns == 4 * MS);
	CHECK(end >= 33 * MS);
	CHECK(sums.running_ns + sums.preempted_ns + sums.waiting_ns + sums.blocked_ns == end);
	recording_free(&recording);
}

/* A thread ready at two looks without running waited for a CPU all along: preempted at once, repaid later. */
static void test_a_ready_thread_that_did_not_run_was_preempted(void)
{
	struct recording recording;
	struct sampler_thread thread;
	struct lane_sums sums;

	start(&recording, &thread);
	CHECK(sampler_feed(&thread, &recording, &(struct sampler_reading){ .time_ns = 10 * MS, .run_ns = 5 * MS,
	    .sleeping = false, .cpu = 0 }) == 0);
	CHECK(sampler_feed(&thread, &recording, &(struct sampler_reading){ .time_ns = 20 * MS, .run_ns = 5 * MS,
	    .sleeping = false, .cpu = 0 }) == 0);
	sums = recording_lane_totals(&recording.lanes[0]);
	CHECK(sums.preempted_ns >= 10 * MS); /* the whole second interval, before the kernel counted it */
	CHECK(sums.blocked_ns + sums.waiting_ns <= 5 * MS);
	/* When it runs, the kernel counts the wait: nothing is placed twice. */
	CHECK(sampler_end(&thread, &recording, &(struct sampler_reading){ .time_ns = 25 * MS, .run_ns = 8 * MS,
	    .wait_ns = 16 * MS, .cpu = 0 }) != 0);
	sums = recording_lane_totals(&recording.lanes[0]);
	CHECK(sums.running_ns == 8 * MS && sums.preempted_ns == 16 * MS);
	recording_free(&recording);
}

/* A thread that keeps computing on one CPU costs one event, not one a look. */
static void test_an_unchanged_state_is_one_event(void)
{
	struct recording recording;
	struct sampler_thread thread;

	start(&recording, &thread);
	for (uint64_t t = 10; t <= 1000; t += 10)
		sampler_feed(&thread, &recording, &(struct sampler_reading){ .time_ns = t * MS, .run_ns = t * MS,
		    .cpu = 1 });
	CHECK(recording.lanes[0].count == 2);
	CHECK(recording_lane_totals(&recording.lanes[0]).running_ns == 1000 * MS);
	/* On another CPU it is a new event (the CPU lanes need it). */
	sampler_feed(&thread, &recording, &(struct sampler_reading){ .time_ns = 1010 * MS, .run_ns = 1010 * MS, .cpu = 0 });
	CHECK(recording.lanes[0].count == 3);
	recording_free(&recording);
}

/* Past its first step, a recording that keeps growing halves the rate at each further step. */
static void test_the_pace_halves_as_memory_grows(void)
{
	struct recording recording;
	struct sampler_pace pace;

	sampler_pace_init(&pace, 100);
	recording_init(&recording, 1, 1, false, 0);
	CHECK(sampler_pace_interval_ns(&pace) == 10 * MS);
	CHECK(!sampler_pace_check(&pace, &recording, 5));
	for (uint64_t i = 0; sampler_recording_bytes(&recording) < SAMPLER_MEMORY_FIRST_STEP; i++) {
		struct trace_event e = { .time_ns = 2 * i, .duration_ns = 1, .kind = (uint8_t)(i % 2 ? TRACE_WAIT : TRACE_BLOCK),
			.task = TRACE_NO_TASK, .cpu = -1 };

		recording_append(&recording, &e);
	}
	CHECK(sampler_pace_check(&pace, &recording, 7));
	CHECK(pace.hz == 50 && pace.lowered_at_ns == 7);
	CHECK(!sampler_pace_check(&pace, &recording, 8)); /* not again until the next step */
	recording_free(&recording);
}

static void test_tree_order_and_labels(void)
{
	struct process_tree tree;
	struct tree_row rows[16];
	char label[64];
	int parent, child, other, count;

	process_tree_init(&tree);
	parent = process_tree_add_process(&tree, 100, 1, 0);
	CHECK(process_tree_add_thread(&tree, parent, 100, "python3") == 0);
	child = process_tree_add_process(&tree, 200, 100, 1);
	CHECK(process_tree_add_thread(&tree, child, 200, "python3") == 1);
	CHECK(process_tree_add_thread(&tree, parent, 101, "Thread-1") == 2); /* a thread after the child */
	other = process_tree_add_process(&tree, 300, 200, 2);
	CHECK(process_tree_add_thread(&tree, other, 300, "sh") == 3);
	CHECK(tree.processes[child].parent == parent && tree.processes[other].parent == child);
	CHECK(process_tree_row_count(&tree) == 7);
	count = process_tree_rows(&tree, rows);
	CHECK(count == 7);
	/* The parent, its two threads, then its child and its thread, then the grandchild. */
	CHECK(rows[0].process == parent && rows[0].lane == -1 && rows[0].depth == 0);
	CHECK(rows[1].lane == 0 && rows[2].lane == 2);
	CHECK(rows[3].process == child && rows[3].lane == -1 && rows[3].depth == 1);
	CHECK(rows[4].lane == 1);
	CHECK(rows[5].process == other && rows[5].depth == 2 && rows[6].lane == 3);
	process_tree_thread_label(&tree, 2, 15, label, sizeof label);
	CHECK(strcmp(label, "C Thread-1 101") == 0);
	process_tree_thread_label(&tree, 2, 10, label, sizeof label);
	CHECK(strcmp(label, "C Thr 101") == 0); /* the name gives way, never the id */
	tree.processes[child].fate = TREE_KILLED;
	tree.processes[child].signal = 11;
	process_tree_fate_text(&tree, child, label, sizeof label);
	CHECK(strcmp(label, "killed by SIGSEGV") == 0);
	CHECK(process_tree_find(&tree, 200) == child);
	process_tree_free(&tree);
}

static void test_output_lines(void)
{
	static struct output_tail tail;
	const char *text = "first\r\nsecond\r\n\033[1;31mred\033[0m\r\n10%\r20%\r100%\r\ntab\there\r\nab\bc";

	output_tail_init(&tail);
	output_tail_feed(&tail, text, strlen(text));
	CHECK(output_tail_count(&tail) == 6);
	CHECK(strcmp(output_tail_line(&tail, 5), "first") == 0);
	CHECK(strcmp(output_tail_line(&tail, 4), "second") == 0);
	CHECK(strcmp(output_tail_line(&tail, 3), "red") == 0);
	CHECK(strcmp(output_tail_line(&tail, 2), "100%") == 0);
	CHECK(strcmp(output_tail_line(&tail, 1), "tab     here") == 0);
	CHECK(strcmp(output_tail_line(&tail, 0), "ac") == 0); /* being written */
	for (int i = 0; i < OUTPUT_TAIL_LINES + 10; i++)
		output_tail_feed(&tail, "x\n", 2);
	CHECK(output_tail_count(&tail) == OUTPUT_TAIL_LINES);
	CHECK(strcmp(output_tail_line(&tail, 1), "x") == 0);
	CHECK(strcmp(output_tail_line(&tail, OUTPUT_TAIL_LINES), "") == 0);
}

int main(void)
{
	test_states_add_up_to_the_kernel_totals();
	test_a_ready_thread_that_did_not_run_was_preempted();
	test_an_unchanged_state_is_one_event();
	test_the_pace_halves_as_memory_grows();
	test_tree_order_and_labels();
	test_output_lines();
	return check_report("observe");
}
