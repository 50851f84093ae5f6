#include "render/render_svg.h"
void render_svg(FILE *out, const struct outcome_set *set) { (void)out; (void)set; }
void render_svg_observed(FILE *out, const struct observed *observed) { (void)out; (void)observed; }
