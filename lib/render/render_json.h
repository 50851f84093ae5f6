/* render_json.h: a run's summary as one JSON object (--json). */
#ifndef METACONC_RENDER_JSON_H
#define METACONC_RENDER_JSON_H

#include <stdio.h>

#include "model/outcome.h"

void render_json(FILE *out, const struct outcome_set *set);

#endif
