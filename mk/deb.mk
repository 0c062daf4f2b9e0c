# make deb: the Debian packages of this tree (vdsotool, libvdso0,
# libvdso-dev) in $(DEB_OUT), included by the Makefile.
#
# dpkg-buildpackage writes its products next to the source directory, so
# the tree is copied to $(DEB_OUT)/vdsotool-VERSION and built there; the
# copy also gets the debian/changelog that names the VERSION file's version
# (a native package: no Debian revision), so no version is written twice.

DEB_OUT ?= $(BUILD)/deb
DEB_SRC := $(DEB_OUT)/vdsotool-$(VERSION)
# The date of the last commit when there is one: the same tree gives the
# same changelog.
DEB_DATE = $(shell date -u -R -d @$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null || date +%s)})
# debian/control's Maintainer is a placeholder until the project has an
# address; whoever builds packages to hand out sets DEBFULLNAME and DEBEMAIL,
# as for dch(1).
DEB_MAINT = $(if $(DEBEMAIL),$(or $(DEBFULLNAME),$(DEBEMAIL)) <$(DEBEMAIL)>,$(shell sed -n 's/^Maintainer: //p' debian/control))

.PHONY: deb

deb:
	$(Q)$(NEED) $@ build deb
	$(Q)rm -rf $(DEB_OUT) && mkdir -p $(DEB_SRC)
	$(Q)tar -c --exclude=./.git --exclude=./build --exclude='./build-*' \
		--exclude=./$(patsubst ./%,%,$(DEB_OUT)) -f - . | tar -x -C $(DEB_SRC)
	$(Q)printf '%s\n' "vdsotool ($(VERSION)) unstable; urgency=medium" "" \
		"  * vdsotool $(VERSION), packaged from its source tree by make deb." "" \
		" -- $(DEB_MAINT)  $(DEB_DATE)" > $(DEB_SRC)/debian/changelog
	$(Q)sed -i 's|^Maintainer: .*|Maintainer: $(DEB_MAINT)|' $(DEB_SRC)/debian/control
	@# The make running this recipe leaves jobserver settings without their
	@# descriptors; debian/rules is a make of its own.
	$(Q)cd $(DEB_SRC) && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		dpkg-buildpackage -b -us -uc -jauto >../build.log 2>&1 || \
		{ tail -30 ../build.log >&2; echo "vdsotool: deb: dpkg-buildpackage failed (log: $(DEB_OUT)/build.log)" >&2; exit 1; }
	$(Q)ls $(DEB_OUT)/*.deb
