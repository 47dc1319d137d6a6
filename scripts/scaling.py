#!/usr/bin/env python3
"""How planning time grows with the number of schools, for docs/performance.md.

usage: scripts/scaling.py [--bin target/release/rotaplan] [--teachers 10000,50000]
                          [--schools 200,300,400,500,600,700,800] [--runs 3]
                          [--svg docs/img/scaling.svg] [--work DIR]

For each number of teachers and of schools it generates a county (`rotaplan generate
--teachers T --schools S --seed 1`), times `rotaplan plan COUNTY/scenario.toml --out DIR
--check` RUNS times with /usr/bin/time (wall seconds and peak resident memory), and prints a
Markdown table of the medians. It fits time = c · schools^k by least squares on the logarithms,
per number of teachers, prints k, and draws the medians and the fitted lines on log-log axes
into the SVG file. Counties and plans go to --work (a temporary folder by default).
"""
import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile


def timed(cmd):
    """(wall seconds, peak MiB, exit code) of one run, by GNU time."""
    out = subprocess.run(
        ["/usr/bin/time", "-f", "%e %M"] + cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall, kb = out.stderr.strip().splitlines()[-1].split()
    return float(wall), int(kb) / 1024.0, out.returncode


def fit(points):
    """k and c of time = c · schools^k (least squares on logs)."""
    xs = [math.log(s) for s, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = statistics.mean(xs), statistics.mean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    k = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0
    return k, math.exp(my - k * mx)


def svg(series, path):
    """Log-log chart: one line of medians per number of teachers, with its fitted power law."""
    w, h, left, right, top, bottom = 640, 400, 70, 170, 30, 50
    all_s = [s for pts in series.values() for s, _ in pts]
    all_t = [t for pts in series.values() for _, t in pts]
    s0, s1 = min(all_s), max(all_s)
    t0 = 10 ** math.floor(math.log10(min(all_t)))
    t1 = 10 ** math.ceil(math.log10(max(all_t)))

    def x(s):
        return left + (math.log(s) - math.log(s0)) / (math.log(s1) - math.log(s0)) * (w - left - right)

    def y(t):
        return h - bottom - (math.log(t) - math.log(t0)) / (math.log(t1) - math.log(t0)) * (h - top - bottom)

    colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="12">',
        f'<rect width="{w}" height="{h}" fill="white"/>',
        f'<text x="{w / 2 - 60}" y="18" font-size="14">Planning time against schools '
        f'(规划用时与学校数)</text>',
    ]
    decade = t0
    while decade <= t1 * 1.0001:
        yy = y(decade)
        parts.append(f'<line x1="{left}" y1="{yy:.1f}" x2="{w - right}" y2="{yy:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 8}" y="{yy + 4:.1f}" text-anchor="end">{decade:g} s</text>')
        decade *= 10
    for s in sorted(set(all_s)):
        xx = x(s)
        parts.append(f'<line x1="{xx:.1f}" y1="{top}" x2="{xx:.1f}" y2="{h - bottom}" stroke="#eee"/>')
        parts.append(f'<text x="{xx:.1f}" y="{h - bottom + 16}" text-anchor="middle">{s}</text>')
    parts.append(
        f'<text x="{(left + w - right) / 2:.0f}" y="{h - 12}" text-anchor="middle">'
        f"schools and teaching points (学校数, log scale)</text>"
    )
    for i, (teachers, pts) in enumerate(sorted(series.items())):
        c = colours[i % len(colours)]
        k, coef = fit(pts)
        line = " ".join(f"{x(s):.1f},{y(t):.1f}" for s, t in pts)
        parts.append(f'<polyline points="{line}" fill="none" stroke="{c}" stroke-width="2"/>')
        for s, t in pts:
            parts.append(f'<circle cx="{x(s):.1f}" cy="{y(t):.1f}" r="3.5" fill="{c}"/>')
        a, b = pts[0][0], pts[-1][0]
        parts.append(
            f'<line x1="{x(a):.1f}" y1="{y(coef * a ** k):.1f}" x2="{x(b):.1f}" '
            f'y2="{y(coef * b ** k):.1f}" stroke="{c}" stroke-dasharray="4 3"/>'
        )
        ly = top + 20 + 36 * i
        parts.append(f'<line x1="{w - right + 12}" y1="{ly}" x2="{w - right + 36}" y2="{ly}" stroke="{c}" stroke-width="2"/>')
        parts.append(f'<text x="{w - right + 42}" y="{ly + 4}">{teachers:,} teachers</text>')
        parts.append(f'<text x="{w - right + 42}" y="{ly + 20}">time ∝ schools^{k:.2f}</text>')
    parts.append("</svg>")
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(parts) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/rotaplan")
    ap.add_argument("--teachers", default="10000,50000")
    ap.add_argument("--schools", default="200,300,400,500,600,700,800")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--svg", default="docs/img/scaling.svg")
    ap.add_argument("--work")
    a = ap.parse_args()
    work = a.work or tempfile.mkdtemp(prefix="rotaplan-scaling-")
    series = {}
    print("| teachers | schools | wall s (median) | peak MiB (median) | runs | exit |")
    print("|---:|---:|---:|---:|---:|---|")
    for teachers in [int(t) for t in a.teachers.split(",")]:
        for schools in [int(s) for s in a.schools.split(",")]:
            county = os.path.join(work, f"t{teachers}-s{schools}")
            if not os.path.exists(os.path.join(county, "scenario.toml")):
                subprocess.run(
                    [a.bin, "generate", "--teachers", str(teachers), "--schools", str(schools),
                     "--seed", "1", "--out", county],
                    check=True, stdout=subprocess.DEVNULL,
                )
            runs = [
                timed([a.bin, "plan", os.path.join(county, "scenario.toml"),
                       "--out", os.path.join(county, "plan"), "--check"])
                for _ in range(a.runs)
            ]
            wall = statistics.median(r[0] for r in runs)
            peak = statistics.median(r[1] for r in runs)
            codes = sorted({r[2] for r in runs})
            series.setdefault(teachers, []).append((schools, wall))
            print(f"| {teachers} | {schools} | {wall:.2f} | {peak:.0f} | {a.runs} | "
                  f"{','.join(map(str, codes))} |", flush=True)
    for teachers, pts in sorted(series.items()):
        k, _ = fit(pts)
        print(f"{teachers} teachers: time grows as schools^{k:.2f}")
    svg(series, a.svg)
    print(f"chart written to {a.svg}", file=sys.stderr)


if __name__ == "__main__":
    main()
