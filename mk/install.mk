# make install / make uninstall, included by the Makefile.
#
#   make install PREFIX=/usr DESTDIR=/tmp/stage
#
# Every directory can be set on its own; DESTDIR is prepended to all of
# them, for staging (packages, tests).

PREFIX      ?= /usr/local
EXEC_PREFIX ?= $(PREFIX)
BINDIR      ?= $(EXEC_PREFIX)/bin
LIBDIR      ?= $(EXEC_PREFIX)/lib
INCLUDEDIR  ?= $(PREFIX)/include
DATAROOTDIR ?= $(PREFIX)/share
MANDIR      ?= $(DATAROOTDIR)/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
BASHCOMPDIR ?= $(DATAROOTDIR)/bash-completion/completions
ZSHCOMPDIR  ?= $(DATAROOTDIR)/zsh/site-functions
INSTALL     ?= install

MANPAGE := $(BUILD)/vdsotool.1
HEADERS := $(wildcard include/vdso/*.h)

.PHONY: install uninstall man

man: $(MANPAGE)

# docs/vdsotool.1 renders as it is (man -l); the installed copy names the
# version in its footer.
$(MANPAGE): docs/vdsotool.1 VERSION
	@mkdir -p $(dir $@)
	$(Q)sed '/^\.TH /s/"vdsotool"/"vdsotool $(VERSION)"/' $< > $@

# The .pc file is written at install time: its paths are this install's.
install: $(BUILD)/vdsotool $(BUILD)/libvdso.a $(SHLIB) $(MANPAGE)
	$(Q)$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) \
		$(DESTDIR)$(INCLUDEDIR)/vdso $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	$(Q)$(INSTALL) -m 755 $(BUILD)/vdsotool $(DESTDIR)$(BINDIR)/vdsotool
	$(Q)$(INSTALL) -m 644 $(MANPAGE) $(DESTDIR)$(MANDIR)/man1/vdsotool.1
	$(Q)$(INSTALL) -m 644 completions/vdsotool.bash $(DESTDIR)$(BASHCOMPDIR)/vdsotool
	$(Q)$(INSTALL) -m 644 completions/_vdsotool $(DESTDIR)$(ZSHCOMPDIR)/_vdsotool
	$(Q)$(INSTALL) -m 644 $(HEADERS) $(DESTDIR)$(INCLUDEDIR)/vdso/
	$(Q)$(INSTALL) -m 644 $(BUILD)/libvdso.a $(DESTDIR)$(LIBDIR)/libvdso.a
	$(Q)$(INSTALL) -m 644 $(SHLIB) $(DESTDIR)$(LIBDIR)/$(notdir $(SHLIB))
	$(Q)ln -sf $(notdir $(SHLIB)) $(DESTDIR)$(LIBDIR)/libvdso.so.$(SOMAJOR)
	$(Q)ln -sf libvdso.so.$(SOMAJOR) $(DESTDIR)$(LIBDIR)/libvdso.so
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
		lib/libvdso.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/libvdso.pc
	$(Q)chmod 644 $(DESTDIR)$(PKGCONFIGDIR)/libvdso.pc
	@# A library installed for real is found by the loader only after ldconfig.
	$(Q)if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" -eq 0 ] && command -v ldconfig >/dev/null; then \
		ldconfig; fi

uninstall:
	$(Q)rm -f $(DESTDIR)$(BINDIR)/vdsotool $(DESTDIR)$(MANDIR)/man1/vdsotool.1 \
		$(DESTDIR)$(BASHCOMPDIR)/vdsotool $(DESTDIR)$(ZSHCOMPDIR)/_vdsotool \
		$(addprefix $(DESTDIR)$(INCLUDEDIR)/vdso/,$(notdir $(HEADERS))) \
		$(DESTDIR)$(LIBDIR)/libvdso.a $(DESTDIR)$(LIBDIR)/libvdso.so \
		$(DESTDIR)$(LIBDIR)/libvdso.so.$(SOMAJOR) $(DESTDIR)$(LIBDIR)/$(notdir $(SHLIB)) \
		$(DESTDIR)$(PKGCONFIGDIR)/libvdso.pc
	$(Q)rmdir $(DESTDIR)$(INCLUDEDIR)/vdso 2>/dev/null || true
