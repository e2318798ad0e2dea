#!/usr/bin/env bash
# Measures the drop-folder watcher's pick-up latency: file complete in the drop folder -> its cards
# committed to the store and the original moved to processed/.
#
#   scripts/measure-watch-latency.sh [N] [extra watch options...]
#
# Starts `cardscan watch` (default settle time unless options say otherwise) on a temporary drop
# folder and store, then drops N small TestImages cards one at a time: each is written under a
# temporary name and renamed in (as scanners and `rsync` do), and the clock starts at the rename.
# The clock stops when the file shows up in processed/ (the move happens after the commit), polled
# every 10 ms. Prints each latency and the median; uses the debug build unless CARDSCAN_BIN is set.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-5}
shift || true
bin=${CARDSCAN_BIN:-.build/debug/cardscan}
export OMP_THREAD_LIMIT=1
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/drop"
"$bin" watch "$work/drop" --db "$work/store/cards.sqlite" --jobs 1 "$@" 2>"$work/watch.log" &
pid=$!
until grep -q "watching drop folder" "$work/watch.log" 2>/dev/null; do sleep 0.05; done
images=(TestImages/cards/128-lowdpi.png TestImages/cards/074-lowdpi.png TestImages/cards/066-noisy.jpg
    TestImages/cards/131-skewed.jpg TestImages/cards/110-lowdpi.png TestImages/cards/155-lowdpi.png
    TestImages/cards/092-lowdpi.png TestImages/cards/147-noisy.jpg)
latencies=()
for ((i = 0; i < count; i++)); do
    image=${images[$((i % ${#images[@]}))]}
    name="card-$i.${image##*.}"
    # Zero bytes after the end marker keep a repeated image from being a duplicate of its first drop.
    { cat "$image"; head -c $((i / ${#images[@]})) /dev/zero; } >"$work/drop/.$name.part"
    mv "$work/drop/.$name.part" "$work/drop/$name"
    start=$(date +%s.%N)
    until [ -e "$work/drop/processed/$name" ] || [ -e "$work/drop/failed/$name" ]; do sleep 0.01; done
    end=$(date +%s.%N)
    [ -e "$work/drop/failed/$name" ] && echo "warning: $name failed: $(cat "$work/drop/failed/$name.error.txt")" >&2
    latency=$(echo "$end - $start" | bc)
    latencies+=("$latency")
    printf '%s\t%.2f s\n' "$name" "$latency"
done
printf '%s\n' "${latencies[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "median %.2f s, min %.2f s, max %.2f s over %d files\n", (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2), a[1], a[NR], NR }'
grep -o 'pickup.seconds=[0-9.]*' "$work/watch.log" | sed 's/^/watcher log: /' >&2 || true
