/**
 * The benchmark's chart, written by hand as SVG (no dependency): wall time of `create N` against
 * N, one panel per kind, one line per account size, the floor dashed. N on a log scale.
 */

export interface Point {
    n: number;
    ms: number;
}

export interface Panel {
    title: string;
    lines: { label: string; points: Point[] }[];
    floor: Point[];
}

const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd"];
const PANEL = { width: 300, height: 240, left: 56, right: 12, top: 34, bottom: 44 };

export function renderChart(panels: Panel[], context: { latencyMs: number; parallelism: number }): string {
    const width = panels.length * PANEL.width;
    const legendHeight = 40;
    const height = PANEL.height + legendHeight + 24;
    const parts: string[] = [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
        `<rect width="100%" height="100%" fill="white"/>`,
        `<text x="${width / 2}" y="16" text-anchor="middle" font-size="13" font-weight="bold">create N: wall time (ms) against N, ${context.latencyMs} ms latency, ${context.parallelism} at once</text>`,
    ];
    panels.forEach((panel, index) => parts.push(renderPanel(panel, index * PANEL.width, 16)));
    const labels = panels[0]?.lines.map((line) => line.label) ?? [];
    const legendY = PANEL.height + 34;
    labels.forEach((label, index) => {
        const x = 20 + index * 160;
        parts.push(
            `<line x1="${x}" y1="${legendY}" x2="${x + 24}" y2="${legendY}" stroke="${COLORS[index % COLORS.length]}" stroke-width="2"/>`,
        );
        parts.push(`<text x="${x + 30}" y="${legendY + 4}">${escape(label)}</text>`);
    });
    const floorX = 20 + labels.length * 160;
    parts.push(
        `<line x1="${floorX}" y1="${legendY}" x2="${floorX + 24}" y2="${legendY}" stroke="#444" stroke-width="1.5" stroke-dasharray="5,4"/>`,
    );
    parts.push(`<text x="${floorX + 30}" y="${legendY + 4}">floor: N x ${context.latencyMs} ms / ${context.parallelism}</text>`);
    parts.push("</svg>", "");
    return parts.join("\n");
}

function renderPanel(panel: Panel, offsetX: number, offsetY: number): string {
    const points = [...panel.lines.flatMap((line) => line.points), ...panel.floor];
    const ns = [...new Set(points.map((point) => point.n))].sort((a, b) => a - b);
    if (ns.length === 0) return "";
    const maxMs = niceCeiling(Math.max(...points.map((point) => point.ms)));
    const plotWidth = PANEL.width - PANEL.left - PANEL.right;
    const plotHeight = PANEL.height - PANEL.top - PANEL.bottom;
    const [low, high] = [Math.log(ns[0]!), Math.log(ns[ns.length - 1]!)];
    const x = (n: number) => offsetX + PANEL.left + (high === low ? plotWidth / 2 : ((Math.log(n) - low) / (high - low)) * plotWidth);
    const y = (ms: number) => offsetY + PANEL.top + plotHeight - (ms / maxMs) * plotHeight;
    const parts: string[] = [
        `<text x="${offsetX + PANEL.left + plotWidth / 2}" y="${offsetY + PANEL.top - 10}" text-anchor="middle" font-weight="bold">${escape(panel.title)}</text>`,
        `<rect x="${offsetX + PANEL.left}" y="${offsetY + PANEL.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#999"/>`,
    ];
    for (let step = 0; step <= 4; step++) {
        const ms = (maxMs * step) / 4;
        parts.push(
            `<line x1="${offsetX + PANEL.left}" y1="${y(ms)}" x2="${offsetX + PANEL.left + plotWidth}" y2="${y(ms)}" stroke="#eee"/>`,
        );
        parts.push(`<text x="${offsetX + PANEL.left - 4}" y="${y(ms) + 4}" text-anchor="end">${Math.round(ms)}</text>`);
    }
    for (const n of ns) {
        parts.push(`<text x="${x(n).toFixed(1)}" y="${offsetY + PANEL.top + plotHeight + 14}" text-anchor="middle">${n}</text>`);
    }
    parts.push(
        `<text x="${offsetX + PANEL.left + plotWidth / 2}" y="${offsetY + PANEL.top + plotHeight + 30}" text-anchor="middle">N</text>`,
    );
    const path = (series: Point[]) =>
        series.map((point, index) => `${index === 0 ? "M" : "L"}${x(point.n).toFixed(1)},${y(point.ms).toFixed(1)}`).join(" ");
    parts.push(`<path d="${path(panel.floor)}" fill="none" stroke="#444" stroke-width="1.5" stroke-dasharray="5,4"/>`);
    panel.lines.forEach((line, index) => {
        const color = COLORS[index % COLORS.length];
        parts.push(`<path d="${path(line.points)}" fill="none" stroke="${color}" stroke-width="2"/>`);
        for (const point of line.points)
            parts.push(`<circle cx="${x(point.n).toFixed(1)}" cy="${y(point.ms).toFixed(1)}" r="2.5" fill="${color}"/>`);
    });
    return parts.join("\n");
}

/** 1, 2 or 5 times a power of ten, at or above `value`. */
function niceCeiling(value: number): number {
    if (value <= 0) return 1;
    const power = 10 ** Math.floor(Math.log10(value));
    return [1, 2, 5, 10].map((step) => step * power).find((candidate) => candidate >= value)!;
}

function escape(text: string): string {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
