/*
 * por: partial-order reduction for the state-space explorer -- stubborn
 * sets (Valmari) computed on the units of a compiled net.
 *
 * Each unit gets the places it may read and the places it may write, taken
 * over every way it can move (a terminate end event writes its whole
 * scope, an inclusive join reads every token place, a sub-process's
 * completion reads its inner range).  Two units are dependent when one
 * writes a place the other reads or writes.  At a state, a stubborn set is
 * closed under: an enabled unit brings in every unit dependent on it; a
 * disabled unit brings in the writers of one reason it is disabled (an
 * empty input, a missing message, a marked place of a sub-scope that must
 * empty first).  Expanding only the enabled units of such a set keeps every
 * terminal state (D1, D2).  The explorer adds the cycle proviso (a state
 * whose reduced successors include one already stored is expanded fully)
 * and expands unsafe states fully; docs/rules.md gives the argument that
 * the five properties are then decided on the reduced space exactly as on
 * the full one.
 *
 * Allocation: like the explorer, plain malloc with every result checked;
 * out of memory, por_new returns NULL and the search runs unreduced.
 * Ownership: the handle borrows the net, which must outlive it.
 */
#ifndef FLOWMC_CHECK_POR_H
#define FLOWMC_CHECK_POR_H

#include <stdint.h>

#include "net.h"

typedef struct por por;

/* The read and write sets of n's units, and their inverses.  NULL when
 * out of memory. */
por *por_new(const net *n);
/* Frees p; accepts NULL. */
void por_free(por *p);

/* A stubborn set for the state whose counts are cnt[0..np) (marked[] its
 * nmarked places with a token): writes the units worth expanding (those of
 * the set that may be enabled) into out[], at most n->nu of them, and
 * returns their number.  Returns -1 when no set smaller than every unit
 * that may move was found: expand fully. */
int por_stubborn(por *p, const uint8_t *cnt, const int *marked, int nmarked, int *out);

#endif
