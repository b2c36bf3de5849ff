# Provisional Makefile: builds the engine-neutral core and its unit tests.
# (The full build -- PGXS extension, SQLite extension, demo, check -- is added on top.)
CC ?= gcc
CFLAGS ?= -O2 -g
CFLAGS += -std=c11 -Wall -Wextra -Wno-unused-parameter -fPIC -fvisibility=hidden -D_GNU_SOURCE
COMMON_SRC := $(wildcard common/*.c)
COMMON_OBJ := $(patsubst common/%.c,build/common/%.o,$(COMMON_SRC))
UNIT_SRC := $(wildcard test/unit/test_*.c)
UNIT_BIN := $(patsubst test/unit/%.c,build/unit/%,$(UNIT_SRC))

all: build/libormcore.a

build/common/%.o: common/%.c common/*.h
	@mkdir -p build/common
	$(CC) $(CFLAGS) -Icommon -c $< -o $@

build/libormcore.a: $(COMMON_OBJ)
	ar rcs $@ $^

build/unit/%: test/unit/%.c build/libormcore.a
	@mkdir -p build/unit
	$(CC) $(CFLAGS) -Icommon $< build/libormcore.a -lm -o $@

unit: $(UNIT_BIN)
	@for t in $(UNIT_BIN); do $$t || exit 1; done

clean:
	rm -rf build

.PHONY: all unit clean
