#include "ui/ui_trace.h"
#include <stdio.h>
enum ui_trace_result ui_trace_show(const struct ui_trace_request *request, struct observer **observer, int *status, char *why, size_t why_size) { (void)request; (void)observer; (void)status; snprintf(why, why_size, "todo"); return UI_TRACE_NO_TERMINAL; }
