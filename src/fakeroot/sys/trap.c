// SPDX-License-Identifier: MIT
/* The run_extension: which calls come here, who answers them, and the
 * save file at the end. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "fakeroot/savefile.h"
#include "fakeroot/sys/sys.h"
#include "fakeroot/table.h"

#ifndef __NR_fchmodat2
#define __NR_fchmodat2 452
#endif

const int fr_sys_nrs[] = {
	__NR_getuid, __NR_geteuid, __NR_getgid, __NR_getegid, __NR_getresuid, __NR_getresgid,
	__NR_getgroups, __NR_setuid, __NR_setgid, __NR_setreuid, __NR_setregid,
	__NR_setresuid, __NR_setresgid, __NR_setfsuid, __NR_setfsgid, __NR_setgroups,
	__NR_chown, __NR_fchown, __NR_lchown, __NR_fchownat,
	__NR_chmod, __NR_fchmod, __NR_fchmodat, __NR_fchmodat2,
	__NR_mknod, __NR_mknodat, __NR_mkdir, __NR_mkdirat,
	__NR_unlink, __NR_unlinkat, __NR_rmdir, __NR_rename, __NR_renameat, __NR_renameat2,
	__NR_stat, __NR_lstat, __NR_fstat, __NR_newfstatat, __NR_statx,
	/* Credentials follow exec (fr_cred_exec). */
	__NR_execve, __NR_execveat,
	/* Changes the runtime made (record.c); the ids it answers from. */
	FR_RECORD_NR, FR_IDS_NR,
};

const size_t fr_sys_nnrs = sizeof(fr_sys_nrs) / sizeof(fr_sys_nrs[0]);

/* Answered inside every injected process (image/runtime/fakestat.h):
 * the stat family from the shared records, the chown family and fchmod
 * with only their values sent here, unlink and rename here only when a
 * record goes with the name, getuid and the like from the ids fetched
 * once, set*id here (then fetched again); a process without the runtime still sends
 * them here whole. */
const int fr_sys_trap_nrs[] = {
	__NR_stat, __NR_lstat, __NR_fstat, __NR_newfstatat, __NR_statx,
	__NR_chown, __NR_fchown, __NR_lchown, __NR_fchownat, __NR_fchmod,
	__NR_unlink, __NR_unlinkat, __NR_rmdir, __NR_rename, __NR_renameat, __NR_renameat2,
	__NR_getuid, __NR_geteuid, __NR_getgid, __NR_getegid,
	__NR_setuid, __NR_setgid, __NR_setreuid, __NR_setregid, __NR_setresuid, __NR_setresgid,
	__NR_setfsuid, __NR_setfsgid, __NR_setgroups,
};

const size_t fr_sys_ntrap_nrs = sizeof(fr_sys_trap_nrs) / sizeof(fr_sys_trap_nrs[0]);

/* Room for the shared records: the arena holds a table of up to 2^21
 * slots (1.5 million records) with the ones it outgrew; tmpfs gives it
 * pages only as they are written.  Past that, the stats come here. */
#define FR_TABLE_BYTES (256ul << 20)

void fr_reply(const struct notifier *nf, const struct seccomp_notif *req, int64_t r)
{
	if (r < 0)
		notify_answer(nf, req->id, 0, (int)-r);
	else
		notify_answer(nf, req->id, r, 0);
}

void fr_pass(const struct notifier *nf, const struct seccomp_notif *req)
{
	notify_continue(nf, req->id);
}

static int notified(void *ctx, const struct notifier *nf, const struct seccomp_notif *req)
{
	struct fr_sys *s = ctx;

	/* Whatever this notification is, it is answered after every change
	 * sent before it. */
	fr_sys_drain(s);
	/* run injects the runtime (image/runtime/fakestat.h). */
	if (req->data.nr == __NR_execve || req->data.nr == __NR_execveat) {
		fr_procs_exec(s->procs, (pid_t)req->pid);
		fr_taskmem_forget(s->mem, (pid_t)req->pid);
		return 0;
	}
	return fr_sys_record(s, nf, req) || fr_sys_stat(s, nf, req) || fr_sys_ids(s, nf, req) ||
	       fr_sys_owners(s, nf, req) || fr_sys_nodes(s, nf, req);
}

/* The supervisor makes files for the tree with modes computed from the
 * process's umask: its own must take nothing away. */
static int start(void *ctx, const struct session *sess, char *err, size_t errlen)
{
	struct fr_sys *s = ctx;
	int r = fr_procs_new(&s->procs);

	if (!r)
		r = fr_taskmem_new(&s->mem);
	if (!r && sess->table) {
		r = fr_db_share(s->db, sess->table, sess->table_size, s->flags);
		s->table = sess->table;
		s->ring = sess->ring;
	}
	if (r) {
		snprintf(err, errlen, "cannot start: %s", strerror(-r));
		return -1;
	}
	s->umask = umask(0);
	return 0;
}

static int finish(void *ctx, char *err, size_t errlen)
{
	struct fr_sys *s = ctx;
	int r;

	fr_sys_drain(s);
	if (!s->save)
		return 0;
	umask(s->umask);
	r = fr_save_write(s->db, s->flags, s->save);
	if (!r)
		return 0;
	snprintf(err, errlen, "cannot write the save file %s: %s", s->save, strerror(-r));
	return -1;
}

void fr_sys_extension(struct fr_sys *s, struct run_extension *ext)
{
	*ext = (struct run_extension){
		.name = "fakeroot",
		.nrs = fr_sys_nrs,
		.nnrs = fr_sys_nnrs,
		.trap_nrs = fr_sys_trap_nrs,
		.ntrap_nrs = fr_sys_ntrap_nrs,
		.table_size = s->table_bytes ? (s->table_bytes + 4095) & ~(size_t)4095 : FR_TABLE_BYTES,
		.ring_size = sizeof(struct fr_ring),
		.ctx = s,
		.start = start,
		.notified = notified,
		.exec_params = fr_sys_exec_params,
		.finish = s->save ? finish : NULL,
	};
}
