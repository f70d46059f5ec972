/*
 * num: strict parsing of the numbers a user types, on the command line and
 * in scenario files -- one rule for all of them.
 *
 * A number is the whole string: no leading or trailing space, no trailing
 * text ("5x", "1e9" for a count), no silent wrap-around (4294967297 is not
 * 1, -1 is not 18446744073709551615), no overflow to infinity.  A decimal
 * with a magnitude below DBL_MIN reads as the subnormal strtod makes of it
 * and the range then decides, so "4.9e-324" is a positive number, not "not
 * a number"; one that rounds to 0 ("1e-400") is refused as such.  Each failure gives a phrase
 * for the caller's message ("is too large", "has text after the number").
 */
#ifndef FLOWMC_NUM_H
#define FLOWMC_NUM_H

/* A whole decimal number in [lo, hi] ('-' only when lo < 0, '+' never).
 * Returns 0 with *out set, or -1 with *why a static phrase. */
int num_long(const char *s, long lo, long hi, long *out, const char **why);

/* An unsigned 64-bit whole number in [0, hi] (a seed, a state count). */
int num_u64(const char *s, unsigned long long hi, unsigned long long *out, const char **why);

/* A finite decimal number in [lo, hi]; with lo_open, lo itself is outside
 * (rates and probabilities that must be > 0). */
int num_double(const char *s, double lo, int lo_open, double hi, double *out, const char **why);

#endif
