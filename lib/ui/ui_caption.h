/* ui_caption.h: a presenter's caption, a banner over the bottom of the screen (the view's and the demo's). */
#ifndef METACONC_UI_CAPTION_H
#define METACONC_UI_CAPTION_H

#define UI_CAPTION_MAX_LINES 4

/* Draws `text` ("" or NULL: nothing) wrapped at spaces, just above the status line. Returns the rows it covers. */
int ui_caption_draw(const char *text);
/* The rows ui_caption_draw() would cover (0 for no caption). */
int ui_caption_rows(const char *text);

#endif
