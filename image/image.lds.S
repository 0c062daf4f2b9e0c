#include "supervise/abi.h"
/*
 * Layout of the replacement vDSO (preprocessed: the offsets come from the
 * session ABI header).  Like the kernel's own image it is one
 * read+execute PT_LOAD holding headers, dynamic tables and text, with no
 * writable data and no relocations, so it can be mapped anywhere as is.
 * The session page and the stats page sit at fixed negative offsets from
 * the image, where the kernel keeps [vvar] before [vdso].
 */
VERSION {
	LINUX_2.6 {
	global:
		clock_gettime; __vdso_clock_gettime;
		gettimeofday; __vdso_gettimeofday;
		time; __vdso_time;
		clock_getres; __vdso_clock_getres;
		getcpu; __vdso_getcpu;
		getrandom; __vdso_getrandom;
	local: *;
	};
}

PHDRS {
	text PT_LOAD FLAGS(5) FILEHDR PHDRS;	/* PF_R | PF_X */
	dynamic PT_DYNAMIC FLAGS(4);
	note PT_NOTE FLAGS(4);
	eh_frame_hdr PT_GNU_EH_FRAME;
}

SECTIONS {
	PROVIDE_HIDDEN(vdsotool_session_page = . - SESSION_PAGE_BELOW_IMAGE);
	PROVIDE_HIDDEN(vdsotool_stats_page = . - SESSION_STATS_BELOW_IMAGE);
	PROVIDE_HIDDEN(vdsotool_proc_page = . - SESSION_PROC_BELOW_IMAGE);

	. = SIZEOF_HEADERS;
	.hash : { *(.hash) } :text
	.gnu.hash : { *(.gnu.hash) }
	.dynsym : { *(.dynsym) }
	.dynstr : { *(.dynstr) }
	.gnu.version : { *(.gnu.version) }
	.gnu.version_d : { *(.gnu.version_d) }
	.gnu.version_r : { *(.gnu.version_r) }
	.dynamic : { *(.dynamic) } :text :dynamic
	.rodata : { *(.rodata*) } :text
	.note : { *(.note.*) } :text :note
	.eh_frame_hdr : { *(.eh_frame_hdr) } :text :eh_frame_hdr
	.eh_frame : { KEEP(*(.eh_frame)) } :text
	.text : { *(.text*) } :text

	/DISCARD/ : { *(.data*) *(.bss*) *(.got*) *(.plt*) *(.comment) *(.note.GNU-stack) }
}
