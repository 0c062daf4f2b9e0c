/* The replacement vDSO, embedded so that vdsotool is one self-contained file. */
	.section .rodata
	.balign 4096
	.globl vdsotool_image_start, vdsotool_image_end
vdsotool_image_start:
	.incbin IMAGE_SO
vdsotool_image_end:
	.section .note.GNU-stack, "", @progbits
