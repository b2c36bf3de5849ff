#!/usr/bin/env bash
# test/fuzz/run.sh -- runs the libFuzzer harnesses (`make fuzz`), one process
# at a time, each for FUZZ_SECONDS (default 60), and prints one line of
# figures per harness.
#
#   test/fuzz/run.sh [harness ...]     (default: every build/fuzz/bin/fuzz_*)
#   FUZZ_FORK=1 test/fuzz/run.sh x     keeps going after a crash (libFuzzer's
#                                      -fork=1 -ignore_crashes=1), for long runs
#   FUZZ_ARGS="-max_len=8192" ...      more libFuzzer options
#
# Each harness starts from build/fuzz/corpus/<harness>/ (test/fuzz/corpus.py:
# the statements of sql/*.sql and test/demo, plus what earlier runs found),
# test/fuzz/seeds/<harness>/ and test/fuzz/regress/<harness>/, with the
# dictionary build/fuzz/<harness>.dict.  New inputs go to the first
# directory, crash inputs to build/fuzz/crashes/<harness>/, libFuzzer's
# output to build/fuzz/<harness>.log.  Exits non-zero when a harness
# crashed; see the README's "Fuzzing" for what to do with a crash input.
set -u
cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-60}
out=build/fuzz

if [ $# -gt 0 ]; then
	targets=("$@")
else
	targets=()
	for b in "$out"/bin/fuzz_*; do
		targets+=("$(basename "$b" | sed 's/^fuzz_//')")
	done
fi

python3 test/fuzz/corpus.py "$out" || exit 1

status=0
printf '%-9s %10s %8s %7s %7s %6s %6s %s\n' harness execs exec/s cov ft corpus secs crashes
for h in "${targets[@]}"; do
	bin=$out/bin/fuzz_$h
	if [ ! -x "$bin" ]; then
		echo "test/fuzz/run.sh: $bin is missing (make fuzz-build)" >&2
		status=1
		continue
	fi
	dirs=("$out/corpus/$h")
	for d in test/fuzz/seeds/$h test/fuzz/regress/$h; do
		[ -d "$d" ] && dirs+=("$d")
	done
	mkdir -p "$out/crashes/$h"
	mode=()
	if [ "${FUZZ_FORK:-}" = 1 ]; then
		mode=(-fork=1 -ignore_crashes=1)
	fi
	start=$(date +%s)
	# shellcheck disable=SC2086
	"$bin" "${mode[@]}" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 \
		-dict="$out/$h.dict" -artifact_prefix="$out/crashes/$h/" -print_final_stats=1 \
		${FUZZ_ARGS:-} "${dirs[@]}" > "$out/$h.log" 2>&1
	rc=$?
	took=$(( $(date +%s) - start ))
	# the last status line: "#N ... cov: C ft: F corp: K/..." (fork mode: "#N: cov: ...")
	last=$(grep -E '^#[0-9]+:?[[:space:]].*cov: ' "$out/$h.log" | tail -1)
	# the final stats, or (fork mode, or an interrupted run) the last status line
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$h.log" | tail -1)
	seen=$(echo "$last" | sed -n 's/^#\([0-9]*\).*/\1/p')
	if [ -z "$execs" ] || [ "${seen:-0}" -gt "$execs" ]; then
		execs=$seen
	fi
	cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corp=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
	rate=$(( ${execs:-0} / (took > 0 ? took : 1) ))
	crashes=$(find "$out/crashes/$h" -type f -newer "$out/$h.dict" | wc -l)
	printf '%-9s %10s %8s %7s %7s %6s %6s %s\n' "$h" "${execs:-?}" "$rate" "${cov:-?}" \
		"${ft:-?}" "${corp:-?}" "$took" "$crashes"
	if [ "$rc" -ne 0 ] || [ "$crashes" -gt 0 ]; then
		status=1
		grep -E '^SUMMARY|^fuzz check failed|runtime error' "$out/$h.log" | sort -u | head -5 | sed 's/^/    /'
		find "$out/crashes/$h" -type f -newer "$out/$h.dict" | head -5 | sed 's/^/    /'
	fi
done
exit $status
