/*
 * units: the one place where flowmc's numbers become text for people --
 * durations in minutes, hours, days, business days or years as fits,
 * shares in percent with as many digits as their interval needs, small
 * probabilities and queue lengths as "< 0.001", counts with their noun
 * agreed.  Never scientific notation.
 *
 * Every function takes a typed value and writes text into the caller's
 * buffer, snprintf style: the text is always terminated (cut short when
 * the buffer is too small; UNITS_BUF bytes always suffice) and the buffer
 * is returned, so a call can sit in a printf argument list.  Machine
 * formats (JSON, CSV) do not go through here: they keep raw seconds and
 * fractions at full precision.
 *
 * Not a number reads "n/a"; infinity reads "unlimited".
 */
#ifndef FLOWMC_MODEL_UNITS_H
#define FLOWMC_MODEL_UNITS_H

#include <stddef.h>

/* Enough room for any text written here (with a noun of up to 40 bytes). */
#define UNITS_BUF 96

/* Units of time, smallest first.  UNITS_BDAY is working time: the caller
 * gives the working seconds of one business day (calendar_business_day);
 * the pickers never choose it, since elapsed time is not working time. */
typedef enum units_time {
    UNITS_SECOND,
    UNITS_MINUTE,
    UNITS_HOUR,
    UNITS_DAY,
    UNITS_YEAR, /* 365 days */
    UNITS_BDAY
} units_time;

/* The unit one duration (seconds, sign ignored) reads best in: seconds
 * under 2 minutes, minutes under 2 hours, hours under 2 days, days under
 * 2 years, years beyond. */
units_time units_time_for(double seconds);

/* The one unit a column or set of n durations reads in: the unit of their
 * median magnitude (zeros, NaN and infinities left out; seconds when none
 * is left), so a table shows one unit and no value needs an exponent. */
units_time units_time_pick(const double *seconds, size_t n);

/* Seconds in one u; bday is the working seconds of a business day, used
 * only for UNITS_BDAY (8 hours when bday <= 0). */
double units_time_seconds(units_time u, double bday);

/* The unit's name: "seconds", "minutes", "hours", "days", "years",
 * "business days", or singular ("hour") when plural is 0. */
const char *units_time_name(units_time u, int plural);

/* The unit's short name for a column head: "s", "min", "h", "d", "y", "bd". */
const char *units_time_abbr(units_time u);

/* A number in three significant figures (more when its integer part needs
 * them: 7300, 123456), trailing zeros dropped, never an exponent; tiny
 * non-zero values below 0.000001 read "0".  "n/a" for NaN. */
char *units_number(char *buf, size_t n, double v);

/* seconds in unit u as a number alone (for a column whose head names the
 * unit): units_number of seconds / units_time_seconds(u, bday). */
char *units_duration_value(char *buf, size_t n, double seconds, units_time u, double bday);

/* seconds in unit u with its name: "3.5 hours", "1 day", "-20 minutes". */
char *units_duration_in(char *buf, size_t n, double seconds, units_time u, double bday);

/* seconds in the unit that fits it (units_time_for): "20 years",
 * "45 minutes". */
char *units_duration(char *buf, size_t n, double seconds);

/* The decimals a share p in [lo, hi] needs so that the interval's ends
 * read apart (about two significant figures of the width, 0 to 4), 2
 * when the width is 0 or unknown. */
int units_percent_decimals(double lo, double hi);

/* A share (0.9954) in percent with dec decimals, or dec < 0 for up to 2
 * with trailing zeros dropped: "99.54 %", "99 %".  A share that is not
 * exactly 0 or 1 never reads "0 %" or "100 %": it gets more decimals, up
 * to 4, then "< 0.0001 %" / "> 99.9999 %". */
char *units_percent(char *buf, size_t n, double p, int dec);

/* A share with its interval, in the decimals the interval needs:
 * "99.54 % [99.46 %, 99.61 %]". */
char *units_percent_ci(char *buf, size_t n, double p, double lo, double hi);

/* A small quantity (a probability, a mean queue length, a number of
 * people busy): "0" for 0, "< 0.001" below 0.001 (and "> -0.001" above
 * -0.001), units_number otherwise. */
char *units_small(char *buf, size_t n, double v);

/* A count with its noun agreed: "1 candidate", "13 candidates",
 * "1 person" (plural given as "people").  plural NULL means singular + "s". */
char *units_count(char *buf, size_t n, long count, const char *singular, const char *plural);

#endif
