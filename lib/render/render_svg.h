/* render_svg.h: a timeline as a standalone SVG picture (--svg), for slides, READMEs and posts. */
#ifndef METACONC_RENDER_SVG_H
#define METACONC_RENDER_SVG_H

#include <stdio.h>

#include "model/observed.h"
#include "model/outcome.h"

/* A run of metaconc's own (and what it was compared with), as `metaconc run --svg` draws it. */
void render_svg(FILE *out, const struct outcome_set *set);
/* A traced program (metaconc trace --svg). */
void render_svg_observed(FILE *out, const struct observed *observed);

#endif
