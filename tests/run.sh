#!/usr/bin/env bash
# Runs every integration test file and prints one summary line that CI reads.
set -u
cd "$(dirname "$0")/.."
passed=0; failed=0; files_failed=()
for f in tests/integration/test_*.sh; do
    [ -n "${ONLY:-}" ] && [[ "$f" != *"$ONLY"* ]] && continue
    echo "== $f"
    out=$(bash "$f" 2>&1); rc=$?
    echo "$out"
    p=$(grep -c '^ok - ' <<<"$out"); n=$(grep -c '^not ok - ' <<<"$out")
    # A file that died before reporting counts as one failure.
    if [ $rc -ne 0 ] && [ "$n" -eq 0 ]; then n=1; fi
    passed=$((passed + p)); failed=$((failed + n))
    [ $rc -ne 0 ] && files_failed+=("$f")
done
bash tests/check-leftovers.sh || { failed=$((failed + 1)); files_failed+=(leftovers); }
[ ${#files_failed[@]} -gt 0 ] && echo "failed: ${files_failed[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
