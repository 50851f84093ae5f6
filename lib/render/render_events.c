/*
 * render_events.c: the raw recording, one event per line. It is what the
 * tests check the invariants of a run against (with --cpus 0 every run slice
 * was on CPU 0; under the GIL no two run slices overlap), and it suits awk,
 * a spreadsheet, or a learner's own analysis.
 */
#include "render/render_events.h"

void render_events(FILE *out, const struct recording *recording)
{
	fprintf(out, "# worker\tkind\tstart_ns\tduration_ns\tcpu_time_ns\tcpu\ttask\n");
	for (int i = 0; i < recording->lane_count; i++) {
		const struct lane *lane = &recording->lanes[i];

		for (size_t k = 0; k < lane->count; k++) {
			const struct trace_event *e = &lane->events[k];
			uint64_t start = e->time_ns >= recording->origin_ns ? e->time_ns - recording->origin_ns : 0;

			fprintf(out, "%d\t%s\t%llu\t%llu\t", i, trace_kind_name((enum trace_kind)e->kind),
			    (unsigned long long)start, (unsigned long long)e->duration_ns);
			if (e->kind == TRACE_RUN || e->kind == TRACE_WAIT || e->kind == TRACE_BLOCK)
				fprintf(out, "%llu\t", (unsigned long long)e->cpu_time_ns);
			else
				fputs("-\t", out);
			if (e->cpu >= 0)
				fprintf(out, "%d\t", e->cpu);
			else
				fputs("-\t", out);
			if (e->task != TRACE_NO_TASK)
				fprintf(out, "%u\n", e->task);
			else
				fputs("-\n", out);
		}
	}
}
