/* render_events.h: every recorded event as a line of tab-separated text (--events). */
#ifndef METACONC_RENDER_EVENTS_H
#define METACONC_RENDER_EVENTS_H

#include <stdio.h>

#include "model/recording.h"

/*
 * One header line, then one line per event, lane by lane in time order:
 * worker, kind, start_ns, duration_ns, cpu_time_ns, cpu, task (times from
 * the start of the run; "-" where a field does not apply).
 */
void render_events(FILE *out, const struct recording *recording);

#endif
