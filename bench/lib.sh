# Shared by the benchmark scripts: timing, medians and ratio lines. Source it; it runs nothing.
now_ms() { echo $(($(date +%s%N) / 1000000)); }
median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }
# report LABEL MS BASELINE_LABEL BASELINE_MS: one line with both medians and their ratio.
report() {
  printf '%-55s %6d ms   %-14s %6d ms   ratio %s\n' "$1" "$2" "$3" "$4" \
    "$(awk -v a="$2" -v b="$4" 'BEGIN { printf "%.2fx", a / b }')"
}
