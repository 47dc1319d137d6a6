#!/usr/bin/env bash
# Renders a report.html in headless Chromium and saves a PNG, to see the report as a browser
# shows it (docs/reports.md).
#
#   scripts/screenshot-report.sh out/demo/report.html out/demo/report.png [WIDTH] [HEIGHT]
#
# WIDTH defaults to 1200 px, HEIGHT to 4000 px (the screenshot is the window, so make it tall
# enough for the part of the report you want). Needs chromium (Debian: apt-get install -y
# chromium fonts-noto-cjk; the fonts are needed for Chinese labels).
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 REPORT.html OUT.png [WIDTH] [HEIGHT]" >&2
  exit 2
fi
html=$1
png=$2
width=${3:-1200}
height=${4:-4000}
if [ ! -f "$html" ]; then
  echo "error: $html does not exist; write it with: rotaplan plan SCENARIO --out DIR" >&2
  exit 2
fi
browser=""
for b in chromium chromium-browser google-chrome google-chrome-stable; do
  if command -v "$b" >/dev/null 2>&1; then
    browser=$b
    break
  fi
done
if [ -z "$browser" ]; then
  echo "error: no chromium found; install it (Debian: apt-get install -y chromium fonts-noto-cjk)" >&2
  exit 3
fi
abs_html=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
abs_png=$(mkdir -p "$(dirname "$png")" && cd "$(dirname "$png")" && pwd)/$(basename "$png")
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# --no-sandbox: headless Chromium refuses to start as root without it (CI containers).
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --user-data-dir="$profile" --window-size="${width},${height}" \
  --screenshot="$abs_png" "file://$abs_html" >/dev/null 2>&1
if [ ! -s "$abs_png" ]; then
  echo "error: chromium wrote no screenshot to $png" >&2
  exit 3
fi
echo "wrote $png (${width}x${height})"
