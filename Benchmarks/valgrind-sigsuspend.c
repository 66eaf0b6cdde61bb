/*
 * Preloaded into `gwpipe serve` under valgrind by proxy-callgrind.sh. Valgrind 3.19 (Debian
 * bookworm) crashes in its own rt_sigsuspend wrapper when it reads the signal mask libdispatch
 * parks the main thread with (a static in libdispatch's data); this passes a copy on the stack
 * instead. Same system call, same mask: the program behaves as without it.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

int sigsuspend(const sigset_t *mask) {
    sigset_t copy = *mask;
    return (int)syscall(SYS_rt_sigsuspend, &copy, _NSIG / 8);
}
