#!/usr/bin/env bash
# Run the default suite (or the test files given) RUNS times in a row, each with its own
# --hypothesis-seed, and stop at the first failing run.  Prints one line per run and the count.
#
#   tools/hypothesis_loop.sh                       # default suite, 20 runs, seeds 1..20
#   RUNS=5 FIRST_SEED=100 tools/hypothesis_loop.sh tests/test_numerics_linear.py
#   tools/hypothesis_loop.sh --property-tests      # only the files that use hypothesis (@given)
#
# The loop stops at the first failing run (a failure found there is kept in hypothesis's example
# database, .hypothesis/, and replayed first by later runs until it is fixed).
set -uo pipefail
cd "$(dirname "$0")/.."

RUNS="${RUNS:-20}"
FIRST_SEED="${FIRST_SEED:-1}"
PYTHON="${PYTHON:-python}"

if [[ "${1:-}" == "--property-tests" ]]; then
    shift
    mapfile -t files < <(grep -l "@given" tests/*.py)
    set -- "${files[@]}" "$@"
fi

passed=0
for ((i = 0; i < RUNS; i++)); do
    seed=$((FIRST_SEED + i))
    start=$(date +%s)
    if "$PYTHON" -m pytest -q -p no:cacheprovider --hypothesis-seed="$seed" "$@" \
        > "/tmp/hypothesis_loop.$seed.log" 2>&1; then
        passed=$((passed + 1))
        echo "run $((i + 1))/$RUNS seed $seed: passed ($(( $(date +%s) - start )) s)"
    else
        echo "run $((i + 1))/$RUNS seed $seed: FAILED, log /tmp/hypothesis_loop.$seed.log"
        tail -n 20 "/tmp/hypothesis_loop.$seed.log"
        echo "$passed of $RUNS runs passed before seed $seed failed"
        exit 1
    fi
done
echo "$passed of $RUNS runs passed (seeds $FIRST_SEED..$((FIRST_SEED + RUNS - 1)))"
