// SPDX-License-Identifier: MIT
/*
 * denysys NAME[,NAME...] CMD [ARGS...]: runs CMD under a seccomp filter
 * that fails the named system calls with EPERM, as a container runtime's
 * profile may (ptrace, process_vm_readv, process_vm_writev, pidfd_open,
 * pidfd_getfd, seccomp's listener...).  map_vdso is arch_prctl with
 * ARCH_MAP_VDSO_64 only (a kernel without CONFIG_CHECKPOINT_RESTORE).  The
 * filter is inherited by everything CMD starts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static const struct {
	const char *name;
	int nr;
} known[] = {
	{ "ptrace", __NR_ptrace },
	{ "process_vm_readv", __NR_process_vm_readv },
	{ "process_vm_writev", __NR_process_vm_writev },
	{ "pidfd_open", __NR_pidfd_open },
	{ "pidfd_getfd", __NR_pidfd_getfd },
	{ "pidfd_send_signal", __NR_pidfd_send_signal },
	{ "seccomp", __NR_seccomp },
	{ "memfd_create", __NR_memfd_create },
	{ "kcmp", __NR_kcmp },
	{ "openat2", __NR_openat2 },
	{ "map_vdso", __NR_arch_prctl },
};

#define ARCH_MAP_VDSO_64 0x2003

int main(int argc, char **argv)
{
	struct sock_filter f[64];
	struct sock_fprog prog = { 0, f };
	char names[256], *tok, *save = NULL;
	unsigned n = 0, i;

	if (argc < 3 || strlen(argv[1]) >= sizeof(names)) {
		fprintf(stderr, "usage: denysys NAME[,NAME...] CMD [ARGS...]\n");
		return 2;
	}
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	strcpy(names, argv[1]);
	for (tok = strtok_r(names, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			if (!strcmp(tok, known[i].name))
				break;
		if (i == sizeof(known) / sizeof(known[0]) || n > 60) {
			fprintf(stderr, "denysys: unknown system call '%s'\n", tok);
			return 2;
		}
		if (!strcmp(tok, "map_vdso")) {
			/* EINVAL, as from a kernel that does not know the option. */
			f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)known[i].nr, 0, 4);
			f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]));
			f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH_MAP_VDSO_64, 0, 1);
			f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EINVAL);
			f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
			continue;
		}
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)known[i].nr, 0, 1);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM);
	}
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	prog.len = (unsigned short)n;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog)) {
		perror("denysys: seccomp");
		return 2;
	}
	execvp(argv[2], argv + 2);
	perror("denysys: exec");
	return 127;
}
