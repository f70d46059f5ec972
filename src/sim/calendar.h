/*
 * calendar: working time -- weekly windows, holidays, 24x7 -- and the
 * arithmetic the simulator needs on it: is this instant working time, when
 * does work resume, when will w seconds of work be done, how much working
 * time lies between two instants.  Also ISO 8601 durations and dates.
 *
 * Time is a double: seconds since 1970-01-01T00:00 in the calendar's local
 * time (the scenario adds its UTC offset once; calendars never see UTC).
 * Ownership: a calendar owns its windows and holidays; it is read-only
 * after set-up and may be shared between threads.
 */
#ifndef FLOWMC_CALENDAR_H
#define FLOWMC_CALENDAR_H

#include <math.h>

typedef struct calendar calendar;

/* An empty calendar (no working time at all) named name (copied). */
calendar *calendar_new(const char *name);
/* Frees it; accepts NULL. */
void calendar_free(calendar *c);
const char *calendar_name(const calendar *c);

/* Adds a weekly window on weekday (0 = Monday .. 6 = Sunday) from
 * from_min to to_min minutes after local midnight (0 <= from < to <= 1440).
 * Overlapping windows merge.  Returns 0, or -1 for values out of range. */
int calendar_add_window(calendar *c, int weekday, int from_min, int to_min);
/* Makes every instant working time (24x7); holidays still apply if added. */
void calendar_set_always(calendar *c);
/* A whole local day off.  Returns 0, or -1 for an impossible date. */
int calendar_add_holiday(calendar *c, int year, int month, int day);
/* Adds the US federal holidays (observed dates, 5 U.S.C. 6103) of the
 * years first..last. */
void calendar_add_us_federal_holidays(calendar *c, int first, int last);

/* 1 when t is inside a working window and not on a holiday. */
int calendar_is_working(const calendar *c, double t);
/* The earliest working instant >= t; INFINITY when there is none. */
double calendar_next_open(const calendar *c, double t);
/* The instant at which `work` seconds of working time, counted from t,
 * are done (t itself if work <= 0 and t is working; never before t). */
double calendar_add_work(const calendar *c, double t, double work);
/* Working seconds in [a, b]; 0 when b <= a. */
double calendar_work_between(const calendar *c, double a, double b);
/* Share of an ordinary week (holidays ignored) that is working time, in
 * (0, 1]; 0 for an empty calendar. */
double calendar_working_fraction(const calendar *c);
/* Working seconds of one business day: the mean over the weekdays that
 * have any working time (8 h for Mon-Fri 09:00-17:00, 24 h for 24x7). */
double calendar_business_day(const calendar *c);

/* ISO 8601 duration ("P1D", "PT12H", "P2DT3H30M", "PT45S", "P1W") in
 * seconds, with months as 30 days and years as 365 days.  Returns 0, or
 * -1 when s is not such a duration. */
int calendar_parse_duration(const char *s, double *seconds);
/* "YYYY-MM-DD" or "YYYY-MM-DDThh:mm[:ss]" as local seconds since the
 * epoch.  Returns 0, or -1. */
int calendar_parse_datetime(const char *s, double *t);
/* Weekday of local time t, 0 = Monday. */
int calendar_weekday(double t);

#endif
