// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <string.h>
#include "supervise/filter.h"
#include "supervise/install.h"

extern const unsigned char vdsotool_installer_start[], vdsotool_installer_end[];
extern const unsigned char vdsotool_runtime_start[];

/* The blob begins "call install; int3" (installer.c): 5 bytes, then 0xcc. */
#define ENTRY_OFF 0
#define TRAP_OFF 5

int install_config(struct machine_config *c, const struct session *s, uint32_t virtual_mask,
		   uint32_t wait_mask, const int *trap_nrs, size_t ntrap, char *err, size_t errlen)
{
	const struct rt_header *hdr;
	struct filter_prog trap;
	const struct vdso_layout *l = &s->layout;
	size_t len = (size_t)(vdsotool_installer_end - vdsotool_installer_start);
	struct install_params *p = &c->params;
	unsigned i;

	memset(c, 0, sizeof(*c));
	c->installer = vdsotool_installer_start;
	c->installer_len = len;
	/* installer.lds puts the parameters at the next 8-byte boundary. */
	c->params_off = (len + 7) & ~(size_t)7;
	c->entry_off = ENTRY_OFF;
	c->trap_off = TRAP_OFF;
	if (len <= TRAP_OFF || c->installer[ENTRY_OFF] != 0xe8 || c->installer[TRAP_OFF] != 0xcc ||
	    c->params_off + sizeof(*p) > MACHINE_CODE_MAX || l->nvmas > INSTALL_MAX_VMAS) {
		snprintf(err, errlen, "the embedded installer is malformed");
		return -1;
	}
	p->magic = INSTALL_PARAMS_MAGIC;
	p->fd = p->stats_fd = -1;
	p->image_size = s->image_size;
	p->fixed = s->fixed_start;
	p->span_size = l->span_size;
	p->vdso_in_span = (uint64_t)-l->span_start;
	p->use_arch_prctl = (uint32_t)s->use_arch_prctl;
	p->nvmas = l->nvmas;
	for (i = 0; i < l->nvmas; i++) {
		p->vma[i].start = (uint64_t)(l->vma[i].start - l->span_start);
		p->vma[i].size = l->vma[i].size;
	}
	p->rt_file_off = s->rt_file_off;
	p->rt_size = s->rt_size;
	p->rt_at = s->rt_at;
	p->rt_data_at = s->rt_data_at;
	hdr = (const struct rt_header *)vdsotool_runtime_start;
	if (hdr->magic != RT_HEADER_MAGIC || hdr->init_off >= s->rt_size) {
		snprintf(err, errlen, "the embedded runtime is malformed");
		return -1;
	}
	p->rt_init_off = hdr->init_off;
	p->table_off = s->table_off;
	p->table_map = s->table_size < SESSION_TABLE_FIRST_MAP ? s->table_size
							     : SESSION_TABLE_FIRST_MAP;
	p->ring_size = s->ring_size;
	if (filter_build_trap(&trap, virtual_mask, wait_mask, trap_nrs, ntrap, s->fixed_start,
			      s->fixed_end) ||
	    trap.len > SESSION_TRAP_MAX_INSNS) {
		snprintf(err, errlen, "cannot build the trap filter");
		return -1;
	}
	_Static_assert(sizeof(trap.insn[0]) == 8, "sock_filter is 8 bytes");
	memcpy((char *)s->page + SESSION_TRAP_OFF, trap.insn, trap.len * sizeof(trap.insn[0]));
	p->trap_len = trap.len;
	c->fixed_gadget = s->moved_vdso + l->gadget_off;
	c->vdso_gadget_off = l->gadget_off;
	return 0;
}
