/* cpu: run-time CPU features; see cpu.h. */
#include "cpu.h"

bool cpu_has_avx2(void)
{
#if defined(__x86_64__)
	static int has = -1;
	if (has < 0) {
		__builtin_cpu_init();
		has = __builtin_cpu_supports("avx2") ? 1 : 0;
	}
	return has;
#else
	return false;
#endif
}
