/* The replacement vDSO and the exec-time installer, embedded so that
 * vdsotool is one self-contained file. */
	.section .rodata
	.balign 4096
	.globl vdsotool_image_start, vdsotool_image_end
vdsotool_image_start:
	.incbin IMAGE_SO
vdsotool_image_end:
	.balign 16
	.globl vdsotool_installer_start, vdsotool_installer_end
vdsotool_installer_start:
	.incbin INSTALLER_BIN
vdsotool_installer_end:
	.balign 4096
	.globl vdsotool_runtime_start, vdsotool_runtime_end
vdsotool_runtime_start:
	.incbin RUNTIME_BIN
vdsotool_runtime_end:
	.section .note.GNU-stack, "", @progbits
