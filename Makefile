# Build, test and install dnnscript.
#
#   make                      release build of the dnnscript command
#   make install              installs it and its shell completions under PREFIX
#   make install PREFIX=~/.local
#   make uninstall
#   make install-kernel       installs the Jupyter kernelspec for you (docs/jupyter.md)
#   make test                 installs missing system libraries, builds, runs the whole test suite
#   make replay               installs missing system libraries, replays assignment 1
#
# Installed files:
#   $(PREFIX)/bin/dnnscript
#   $(PREFIX)/share/bash-completion/completions/dnnscript
#   $(PREFIX)/share/zsh/site-functions/_dnnscript
#   $(PREFIX)/share/fish/vendor_completions.d/dnnscript.fish
#   $(PREFIX)/share/doc/dnnscript/*.md      (the Jupyter kernel's help links point here)

PREFIX ?= /usr/local
DESTDIR ?=
SWIFT ?= swift
BINDIR := $(DESTDIR)$(PREFIX)/bin
BASHDIR := $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR := $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR := $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
DOCDIR := $(DESTDIR)$(PREFIX)/share/doc/dnnscript
BUILT := .build/release/dnnscript
COMPLETIONS := .build/completions

.PHONY: all build setup completions install install-kernel uninstall test replay clean

all: build

build: setup
	$(SWIFT) build -c release --product dnnscript

setup:
	scripts/setup.sh

completions: build
	mkdir -p $(COMPLETIONS)
	$(BUILT) --generate-completion-script bash > $(COMPLETIONS)/dnnscript.bash
	$(BUILT) --generate-completion-script zsh > $(COMPLETIONS)/_dnnscript
	$(BUILT) --generate-completion-script fish > $(COMPLETIONS)/dnnscript.fish

install: build completions
	install -d $(BINDIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	install -m 755 $(BUILT) $(BINDIR)/dnnscript
	install -m 644 $(COMPLETIONS)/dnnscript.bash $(BASHDIR)/dnnscript
	install -m 644 $(COMPLETIONS)/_dnnscript $(ZSHDIR)/_dnnscript
	install -m 644 $(COMPLETIONS)/dnnscript.fish $(FISHDIR)/dnnscript.fish
	install -d $(DOCDIR)
	install -m 644 docs/*.md $(DOCDIR)
	@echo "installed $(BINDIR)/dnnscript (make sure $(PREFIX)/bin is on your PATH)"
	@echo "for Jupyter: make install-kernel PREFIX=$(PREFIX)  (or: dnnscript kernel install --user)"

install-kernel:
	$(BINDIR)/dnnscript kernel install --user

uninstall:
	-$(BINDIR)/dnnscript kernel uninstall --user 2>/dev/null
	rm -f $(BINDIR)/dnnscript $(BASHDIR)/dnnscript $(ZSHDIR)/_dnnscript $(FISHDIR)/dnnscript.fish
	rm -rf $(DOCDIR)

# The whole suite: the Swift tests (unit, golden .dnn scripts, end-to-end), then on a
# release build the checks in scripts/ci (course scripts, notebooks, the Jupyter kernel, …).
# The Swift tests run many scripts at once in one process; there OpenBLAS's own thread pool
# was seen twice to spin for ever in exec_blas_async (OpenBLAS 0.3.21, a threaded dgemm while
# other suites trained), so they run it single-threaded: a product's bits do not depend on
# its thread count. The scripts/ci checks run the binary as users do, with the pool.
test: setup
	$(SWIFT) build --build-tests
	OPENBLAS_NUM_THREADS=1 $(SWIFT) test --skip-build
	$(SWIFT) build -c release --product dnnscript
	@for check in scripts/ci/*.sh; do echo "== $$check"; bash "$$check" || exit 1; done

replay: build
	$(BUILT) scripts/assignment1.dnn

clean:
	rm -rf $(COMPLETIONS)
	$(SWIFT) package clean
