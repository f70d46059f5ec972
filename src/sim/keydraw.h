/*
 * keydraw: a uniform number that depends on a 64-bit key only -- one block
 * of Philox2x64-10 (Random123) at counter {key, 0} under key 0, the cipher
 * the engine draws everything from.  It is exactly the first number
 * Random123's GSL adaptor (GSL_MICRORNG) returns after a reset to that
 * counter: the low 32 bits of the block's second word, over 2^32.  The
 * engine's draws that need one number (an exponential duration, a branch,
 * a class, a trigger) take it here, without the adaptor's state, its calls
 * through pointers and GSL's wrappers: about 60 of the 200 instructions
 * of an exponential draw (callgrind, M/M/6).  Laws that need more numbers go through the adaptor, which gives
 * the same first number and continues the stream.  The suite keydraw
 * checks the two agree.
 */
#ifndef FLOWMC_SIM_KEYDRAW_H
#define FLOWMC_SIM_KEYDRAW_H

#include <stdint.h>

#include <Random123/philox.h>

/* gsl_rng_uniform's first number after the adaptor's reset to key: in
 * [0, 1), a multiple of 2^-32.  (gsl_rng_uniform_pos would skip a 0 and
 * take the next number: callers that need (0, 1) go to the adaptor then.) */
static inline double keydraw_uniform(uint64_t key)
{
    philox2x64_ctr_t c = {{key, 0}};
    philox2x64_key_t k = {{0}};
    philox2x64_ctr_t b = philox2x64(c, k);
    return (double)(uint32_t)b.v[1] / 4294967296.0;
}

#endif
