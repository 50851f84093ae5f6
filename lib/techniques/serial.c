/*
 * serial.c: the serial part of a run, for Amdahl's law.
 *
 * Most programs have work that only one thread can do: reading the input
 * before the workers can start, combining their results after they end.
 * However many workers there are, that part takes as long. With
 * --serial-ms N the run's main thread does N/2 ms of CPU work before the
 * technique starts its workers and the other N/2 after they have all
 * ended, on a lane of its own (engine/experiment.c calls it).
 *
 * If the serial part is a fraction s of the time one thread needs for the
 * whole run, then p CPUs can make the run at most
 *
 *     1 / (s + (1 - s) / p)
 *
 * times faster (Amdahl's law): with s = 0.2, never more than 5x, however
 * large p is. `run --compare` measures s on the sequential baseline and
 * prints that bound beside the speedup it measured.
 */
#include "techniques/serial.h"

/* region: serial-work */
enum work_status serial_work(struct work_plan *plan, struct work_meter *meter, uint32_t ms)
{
	uint64_t x = 1;

	for (uint32_t slice = 0; slice < ms; slice++) {
		/* Belongs to no task: no other thread can take a share of it. */
		enum work_status status = work_cpu_slice(plan, meter, TRACE_NO_TASK, &x);

		if (status != WORK_DONE)
			return status;
	}
	return WORK_DONE;
}
/* endregion */
