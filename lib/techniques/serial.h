/* serial.h: the serial part of a run (Amdahl's law): work only one thread can do. */
#ifndef METACONC_SERIAL_H
#define METACONC_SERIAL_H

#include <stdint.h>

#include "techniques/work.h"

/* Does `ms` slices of CPU work that belong to no task, recorded on the meter's lane. */
enum work_status serial_work(struct work_plan *plan, struct work_meter *meter, uint32_t ms);

#endif
