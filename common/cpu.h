/*
 * cpu: what the processor can do, asked once, for the code paths that
 * choose SIMD at run time (utf8, byteset).  Builds stay portable: the
 * AVX2 code is compiled with a target attribute and used only if present.
 */
#ifndef RILL_CPU_H
#define RILL_CPU_H

#include <stdbool.h>

bool cpu_has_avx2(void);

#endif
