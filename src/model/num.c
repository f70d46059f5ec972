/*
 * num: strict number parsing over strtol/strtoull/strtod.  The C library
 * functions skip leading space, stop at the first foreign character, wrap
 * negative unsigned input and report overflow only through errno; every
 * one of those is checked here, once.
 */
#include "num.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>

/* The checks every kind shares: something there, no space in front. */
static int num_start(const char *s, const char **why)
{
    if (!s || !*s) {
        *why = "is empty";
        return -1;
    }
    if (isspace((unsigned char)*s)) {
        *why = "starts with a space";
        return -1;
    }
    return 0;
}

static int num_end(const char *s, const char *end, const char **why)
{
    if (end == s) {
        *why = "is not a number";
        return -1;
    }
    if (*end) {
        *why = "has text after the number";
        return -1;
    }
    return 0;
}

int num_long(const char *s, long lo, long hi, long *out, const char **why)
{
    if (num_start(s, why) < 0)
        return -1;
    if (*s == '+' || (*s == '-' && lo >= 0) || !(isdigit((unsigned char)*s) || *s == '-')) {
        *why = *s == '-' ? "is negative" : "is not a whole number";
        return -1;
    }
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (num_end(s, end, why) < 0) {
        if (*end == '.' || *end == 'e' || *end == 'E')
            *why = "is not a whole number";
        return -1;
    }
    if ((errno == ERANGE && v > 0) || v > hi) {
        *why = "is too large";
        return -1;
    }
    if (errno == ERANGE || v < lo) {
        *why = "is too small";
        return -1;
    }
    *out = v;
    return 0;
}

int num_u64(const char *s, unsigned long long hi, unsigned long long *out, const char **why)
{
    if (num_start(s, why) < 0)
        return -1;
    if (!isdigit((unsigned char)*s)) {
        *why = *s == '-' ? "is negative" : "is not a whole number";
        return -1;
    }
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (num_end(s, end, why) < 0) {
        if (*end == '.' || *end == 'e' || *end == 'E')
            *why = "is not a whole number";
        return -1;
    }
    if (errno == ERANGE || v > hi) {
        *why = "is too large";
        return -1;
    }
    *out = v;
    return 0;
}

int num_double(const char *s, double lo, int lo_open, double hi, double *out, const char **why)
{
    if (num_start(s, why) < 0)
        return -1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (num_end(s, end, why) < 0)
        return -1;
    if (isnan(v)) {
        *why = "is not a number";
        return -1;
    }
    if (errno == ERANGE && v == 0) {
        *why = "is too close to 0 to be represented";
        return -1;
    }
    /* ERANGE with a finite nonzero result is a subnormal: the value stands */
    if (isinf(v) || v > hi) {
        *why = v > 0 ? "is too large" : "is too small";
        return -1;
    }
    if (v < lo || (lo_open && v == lo)) {
        *why = v == 0 && lo == 0 ? "must be above 0" : "is too small";
        return -1;
    }
    *out = v;
    return 0;
}
