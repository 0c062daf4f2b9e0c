/* SPDX-License-Identifier: MIT */
/*
 * The credentials a process under `vdsotool fakeroot` believes it has,
 * and the set*id calls applied to them by the kernel's own rules
 * (credentials(7), kernel/sys.c): a process starts as root, all ids 0 and
 * supplementary groups {0}, and whatever it does to its ids afterwards
 * behaves as it would for a real root process.
 *
 * Privilege is "euid is 0".  For the kernel it is CAP_SETUID/CAP_SETGID
 * in the effective set, which a root process has exactly while its euid
 * is 0: changing the euid away from 0 clears the effective set, back to 0
 * refills it from the permitted set, and the permitted set only empties
 * when no id is 0 any more, and then no call can bring a 0 back.  Only
 * PR_SET_KEEPCAPS and capset(2) break the equivalence; capabilities are
 * not faked.
 *
 * Debian's fakeroot keeps these ids in FAKEROOTUID and friends and checks
 * nothing: after setuid(1000) it lets setuid(0) succeed, and setgroups()
 * succeeds without changing anything.  Here setuid(0) then fails with
 * EPERM as for real root (programs such as OpenSSH check that dropping
 * privileges cannot be undone and abort otherwise) and setgroups()
 * changes what getgroups() returns.
 *
 * The kernel keeps credentials per thread; glibc, musl and Go apply every
 * set*id call to all threads, so keeping one struct per thread and
 * applying each call to the calling thread's struct gives what the
 * program expects.  fork and clone copy it (fr_cred_copy), execve
 * applies fr_cred_exec.  File set-user-ID bits are not honoured at exec,
 * as under no_new_privs, which a seccomp-supervised tree runs with.
 *
 * ids are uint32_t as on the wire; (uint32_t)-1 is never a valid id.
 */
#ifndef SRC_FAKEROOT_CRED_H
#define SRC_FAKEROOT_CRED_H

#include <stddef.h>
#include <stdint.h>
#include "fakeroot/db.h"

#define FR_NGROUPS_MAX 65536		/* the kernel's NGROUPS_MAX */

struct fr_cred {
	uint32_t ruid, euid, suid, fsuid;
	uint32_t rgid, egid, sgid, fsgid;
	size_t ngroups;
	uint32_t *groups;		/* sorted, as the kernel keeps them */
};

/* Root: every id 0, groups {0}.  0 or -ENOMEM. */
int fr_cred_init(struct fr_cred *c);
/* fork/clone: dst becomes a copy of src (dst uninitialised).  0 or -ENOMEM. */
int fr_cred_copy(struct fr_cred *dst, const struct fr_cred *src);
void fr_cred_free(struct fr_cred *c);
/* execve: the saved and filesystem ids become the effective ones. */
void fr_cred_exec(struct fr_cred *c);

/* The system calls: what each returns (0 or -errno).  For the two-
 * and three-argument forms -1 leaves an id as it is. */
int fr_setuid(struct fr_cred *c, uint32_t uid);
int fr_setgid(struct fr_cred *c, uint32_t gid);
int fr_setreuid(struct fr_cred *c, uint32_t ruid, uint32_t euid);
int fr_setregid(struct fr_cred *c, uint32_t rgid, uint32_t egid);
int fr_setresuid(struct fr_cred *c, uint32_t ruid, uint32_t euid, uint32_t suid);
int fr_setresgid(struct fr_cred *c, uint32_t rgid, uint32_t egid, uint32_t sgid);
/* The previous fsuid/fsgid, whether or not it changed (-1 only asks). */
uint32_t fr_setfsuid(struct fr_cred *c, uint32_t fsuid);
uint32_t fr_setfsgid(struct fr_cred *c, uint32_t fsgid);
/* size as the syscall's int; 0, -EPERM, -EINVAL or -ENOMEM. */
int fr_setgroups(struct fr_cred *c, int size, const uint32_t *list);
/* The number of groups, copied to list when size > 0; -EINVAL when size
 * is negative or too small. */
int fr_getgroups(const struct fr_cred *c, int size, uint32_t *list);
/* getuid and the rest read the fields. */

/*
 * Owner of a file the process creates: its fsuid, and its fsgid or the
 * group of a set-group-ID parent directory (parent: the parent's view,
 * or NULL) -- for fr_db_created().
 */
void fr_cred_new_owner(const struct fr_cred *c, const struct fr_attrs *parent, uint32_t *uid,
		       uint32_t *gid);

#endif /* SRC_FAKEROOT_CRED_H */
