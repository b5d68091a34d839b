# Entry points; the scripts under scripts/ do the work.
.PHONY: all deps build rootfs bundle run test unit integration bench clean

all: build

deps:
	bash scripts/install-deps.sh

build:
	bash scripts/build.sh

rootfs:
	bash scripts/make-busybox-rootfs.sh build/busybox-rootfs

bundle: build rootfs
	bash scripts/make-bundle.sh build/busybox-bundle build/busybox-rootfs

run: bundle
	.build/release/berth-runtime run --bundle build/busybox-bundle quickstart-$$$$

test:
	bash scripts/test.sh

unit:
	swift test

integration: build rootfs
	bash tests/run.sh

bench: build rootfs
	bash bench/runtime-run.sh

clean:
	rm -rf .build build
