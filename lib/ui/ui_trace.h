#ifndef METACONC_UI_TRACE_H
#define METACONC_UI_TRACE_H
#include <stddef.h>
#include <sys/types.h>
#include "observe/observer.h"
enum ui_trace_result { UI_TRACE_SHOWN, UI_TRACE_NOT_STARTED, UI_TRACE_NO_TERMINAL };
struct ui_trace_request { char **command; pid_t pid; unsigned rate_hz; };
enum ui_trace_result ui_trace_show(const struct ui_trace_request *request, struct observer **observer, int *status, char *why, size_t why_size);
#endif
