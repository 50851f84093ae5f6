/*
 * lesson_flow.h: the choices a tutorial makes as a learner goes through a
 * lesson, made the same way by the full-screen tutorial (ui_lesson.c) and
 * by `learn --plain` (lesson_player.c, cmd_learn.c):
 *
 *   - which predictions a run answers, so only those are asked before it;
 *   - which experiment is highlighted once one has run, so Enter goes on
 *     instead of running the same one again;
 *   - whether the lesson is finished, and if not, why, in words.
 *
 * It is pure: lessons and arrays of flags in, choices out.
 */
#ifndef METACONC_LESSON_FLOW_H
#define METACONC_LESSON_FLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "course/lesson.h"

/*
 * True if running experiment `e` answers `question`: the question is about
 * e, and every other run it needs (B of "speedup of A over B") has already
 * run well (`ran_well`, by experiment). Only these are asked before e runs.
 */
bool lesson_flow_answers(const struct lesson_question *question, int e, const bool *ran_well);

/*
 * The experiment to highlight on page `page_index` once experiment `e` has
 * run: the next one after it on the page that has not run well, else the
 * first such one before it, else LESSON_NO_EXPERIMENT (every one ran: the
 * learner moves on, or picks one with Tab to run again).
 */
int lesson_flow_next(const struct lesson *lesson, size_t page_index, int e, const bool *ran_well);

/*
 * A lesson is finished when every experiment ran to a good end and every
 * prediction was made (the answer of a run other programs disturbed counts
 * as made, though it is not graded). `ran_well` is by experiment,
 * `predicted` by question. If not finished, `why` says what is missing:
 * "the experiment all-cpus on page 3 has not run to a good end; prediction 2
 * was not made".
 */
bool lesson_flow_finished(const struct lesson *lesson, const bool *ran_well, const bool *predicted, char *why,
    size_t why_size);

#endif
