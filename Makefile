# vdsotool: one non-recursive Makefile, out-of-tree build.
#
#   make                       build/vdsotool, build/libvdso.a and build/libvdso.so
#   make test                  every test layer (unit, cli, compat, fuzz smoke)
#   make install, uninstall    PREFIX, DESTDIR, BINDIR, LIBDIR, MANDIR... (mk/install.mk)
#   make deb                   Debian packages in build/deb/ (mk/deb.mk)
#   make check-sanitize        the same under ASan+UBSan, in build-san/
#   make CC=clang ...          any compiler; ARCH=<arch> cross-builds libvdso
#
# CPPFLAGS, CFLAGS and LDFLAGS from the environment are honoured (Debian's
# dpkg-buildflags hardening included) except where they cannot apply: lib/
# is freestanding and the replacement vDSO image is built with flags of its
# own.  The version is the VERSION file's, everywhere.
# Sources are found by wildcard, so a new file needs no Makefile change.

HOST_ARCH := $(shell uname -m)
ARCH     ?= $(HOST_ARCH)
SANITIZE ?=
V        ?= 0

# Cross builds of libvdso use Debian's cross compilers by default.
CROSS_CC_i386    := i686-linux-gnu-gcc
CROSS_CC_arm     := arm-linux-gnueabihf-gcc
CROSS_CC_aarch64 := aarch64-linux-gnu-gcc
CROSS_CC_riscv64 := riscv64-linux-gnu-gcc
CROSS_CC_x86_64  := x86_64-linux-gnu-gcc
ifneq ($(ARCH),$(HOST_ARCH))
ifeq ($(origin CC),default)
CC := $(CROSS_CC_$(ARCH))
endif
endif

ifeq ($(SANITIZE),1)
BUILD    ?= build-san
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else ifneq ($(ARCH),$(HOST_ARCH))
BUILD    ?= build-$(ARCH)
else
BUILD    ?= build
endif

VERSION  := $(shell cat VERSION)
$(if $(VERSION),,$(error the VERSION file is missing or empty))

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	    -Wno-missing-field-initializers
CFLAGS   ?= -O2 -g
CPPFLAGS ?=
ALLFLAGS := -std=gnu11 $(WARN) $(CPPFLAGS) $(CFLAGS) $(SANFLAGS) -Iinclude -Isrc -MMD -MP
# lib/ is freestanding: no builtin may turn a loop into a memset/memcpy call,
# and the hardening that needs the C library is taken back after the
# environment's flags (a stack protector calls __stack_chk_fail, and
# _FORTIFY_SOURCE has no libc function to fortify here).
IS_CLANG := $(shell $(CC) --version 2>/dev/null | grep -q clang && echo 1)
LIBFLAGS := -ffreestanding -fno-stack-protector -U_FORTIFY_SOURCE \
	    $(if $(IS_CLANG),,-fno-tree-loop-distribute-patterns)
LDFLAGS  ?=
ALLLDFLAGS := $(LDFLAGS) $(SANFLAGS)
# vdsotool itself is linked static-pie: each `run` starts three processes of
# it (front, supervisor, the command before its exec), and without
# ld.so, libc's relocations and their mappings each fork and exit is
# cheaper: run -- true costs 0.6 ms less (docs/run.md, Measured).  It also
# runs as it is in any container image.  A SANITIZE build cannot be static;
# LINK_STATIC= links it dynamically (the Debian package does, for libc's
# security updates); LDFLAGS=-static, a static non-PIE binary.
LINK_STATIC ?= $(if $(SANFLAGS)$(filter -static,$(LDFLAGS)),,-static-pie)

Q := $(if $(filter 1,$(V)),,@)

LIB_SRCS := $(wildcard lib/*.c) $(wildcard lib/arch/$(ARCH)/*.c)
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)

# Everything of src/ but main.c goes into an archive the unit tests link too.
CORE_SRCS := $(filter-out src/main.c,$(wildcard src/*.c src/clock/*.c src/supervise/*.c \
	     src/bench/*.c src/look/*.c src/common/*.c src/fakeroot/*.c src/fakeroot/sys/*.c))
CORE_OBJS := $(CORE_SRCS:%.c=$(BUILD)/%.o)
CORE_ASM  := $(wildcard src/*.S src/supervise/*.S src/bench/*.S)
CORE_OBJS += $(CORE_ASM:%.S=$(BUILD)/%.o)

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:%.c=$(BUILD)/%)
HELPER_SRCS := $(wildcard tests/helpers/*.c)
HELPER_BINS := $(HELPER_SRCS:%.c=$(BUILD)/%)

IMAGE_SRCS := $(wildcard image/*.c)
IMAGE_SO   := $(BUILD)/image/vdsotool-image.so
IMAGE_LDS  := $(BUILD)/image/image.lds
INSTALLER_BIN := $(BUILD)/image/installer.bin
RUNTIME_BIN := $(BUILD)/image/runtime.bin

.PHONY: test-faults test-cross fuzz-build compat-probes all lib test test-unit test-cli test-compat check-sanitize fuzz fuzz-smoke clean \
	helpers bench bench-report format

CROSS_TEST := $(BUILD)/tests/cross/test_syscalls

SOMAJOR := 0
SHLIB   := $(BUILD)/libvdso.so.$(VERSION)

ifeq ($(ARCH),$(HOST_ARCH))
all: $(BUILD)/vdsotool $(BUILD)/libvdso.a $(SHLIB)
else
# Only libvdso is portable; the program and its tests are x86_64's.
all: $(BUILD)/libvdso.a $(CROSS_TEST)
endif

# The raw-syscall test, static, for qemu-user (tests/cross/run.sh).
$(CROSS_TEST): tests/cross/test_syscalls.c $(BUILD)/libvdso.a
	@mkdir -p $(dir $@)
	$(Q)$(CC) -std=gnu11 $(WARN) -O2 -static -Iinclude -o $@ $< $(BUILD)/libvdso.a

# The same library in a program without any C library: links only if
# libvdso needs nothing from libc or libgcc.
NOLIBC_TEST := $(BUILD)/tests/cross/nolibc
$(NOLIBC_TEST): tests/cross/nolibc.c $(BUILD)/libvdso.a
	@mkdir -p $(dir $@)
	$(Q)$(CC) -std=gnu11 $(WARN) -O2 -static -nostdlib -ffreestanding -fno-stack-protector \
		-fno-pie -no-pie -Iinclude -o $@ $< $(BUILD)/libvdso.a

# Every architecture: cross-build, run under qemu-user-static.
test-cross:
	$(Q)$(NEED) $@ build test cross
	$(Q)tests/cross/run.sh

lib: $(BUILD)/libvdso.a

$(BUILD)/lib/%.o: lib/%.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALLFLAGS) $(LIBFLAGS) -c $< -o $@

$(BUILD)/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALLFLAGS) -c $< -o $@

$(BUILD)/src/%.o: src/%.S $(IMAGE_SO) $(INSTALLER_BIN) $(RUNTIME_BIN)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALLFLAGS) -DIMAGE_SO='"$(IMAGE_SO)"' -DINSTALLER_BIN='"$(INSTALLER_BIN)"' \
		-DRUNTIME_BIN='"$(RUNTIME_BIN)"' -c $< -o $@

$(BUILD)/libvdso.a: $(LIB_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

# The shared library is for installing: objects of its own, position
# independent and never instrumented (SANITIZE builds included), exporting
# only what include/vdso/ declares.  It is linked against libc although it
# uses nothing from it: Debian policy 10.2 (lintian's
# library-not-linked-against-libc), also where the toolchain links as-needed.
LIB_PIC_OBJS := $(LIB_SRCS:%.c=$(BUILD)/pic/%.o)

$(BUILD)/pic/lib/%.o: lib/%.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) -std=gnu11 $(WARN) $(CPPFLAGS) $(CFLAGS) -Iinclude -MMD -MP $(LIBFLAGS) -fPIC -c $< -o $@

$(SHLIB): $(LIB_PIC_OBJS) lib/libvdso.map
	$(Q)$(CC) $(LDFLAGS) -shared -Wl,-soname,libvdso.so.$(SOMAJOR) \
		-Wl,--version-script=lib/libvdso.map -Wl,--no-undefined -o $@ $(LIB_PIC_OBJS) \
		-Wl,--push-state,--no-as-needed -lc -Wl,--pop-state
	$(Q)ln -sf $(notdir $@) $(BUILD)/libvdso.so.$(SOMAJOR)
	$(Q)ln -sf libvdso.so.$(SOMAJOR) $(BUILD)/libvdso.so

# The one place the version reaches the program.
$(BUILD)/src/report.o: ALLFLAGS += -DVDSOTOOL_VERSION='"$(VERSION)"'
$(BUILD)/src/report.o: VERSION

$(BUILD)/libcore.a: $(CORE_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/vdsotool: $(BUILD)/src/main.o $(BUILD)/libcore.a $(BUILD)/libvdso.a
	$(Q)$(CC) $(ALLLDFLAGS) $(LINK_STATIC) -o $@ $^

# The replacement vDSO: position independent, no libc, no relocations, and
# never instrumented (it runs inside other programs, without a runtime):
# none of CPPFLAGS, CFLAGS or LDFLAGS reaches it.
IMAGE_CFLAGS := -std=gnu11 $(WARN) -O2 -g -fPIC -ffreestanding -fno-builtin -nostdlib \
	-fno-stack-protector $(if $(IS_CLANG),,-fno-tree-loop-distribute-patterns) \
	-fasynchronous-unwind-tables \
	-mno-red-zone -fcf-protection=none -Iinclude -Isrc
# The debug copy stays beside it (vdsotool-image.debug) for gdb; the
# embedded one is stripped to fit the kernel vDSO's two pages.
# The linker script shares the session ABI's offsets through cpp.
$(IMAGE_LDS): image/image.lds.S src/supervise/abi.h
	@mkdir -p $(dir $@)
	$(Q)$(CC) -E -P -x c -D__LINKER__ -Isrc $< -o $@

$(IMAGE_SO): $(IMAGE_SRCS) $(IMAGE_LDS) $(wildcard image/*.h src/clock/*.h) src/supervise/abi.h
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(IMAGE_CFLAGS) -shared -Wl,-T,$(IMAGE_LDS) -Wl,--hash-style=both \
		-Wl,-Bsymbolic -Wl,--no-undefined -Wl,-z,max-page-size=4096 -Wl,--build-id=sha1 \
		-Wl,--eh-frame-hdr -Wl,-soname,linux-vdso.so.1 -o $(@:.so=.debug) $(IMAGE_SRCS)
	$(Q)if readelf -rW $(@:.so=.debug) | grep -q 'R_'; then \
		echo "image has relocations" >&2; exit 1; fi
	$(Q)objcopy --strip-debug --strip-unneeded $(@:.so=.debug) $@
	$(Q)test $$(stat -c %s $@) -le 8192 || { echo "image over 8 KiB" >&2; rm -f $@; exit 1; }

# The exec-time installer: a flat, position-independent blob that the
# supervisor copies into a new program (image/installer/installer.c).
INSTALLER_CFLAGS := -std=gnu11 $(WARN) -O2 -fPIC -ffreestanding -fno-builtin -nostdlib -mgeneral-regs-only \
	-fno-stack-protector $(if $(IS_CLANG),,-fno-tree-loop-distribute-patterns) \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -mno-red-zone -fcf-protection=none \
	-Iinclude -Isrc
# A flat blob runs at any address: only pc-relative relocations may be
# left for the linker (an absolute one would be resolved to address 0).
BLOB_RELOCS_CHECK = if readelf -rW $(@:.bin=.o) | awk '/^[0-9a-f]+ / { print $$3 }' | \
	grep -vE '^R_X86_64_(PC32|PLT32|PC64)$$'; then \
	echo "$@: absolute relocations in $(@:.bin=.o)" >&2; exit 1; fi
$(INSTALLER_BIN): image/installer/installer.c image/installer/installer.lds src/supervise/abi.h
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(INSTALLER_CFLAGS) -c $< -o $(@:.bin=.o)
	$(Q)$(BLOB_RELOCS_CHECK)
	$(Q)$(CC) -nostdlib -static -Wl,-T,image/installer/installer.lds -Wl,--no-dynamic-linker \
		-Wl,--no-warn-rwx-segments -Wl,--build-id=none -o $(@:.bin=.elf) $(@:.bin=.o)
	$(Q)objcopy -O binary --only-section=.text $(@:.bin=.elf) $@

# The in-process runtime: another flat blob, mapped at the session's fixed
# address in every process (image/runtime/runtime.c).
$(RUNTIME_BIN): image/runtime/runtime.c $(wildcard image/runtime/*.h) image/runtime/runtime.lds \
		src/supervise/abi.h $(wildcard src/clock/*.h src/fakeroot/*.h)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(INSTALLER_CFLAGS) -c $< -o $(@:.bin=.o)
	$(Q)$(BLOB_RELOCS_CHECK)
	$(Q)$(CC) -nostdlib -static -Wl,-T,image/runtime/runtime.lds -Wl,--no-dynamic-linker \
		-Wl,--no-warn-rwx-segments -Wl,--build-id=none -o $(@:.bin=.elf) $(@:.bin=.o)
	$(Q)objcopy -O binary --only-section=.text $(@:.bin=.elf) $@

$(BUILD)/tests/unit/%: tests/unit/%.c $(BUILD)/libcore.a $(BUILD)/libvdso.a
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALLFLAGS) -Itests/unit -o $@ $< $(BUILD)/libcore.a $(BUILD)/libvdso.a \
		$(ALLLDFLAGS) -lcmocka

$(BUILD)/tests/helpers/%: tests/helpers/%.c $(BUILD)/libvdso.a
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALLFLAGS) -o $@ $< $(BUILD)/libvdso.a $(ALLLDFLAGS) -lpthread

# Helpers named core_*.c drive libcore's modules directly.  GNU make picks
# the pattern with the shorter stem, so this rule wins over the one above.
$(BUILD)/tests/helpers/core_%: tests/helpers/core_%.c $(BUILD)/libcore.a $(BUILD)/libvdso.a
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALLFLAGS) -o $@ $< $(BUILD)/libcore.a $(BUILD)/libvdso.a $(ALLLDFLAGS)

helpers: $(HELPER_BINS)

# The same probes built the ways real programs are: static glibc, static
# musl, Go with and without cgo, Java.  Built once, used by tests/compat.
PROBES := $(BUILD)/probes
GOENV := GOCACHE=$(abspath $(BUILD))/gocache GOPATH=$(abspath $(BUILD))/gopath GOFLAGS=-mod=mod \
	GO111MODULE=off GOTOOLCHAIN=local
# What tests/cli/fakeroot.bats runs where LD_PRELOAD cannot reach.
FAKE_PROBES := $(PROBES)/fakeprobe.musl $(PROBES)/fakeprobe.go
# What tests/cli/ctl.bats runs as a static musl program.
CTL_PROBES := $(PROBES)/timerchange.musl
compat-probes: $(PROBES)/timeprobe.static $(PROBES)/timeprobe.musl $(PROBES)/timeprobe.go \
	$(PROBES)/timeprobe.cgo $(PROBES)/Timeprobe.class $(PROBES)/waits.musl $(PROBES)/waits.go $(PROBES)/waits.cgo \
	$(PROBES)/Waits.class $(PROBES)/Churn.class $(FAKE_PROBES) $(CTL_PROBES)

$(PROBES)/timeprobe.static: tests/helpers/timeprobe.c
	@mkdir -p $(dir $@)
	$(Q)gcc -O2 -static -o $@ $<
$(PROBES)/timeprobe.musl: tests/helpers/timeprobe.c
	@mkdir -p $(dir $@)
	$(Q)musl-gcc -O2 -static -o $@ $<
$(PROBES)/waits.musl: tests/helpers/waits.c
	@mkdir -p $(dir $@)
	$(Q)musl-gcc -O2 -static -o $@ $<
$(PROBES)/timerchange.musl: tests/helpers/timerchange.c
	@mkdir -p $(dir $@)
	$(Q)musl-gcc -O2 -static -o $@ $<
$(PROBES)/waits.go: tests/compat/probes/waits/main.go
	@mkdir -p $(dir $@)
	$(Q)cd $(dir $<) && $(GOENV) CGO_ENABLED=0 go build -o $(abspath $@) .
$(PROBES)/waits.cgo: tests/compat/probes/waits/main.go tests/compat/probes/waits/cgo.go
	@mkdir -p $(dir $@)
	$(Q)cd $(dir $<) && $(GOENV) CGO_ENABLED=1 CC=gcc go build -o $(abspath $@) .
$(PROBES)/Churn.class: tests/compat/probes/Churn.java
	@mkdir -p $(dir $@)
	$(Q)javac -d $(PROBES) $<
$(PROBES)/Waits.class: tests/compat/probes/Waits.java
	@mkdir -p $(dir $@)
	$(Q)javac -d $(PROBES) $<
$(PROBES)/fakeprobe.musl: tests/helpers/fakeprobe.c
	@mkdir -p $(dir $@)
	$(Q)musl-gcc -O2 -static -o $@ $<
$(PROBES)/fakeprobe.go: tests/compat/probes/fakeprobe.go
	@mkdir -p $(dir $@)
	$(Q)$(GOENV) CGO_ENABLED=0 go build -o $(abspath $@) $<
$(PROBES)/timeprobe.go: tests/compat/probes/timeprobe.go
	@mkdir -p $(dir $@)
	$(Q)$(GOENV) CGO_ENABLED=0 go build -o $(abspath $@) $<
$(PROBES)/timeprobe.cgo: tests/compat/probes/cgo/main.go
	@mkdir -p $(dir $@)
	$(Q)cd tests/compat/probes/cgo && $(GOENV) CGO_ENABLED=1 CC=gcc go build -o $(abspath $@) .
$(PROBES)/Timeprobe.class: tests/compat/probes/Timeprobe.java
	@mkdir -p $(dir $@)
	$(Q)javac -d $(PROBES) $<

# Each test target first makes sure the Debian packages its tests use are
# there (.ci/packages; installed when it may, else it says how and stops),
# then builds what those tests run, in a second make so that nothing is
# compiled before the compilers and libraries are.
NEED := .ci/need-packages
SUBMAKE := $(MAKE) --no-print-directory

test:
	$(Q)$(NEED) $@ build test deb
	$(Q)$(SUBMAKE) all $(UNIT_BINS) helpers compat-probes
	$(Q)SANITIZE=$(SANITIZE) BUILD=$(BUILD) tests/run-all.sh

test-unit:
	$(Q)$(NEED) $@ build test
	$(Q)$(SUBMAKE) $(UNIT_BINS)
	$(Q)SANITIZE=$(SANITIZE) BUILD=$(BUILD) tests/run-all.sh unit

# syms.bats reads a static executable, fakeroot.bats static musl and Go,
# ctl.bats static musl.
test-cli:
	$(Q)$(NEED) $@ build test deb
	$(Q)$(SUBMAKE) all helpers $(PROBES)/timeprobe.static $(FAKE_PROBES) $(CTL_PROBES)
	$(Q)SANITIZE=$(SANITIZE) BUILD=$(BUILD) tests/run-all.sh cli

test-compat:
	$(Q)$(NEED) $@ build test
	$(Q)$(SUBMAKE) all helpers compat-probes
	$(Q)SANITIZE=$(SANITIZE) BUILD=$(BUILD) tests/run-all.sh compat

# The fault-injection loop at length (make test runs 200 rounds of it).
FAULT_ROUNDS ?= 2000
test-faults: all helpers
	$(Q)BUILD=$(BUILD) tests/faults/exec_kill.sh $(FAULT_ROUNDS)
	$(Q)for d in ptrace process_vm_readv,process_vm_writev kcmp,openat2 map_vdso; do \
		DENY=$$d BUILD=$(BUILD) tests/faults/exec_kill.sh $$(( $(FAULT_ROUNDS) / 10 )) || exit 1; done

# libFuzzer targets: every fuzz/fuzz_*.c, built with clang and the
# sanitizers against the sources it may touch (the freestanding ones, and
# src/fakeroot's save-file reader with the one helper it needs).
FUZZ_CC      ?= clang
FUZZ_BUILD   := build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_SRCS    := $(wildcard fuzz/fuzz_*.c)
FUZZ_BINS    := $(FUZZ_SRCS:fuzz/%.c=$(FUZZ_BUILD)/%)
FUZZ_DEPS    := $(wildcard lib/*.c lib/arch/x86_64/*.c src/clock/*.c src/fakeroot/*.c) \
		src/common/output_file.c
FUZZ_FLAGS   := -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -Iinclude -Isrc

$(FUZZ_BUILD)/fuzz_%: fuzz/fuzz_%.c $(FUZZ_DEPS) \
		$(wildcard include/vdso/*.h lib/*.h src/clock/*.h src/fakeroot/*.h)
	@mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(FUZZ_DEPS)

fuzz-build: $(FUZZ_BINS)

# Runs each target FUZZ_SECONDS on a copy of its seed corpus; a crash
# leaves its input in build-fuzz/ and fails the target.
fuzz: fuzz-build all
	$(Q)BUILD=$(BUILD) FUZZ_BUILD=$(FUZZ_BUILD) fuzz/run.sh $(FUZZ_SECONDS)

# The whole bench three times, with the medians side by side.
bench-report: $(BUILD)/vdsotool
	$(Q)BUILD=$(BUILD) bench/bench-report.sh

check-sanitize:
	$(Q)$(MAKE) --no-print-directory SANITIZE=1 test

format:
	clang-format -i $(shell git ls-files '*.c' '*.h')

clean:
	rm -rf build build-san build-*

include mk/install.mk mk/deb.mk

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
