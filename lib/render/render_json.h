/* render_json.h: a run's summary as one JSON object (--json). */
#ifndef METACONC_RENDER_JSON_H
#define METACONC_RENDER_JSON_H

#include <stdio.h>

#include "model/observed.h"
#include "model/outcome.h"

void render_json(FILE *out, const struct outcome_set *set);
/* A traced program (metaconc trace --json): its lanes, its processes and how it ended. */
void render_json_observed(FILE *out, const struct observed *observed);

#endif
