#!/usr/bin/env bash
# Fuzz every reader and the access-log reader for N seconds each (default 60). Manual, not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
targets=$(.venv/bin/python -c "from nianbao.io.registry import READERS; print(' '.join([*READERS, 'logs']))")
mkdir -p fuzz/crashes
for target in $targets; do
  echo "== $target: ${seconds}s"
  (cd fuzz/crashes && ../../.venv/bin/python ../fuzz_readers.py "$target" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 2>&1 | tail -5) || true
done
ls fuzz/crashes
