# syntax=docker/dockerfile:1
# A small image whose entrypoint is `vdsotool run`: what follows the image
# name on the docker run line is run's options, then -- and the command.
#
#   docker build -t vdsotool .
#   docker run --rm vdsotool                       # date, in 2030
#   docker run --rm vdsotool --offset -1d -- sh -c 'date; sleep 1; date'
#
# See docs/containers.md for what run needs from the kernel and the
# runtime, and how to copy the binary into an image of your own.
# tests/cli/containers.bats runs this file's build step and entrypoint
# without Docker.

FROM debian:12 AS build
RUN apt-get update \
	&& apt-get install -y --no-install-recommends build-essential busybox-static \
	&& rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# Static, so that the one file works in any image: glibc or musl based,
# distroless, scratch.  Busybox gives the demo a shell and date.
RUN make -j"$(nproc)" LDFLAGS=-static build/vdsotool \
	&& mkdir -p /rootfs/bin /rootfs/proc && install -d -m 1777 /rootfs/tmp \
	&& cp build/vdsotool /bin/busybox /rootfs/bin/ \
	&& for t in sh date sleep cat env ls; do ln -s busybox /rootfs/bin/$t; done \
	&& /rootfs/bin/vdsotool --version

FROM scratch
COPY --from=build /rootfs/ /
ENV PATH=/bin
ENTRYPOINT ["/bin/vdsotool", "run"]
CMD ["--at", "2030-01-01T00:00:00Z", "--", "date"]
