/* ui_help.h: the box of keys that `?` opens over a screen, the same on every screen. */
#ifndef METACONC_UI_HELP_H
#define METACONC_UI_HELP_H

#include <stddef.h>

/* Draws `lines` in a reverse-video box as wide as they need (at most the screen), centred (no refresh). */
void ui_help_draw(const char *const *lines, size_t count);

#endif
