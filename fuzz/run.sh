#!/usr/bin/env bash
# Runs fuzz targets one after the other, each for a bounded time, niced (the machine is shared), and
# prints each one's executions. Usage: fuzz/run.sh [SECONDS] [TARGET...]   (default: 600, all four)
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(docx sheet text packs)
[ -d corpus/docx ] || ./seed.sh
mkdir -p logs
for target in "${targets[@]}"; do
  case $target in
    docx|sheet) max_len=262144 rss=2048 ;;
    text) max_len=4096 rss=1024 ;;
    packs) max_len=16384 rss=2048 ;;
    *) echo "unknown target $target" >&2; exit 2 ;;
  esac
  status=0
  started=$(date +%s)
  nice cargo +nightly fuzz run "$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb="$rss" -malloc_limit_mb="$rss" \
    -max_len="$max_len" -print_final_stats=1 > "logs/$target.log" 2>&1 || status=$?
  elapsed=$(( $(date +%s) - started ))
  runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "logs/$target.log" | tail -1 | awk '{print $2}')
  echo "$target: ${elapsed}s (build included, limit ${seconds}s of fuzzing), ${runs:-?} executions, exit $status$( [ "$status" = 0 ] || echo " (see fuzz/logs/$target.log and fuzz/artifacts/$target/)")"
done
