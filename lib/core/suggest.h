/* suggest.h: "did you mean ...?" for mistyped names. */
#ifndef METACONC_SUGGEST_H
#define METACONC_SUGGEST_H

#include <stddef.h>

/* The candidate closest to `word`, if it is close enough to be a typo of it; else NULL. */
const char *suggest_closest(const char *word, const char *const candidates[], size_t count);

#endif
