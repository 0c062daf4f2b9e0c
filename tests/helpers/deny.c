// SPDX-License-Identifier: MIT
/*
 * deny SYSCALL[,SYSCALL...] COMMAND [ARGS...]: runs COMMAND with those
 * system calls failing with EPERM, as a container runtime's seccomp profile
 * or an LSM would refuse them, so that tests can see what vdsotool run does
 * when the kernel says no.  x86_64 only, like run.
 *
 * map_vdso is arch_prctl(ARCH_MAP_VDSO_64) alone, failing with EINVAL as on
 * a kernel without CONFIG_CHECKPOINT_RESTORE.
 *
 * deny listener COMMAND [ARGS...]: runs COMMAND under a filter that allows
 * everything but has a user-notification listener, as a runtime that
 * intercepts system calls itself (LXD, sysbox) would install; the kernel
 * allows one listener per filter chain.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct {
	const char *name;
	int nr;
} known[] = {
	{ "ptrace", SYS_ptrace },
	{ "process_vm_readv", SYS_process_vm_readv },
	{ "process_vm_writev", SYS_process_vm_writev },
	{ "memfd_create", SYS_memfd_create },
	{ "seccomp", SYS_seccomp },
	{ "pidfd_open", SYS_pidfd_open },
	{ "pidfd_getfd", SYS_pidfd_getfd },
	{ "pidfd_send_signal", SYS_pidfd_send_signal },
	{ "mremap", SYS_mremap },
	{ "prctl", SYS_prctl },
	{ "kcmp", SYS_kcmp },
	{ "openat2", SYS_openat2 },
	{ "map_vdso", SYS_arch_prctl },
	{ "futex_waitv", SYS_futex_waitv },
};

#define ARCH_MAP_VDSO_64 0x2003

#define MAX_DENIED 16

/*
 * The listener stays open in this process, as in a runtime's agent, for as
 * long as the command runs: the kernel forgets a listener once its last
 * descriptor is closed.
 */
static int under_listener(char **cmd)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { .len = 1, .filter = &allow };
	int fd, status;
	pid_t pid;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return 1;
	fd = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER,
			  &prog);
	if (fd < 0) {
		perror("deny: seccomp listener");
		return 1;
	}
	pid = fork();
	if (pid == 0) {
		close(fd);
		execvp(cmd[0], cmd);
		perror("deny: exec");
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int lookup(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(name, known[i].name))
			return known[i].nr;
	return -1;
}

int main(int argc, char **argv)
{
	struct sock_filter f[4 + 5 * MAX_DENIED];
	struct sock_fprog prog = { .filter = f };
	char *list, *name, *save = NULL;
	unsigned int n = 0, count = 0;
	int nr;

	if (argc < 3) {
		fputs("usage: deny SYSCALL[,SYSCALL...] COMMAND [ARGS...]\n", stderr);
		return 2;
	}
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      offsetof(struct seccomp_data, arch));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      offsetof(struct seccomp_data, nr));
	list = argv[1];
	if (!strcmp(list, "listener"))
		return under_listener(argv + 2);
	for (name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		nr = lookup(name);
		if (nr < 0 || count == MAX_DENIED) {
			fprintf(stderr, "deny: unknown system call or too many: %s\n", name);
			return 2;
		}
		count++;
		if (!strcmp(name, "map_vdso")) {
			f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)nr, 0, 4);
			f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
							      offsetof(struct seccomp_data, args[0]));
			f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH_MAP_VDSO_64, 0, 1);
			f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EINVAL);
			f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
							      offsetof(struct seccomp_data, nr));
			continue;
		}
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)nr, 0, 1);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM);
	}
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	prog.len = (unsigned short)n;
	/* Without privilege a filter needs no_new_privs; run sets it anyway. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog)) {
		perror("deny: seccomp");
		return 1;
	}
	execvp(argv[2], argv + 2);
	perror("deny: exec");
	return 127;
}
