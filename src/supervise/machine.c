// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include "supervise/machine.h"
#include "supervise/remote.h"

#define OPS(m) ((m)->tr.ops)
#define CTX(m) ((m)->tr.ctx)
#define PAGE_MASK_4K (~(uint64_t)0xfff)
#define SIGBIT(s) (1ull << ((s) - 1))

/* Faults must stay deliverable: a blocked SIGSEGV or SIGTRAP raised by the
 * CPU makes the kernel reset the program's handler before delivering it. */
#define SYNC_SIGNALS (SIGBIT(SIGSEGV) | SIGBIT(SIGBUS) | SIGBIT(SIGILL) | SIGBIT(SIGFPE) | \
		      SIGBIT(SIGTRAP) | SIGBIT(SIGSYS))

uint64_t machine_block_mask(void)
{
	return ~SYNC_SIGNALS;
}

static int is_fault(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGSYS;
}

static int is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

void machine_init(struct machine *m, const struct tracer *tr, const struct machine_config *cfg,
		  machine_report_fn report, void *ctx)
{
	memset(m, 0, sizeof(*m));
	m->tr = *tr;
	m->cfg = cfg;
	m->report = report;
	m->report_ctx = ctx;
}

static void drop(struct machine *m, struct task *t)
{
	size_t i;

	if (t->memfd >= 0)
		OPS(m)->mem_close(CTX(m), t->memfd);
	for (i = 0; i < m->n; i++) {
		if (m->tasks[i] == t) {
			m->tasks[i] = m->tasks[--m->n];
			break;
		}
	}
	free(t);
}

void machine_free(struct machine *m)
{
	while (m->n)
		drop(m, m->tasks[0]);
	free(m->tasks);
	m->tasks = NULL;
	m->cap = 0;
}

static void report(struct machine *m, pid_t pid, enum inject_outcome out, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void report(struct machine *m, pid_t pid, enum inject_outcome out, const char *fmt, ...)
{
	struct machine_report r = { pid, out, "" };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r.why, sizeof(r.why), fmt, ap);
	va_end(ap);
	if (m->report)
		m->report(m->report_ctx, &r);
}

static struct task *add(struct machine *m, pid_t tid, enum task_state state)
{
	struct task *t;

	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 16;
		struct task **n = realloc(m->tasks, cap * sizeof(*n));

		if (!n)
			return NULL;
		m->tasks = n;
		m->cap = cap;
	}
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->tid = tid;
	t->state = state;
	t->fd = t->stats_fd = -1;
	t->memfd = -1;
	t->resume_how = RESUME_CONT;
	m->tasks[m->n++] = t;
	return t;
}

int machine_add_exec(struct machine *m, pid_t tid, int fd, int stats_fd)
{
	struct task *t = add(m, tid, TS_EXEC_WAIT);

	if (!t)
		return -ENOMEM;
	t->fd = fd;
	t->stats_fd = stats_fd;
	return 0;
}

int machine_add_release(struct machine *m, pid_t tid)
{
	return add(m, tid, TS_RELEASE) ? 0 : -ENOMEM;
}

static struct task *find(struct machine *m, pid_t tid)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->tasks[i]->tid == tid)
			return m->tasks[i];
	return NULL;
}

int machine_knows(const struct machine *m, pid_t tid)
{
	return find((struct machine *)m, tid) != NULL;
}

int machine_state(const struct machine *m, pid_t tid)
{
	struct task *t = find((struct machine *)m, tid);

	return t ? (int)t->state : -1;
}

int machine_rearm_exec(struct machine *m, pid_t tid, int fd, int stats_fd)
{
	struct task *t = find(m, tid);

	if (!t)
		return -ENOENT;
	t->state = TS_EXEC_WAIT;
	if (fd >= 0)
		t->fd = fd;
	if (stats_fd >= 0)
		t->stats_fd = stats_fd;
	return 0;
}

void machine_exec_carry(struct machine *m, pid_t tid, uint64_t carry)
{
	struct task *t = find(m, tid);

	if (t)
		t->carry = rt_carry_of(carry);
}

void machine_task_fds(const struct machine *m, pid_t tid, int *fd, int *stats_fd)
{
	struct task *t = find((struct machine *)m, tid);

	*fd = t ? t->fd : -1;
	*stats_fd = t ? t->stats_fd : -1;
}

static void block_signals(struct machine *m, struct task *t)
{
	if (OPS(m)->getsigmask(CTX(m), t->tid, &t->saved_mask))
		return;
	if (!OPS(m)->setsigmask(CTX(m), t->tid, t->saved_mask | machine_block_mask()))
		t->mask_saved = 1;
}

/*
 * Lets the task go.  A signal that came in while it was ours is handed back
 * with its own siginfo when the task sits in a signal-delivery-stop (the
 * kernel delivers what PTRACE_DETACH names), else re-sent; a stop it missed
 * is re-created unless a SIGCONT is already waiting behind it.
 */
static void detach(struct machine *m, struct task *t, int at_signal_stop)
{
	pid_t tid = t->tid;
	int restop = t->stop_sig && !OPS(m)->sigcont_pending(CTX(m), tid);
	int sig = 0, resend = 0;

	if (t->mask_saved)
		OPS(m)->setsigmask(CTX(m), tid, t->saved_mask);
	if (t->have_info) {
		if (at_signal_stop && !OPS(m)->setsiginfo(CTX(m), tid, &t->info))
			sig = t->info.si_signo;
		else
			resend = t->info.si_signo;
	}
	OPS(m)->resume(CTX(m), tid, RESUME_DETACH, sig);
	if (resend)
		OPS(m)->kill(CTX(m), tid, resend);
	if (restop)
		OPS(m)->kill(CTX(m), tid, t->stop_sig);
	drop(m, t);
}

static void kill_task(struct machine *m, struct task *t, const char *why)
{
	pid_t tid = t->tid;

	OPS(m)->kill(CTX(m), tid, SIGKILL);
	OPS(m)->resume(CTX(m), tid, RESUME_DETACH, 0);
	report(m, tid, OUT_KILLED, "%s", why);
	drop(m, t);
}

/* ---- a failed exec: close the fds added for it ---- */

static uint64_t find_gadget(struct machine *m, struct task *t)
{
	const struct machine_config *c = m->cfg;
	uint64_t cand[2] = { c->fixed_gadget, 0 }, base;
	unsigned char insn[2];
	int i;

	base = OPS(m)->vdso_base(CTX(m), t->tid);
	if (base)
		cand[1] = base + c->vdso_gadget_off;
	for (i = 0; i < 2; i++)
		if (cand[i] && !OPS(m)->mem_read(CTX(m), t->memfd, cand[i], insn, 2) &&
		    insn[0] == 0x0f && insn[1] == 0x05)
			return cand[i];
	return 0;
}

static void step_close(struct machine *m, struct task *t)
{
	struct user_regs_struct r = t->regs;
	int fd = t->fd >= 0 ? t->fd : t->stats_fd;
	const uint64_t a[6] = { (uint64_t)fd };

	if (t->fd >= 0)
		t->fd = -1;
	else
		t->stats_fd = -1;
	remote_regs(&r, t->gadget, __NR_close, a);
	t->resume_how = RESUME_STEP;
	if (OPS(m)->setregs(CTX(m), t->tid, &r) ||
	    OPS(m)->resume(CTX(m), t->tid, RESUME_STEP, 0)) {
		report(m, t->tid, OUT_EXEC_FAILED, "cannot run close() in it");
		drop(m, t);
	}
}

static void end_close(struct machine *m, struct task *t)
{
	OPS(m)->setregs(CTX(m), t->tid, &t->regs);
	report(m, t->tid, OUT_EXEC_FAILED, "exec failed");
	detach(m, t, 1);
}

static void begin_close(struct machine *m, struct task *t, int at_signal_stop)
{
	if (t->fd < 0 && t->stats_fd < 0) {
		report(m, t->tid, OUT_EXEC_FAILED, "exec failed");
		detach(m, t, at_signal_stop);
		return;
	}
	t->state = TS_CLOSING;
	if (OPS(m)->getregs(CTX(m), t->tid, &t->regs)) {
		drop(m, t);
		return;
	}
	t->memfd = OPS(m)->mem_open(CTX(m), t->tid);
	t->gadget = t->memfd >= 0 ? find_gadget(m, t) : 0;
	if (!t->gadget) {
		/* Its address space has no syscall instruction we know of (it
		 * unmapped its vDSO): leave the two descriptors rather than run
		 * anything there. */
		report(m, t->tid, OUT_EXEC_FAILED, "exec failed; its session fds stay open");
		detach(m, t, at_signal_stop);
		return;
	}
	block_signals(m, t);
	step_close(m, t);
}

/* A signal that arrived while the task was ours: kept for the detach. */
static void remember_signal(struct task *t, const struct trace_event *ev)
{
	if (is_stop_signal(ev->sig)) {
		t->stop_sig = ev->sig;
	} else if (!t->have_info) {
		t->have_info = 1;
		t->info = ev->info;
		t->info.si_signo = ev->sig;
	}
}

static void on_closing(struct machine *m, struct task *t, const struct trace_event *ev)
{
	struct user_regs_struct r;

	switch (ev->kind) {
	case TEV_STEP:
		if (OPS(m)->getregs(CTX(m), t->tid, &r) || r.rip != t->gadget + 2 ||
		    (t->fd < 0 && t->stats_fd < 0)) {
			end_close(m, t);
			return;
		}
		step_close(m, t);
		return;
	case TEV_SIGNAL:
		if (is_fault(ev->sig) || ev->sig == SIGKILL) {
			/* The gadget faulted: the fault is ours, not the program's. */
			end_close(m, t);
			return;
		}
		remember_signal(t, ev);
		break;
	case TEV_GROUP_STOP:
		t->stop_sig = ev->sig;
		break;
	default:
		break;
	}
	OPS(m)->resume(CTX(m), t->tid, t->resume_how, 0);
}

/* ---- a successful exec: run the installer ---- */

static void exec_stop(struct machine *m, struct task *t)
{
	const struct machine_config *c = m->cfg;
	struct install_params p = c->params;
	unsigned char blob[MACHINE_CODE_MAX];
	struct user_regs_struct r;

	if (OPS(m)->getregs(CTX(m), t->tid, &t->regs)) {
		drop(m, t);
		return;
	}
	/* execve returns 0 into the new program. */
	t->regs.rax = 0;
	if (t->regs.cs != 0x33) {
		report(m, t->tid, OUT_SKIPPED, "a 32-bit program (not supported)");
		detach(m, t, 0);
		return;
	}
	t->code_len = c->params_off + sizeof(p);
	t->page = t->regs.rip & PAGE_MASK_4K;
	t->memfd = OPS(m)->mem_open(CTX(m), t->tid);
	if (t->memfd < 0 || t->code_len > sizeof(blob) ||
	    OPS(m)->mem_read(CTX(m), t->memfd, t->page, t->saved_code, t->code_len)) {
		report(m, t->tid, OUT_SKIPPED, "cannot read its memory: %s",
		       strerror(t->memfd < 0 ? -t->memfd : EIO));
		detach(m, t, 0);
		return;
	}
	memset(blob, 0, t->code_len);
	memcpy(blob, c->installer, c->installer_len);
	p.fd = t->fd;
	p.stats_fd = t->stats_fd;
	p.carry = t->carry;
	if (c->task_params)
		c->task_params(c->task_params_ctx, t->tid, &p);
	OPS(m)->timens(CTX(m), t->tid, p.ns_offset);
	memcpy(blob + c->params_off, &p, sizeof(p));
	block_signals(m, t);
	if (OPS(m)->mem_write(CTX(m), t->memfd, t->page, blob, t->code_len)) {
		report(m, t->tid, OUT_SKIPPED, "cannot write into its memory");
		detach(m, t, 0);
		return;
	}
	r = t->regs;
	r.rip = t->page + c->entry_off;
	r.rdi = t->regs.rsp;
	/* Below everything on the initial stack, 16-byte aligned for the call. */
	r.rsp = (t->regs.rsp - 1024) & ~(uint64_t)15;
	t->state = TS_INSTALLING;
	t->resume_how = RESUME_CONT;
	if (OPS(m)->setregs(CTX(m), t->tid, &r) || OPS(m)->resume(CTX(m), t->tid, RESUME_CONT, 0))
		kill_task(m, t, "cannot start the installer");
}

static const char *install_error(long code)
{
	switch (code) {
	case INSTALL_NOT_64BIT:
		return "not a 64-bit program (x32?)";
	case INSTALL_NO_VDSO:
		return "it has no vDSO";
	case INSTALL_FIXED_BUSY:
		return "the session's fixed address is taken in it";
	case INSTALL_MAP_FAILED:
		return "mapping the session failed (rolled back)";
	default:
		return "the installer failed half way";
	}
}

static void installed(struct machine *m, struct task *t)
{
	struct user_regs_struct r;
	long code;

	if (OPS(m)->getregs(CTX(m), t->tid, &r) || r.rip != t->page + m->cfg->trap_off + 1) {
		kill_task(m, t, "an unexpected breakpoint in the installer");
		return;
	}
	code = (long)r.rax;
	if (OPS(m)->mem_write(CTX(m), t->memfd, t->page, t->saved_code, t->code_len) ||
	    OPS(m)->setregs(CTX(m), t->tid, &t->regs)) {
		kill_task(m, t, "cannot restore its entry page");
		return;
	}
	if (code == INSTALL_BROKEN || code < 0 || code > INSTALL_BROKEN) {
		kill_task(m, t, install_error(INSTALL_BROKEN));
		return;
	}
	if (code == INSTALL_OK)
		report(m, t->tid, OUT_INJECTED, "injected");
	else
		report(m, t->tid, OUT_SKIPPED, "%s", install_error(code));
	detach(m, t, 1);
}

static void on_installing(struct machine *m, struct task *t, const struct trace_event *ev)
{
	char why[96];

	switch (ev->kind) {
	case TEV_BREAKPOINT:
		installed(m, t);
		return;
	case TEV_STEP:
		kill_task(m, t, "an unexpected trap in the installer");
		return;
	case TEV_SIGNAL:
		if (is_fault(ev->sig)) {
			snprintf(why, sizeof(why), "the installer faulted (signal %d)", ev->sig);
			kill_task(m, t, why);
			return;
		}
		remember_signal(t, ev);
		break;
	case TEV_GROUP_STOP:
		t->stop_sig = ev->sig;
		break;
	default:
		break;
	}
	OPS(m)->resume(CTX(m), t->tid, t->resume_how, 0);
}

static void on_exec_wait(struct machine *m, struct task *t, const struct trace_event *ev)
{
	switch (ev->kind) {
	case TEV_EXEC:
		exec_stop(m, t);
		return;
	case TEV_INTERRUPT:
		begin_close(m, t, 0);
		return;
	case TEV_GROUP_STOP:
		/* Detached in a group stop, it stays stopped; only a resumed one
		 * needs its stop re-created. */
		if (t->fd >= 0 || t->stats_fd >= 0)
			t->stop_sig = ev->sig;
		begin_close(m, t, 0);
		return;
	case TEV_SIGNAL:
	case TEV_STEP:
	case TEV_BREAKPOINT:
		/* A signal on its way to a task whose exec failed: it is handed
		 * back at detach, after the clean-up. */
		remember_signal(t, ev);
		begin_close(m, t, 1);
		return;
	default:
		OPS(m)->resume(CTX(m), t->tid, RESUME_CONT, 0);
		return;
	}
}

int machine_event(struct machine *m, const struct trace_event *ev)
{
	struct task *t = find(m, ev->pid);

	/* A thread other than the leader execs: it takes the leader's pid. */
	if (!t && ev->kind == TEV_EXEC && ev->msg) {
		t = find(m, (pid_t)ev->msg);
		if (t)
			t->tid = ev->pid;
	}
	if (!t)
		return 0;
	/* A report that it was continued: nothing stopped, nothing to do. */
	if (ev->kind == TEV_CONTINUED)
		return 1;
	if (ev->kind == TEV_EXITED) {
		report(m, t->tid, OUT_GONE, "it died");
		drop(m, t);
		return 1;
	}
	/* A pending interrupt can surface after any resume: resume again. */
	if (ev->kind == TEV_INTERRUPT && t->state != TS_EXEC_WAIT && t->state != TS_RELEASE) {
		OPS(m)->resume(CTX(m), t->tid, t->resume_how, 0);
		return 1;
	}
	switch (t->state) {
	case TS_RELEASE:
		if (ev->kind == TEV_SIGNAL || ev->kind == TEV_STEP || ev->kind == TEV_BREAKPOINT) {
			remember_signal(t, ev);
			detach(m, t, 1);
		} else {
			detach(m, t, 0);
		}
		break;
	case TS_EXEC_WAIT:
		on_exec_wait(m, t, ev);
		break;
	case TS_INSTALLING:
		on_installing(m, t, ev);
		break;
	case TS_CLOSING:
		on_closing(m, t, ev);
		break;
	}
	return 1;
}
