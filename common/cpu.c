/* cpu: run-time CPU features; see cpu.h. */
#include "cpu.h"

bool cpu_has_avx2(void)
{
#if defined(__x86_64__)
	/* Asked on any thread: every asker stores the same answer. */
	static int has = -1;
	int h = __atomic_load_n(&has, __ATOMIC_RELAXED);
	if (h < 0) {
		__builtin_cpu_init();
		h = __builtin_cpu_supports("avx2") ? 1 : 0;
		__atomic_store_n(&has, h, __ATOMIC_RELAXED);
	}
	return h;
#else
	return false;
#endif
}
