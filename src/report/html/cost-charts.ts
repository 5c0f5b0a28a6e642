/**
 * Budget curves as inline SVG: one step line per run, x a budget (steps, tokens), y a fraction
 * (resolve rate, share of instances). Every point is a <circle> carrying its values as data
 * attributes (data-run, data-x, data-y), so what the chart shows can be checked against the CSV.
 */
import { html, type RawHtml } from "./escape.ts";

export interface CurveSeries {
  readonly name: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

const W = 640;
const H = 280;
const LEFT = 56;
const RIGHT = 20;
const TOP = 16;
const BOTTOM = 40;
const COLORS = ["#2563eb", "#a16207", "#15803d", "#b91c1c", "#7c3aed", "#0891b2"];

const compact = (v: number) => (v >= 1e6 ? `${(v / 1e6).toFixed(v >= 1e7 ? 0 : 1)}M` : v >= 1e3 ? `${(v / 1e3).toFixed(v >= 1e4 ? 0 : 1)}k` : String(Math.round(v)));

/** `curve`: a name for the figure (data-curve); `xLabel`: what x counts. */
export function curveChart(curve: string, title: string, xLabel: string, yLabel: string, series: readonly CurveSeries[]): RawHtml {
  const maxX = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.x)));
  const px = (x: number) => LEFT + (x / maxX) * (W - LEFT - RIGHT);
  const py = (y: number) => TOP + (1 - Math.max(0, Math.min(1, y))) * (H - TOP - BOTTOM);
  const yGrid = [0, 0.25, 0.5, 0.75, 1].map((t) => html`<line class="grid" x1="${LEFT}" x2="${W - RIGHT}" y1="${py(t)}" y2="${py(t)}"/><text class="tick" x="${LEFT - 6}" y="${py(t) + 4}" text-anchor="end">${Math.round(t * 100)}%</text>`);
  const xTicks = [0, 0.25, 0.5, 0.75, 1].map((t) => html`<text class="tick" x="${px(t * maxX)}" y="${H - BOTTOM + 14}" text-anchor="middle">${compact(t * maxX)}</text>`);
  const lines = series.map((s, i) => {
    const color = COLORS[i % COLORS.length] ?? "#2563eb";
    // A step line: the value holds until the next budget.
    const path = s.points.map((p, k) => `${k === 0 ? "" : `${px(p.x).toFixed(1)},${py(s.points[k - 1]?.y ?? 0).toFixed(1)} `}${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(" ");
    const marks = s.points.map((p) => html`<circle class="pt" cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="2.5" fill="${color}" data-run="${s.name}" data-x="${p.x}" data-y="${p.y}"><title>${s.name}: ${xLabel} ${p.x} → ${(p.y * 100).toFixed(1)}%</title></circle>`);
    return html`<g class="curve" data-run="${s.name}"><polyline fill="none" stroke="${color}" stroke-width="2" points="${path}"/>${marks}<line x1="${W - 170}" x2="${W - 158}" y1="${TOP + 8 + i * 14}" y2="${TOP + 8 + i * 14}" stroke="${color}" stroke-width="2"/><text class="legend" x="${W - 154}" y="${TOP + 12 + i * 14}">${s.name.length > 24 ? `${s.name.slice(0, 23)}…` : s.name}</text></g>`;
  });
  return html`<figure class="chart cost-chart" data-curve="${curve}"><figcaption>${title}</figcaption><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${title}" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${yGrid}${xTicks}<text class="tick" x="${(LEFT + W - RIGHT) / 2}" y="${H - 6}" text-anchor="middle">${xLabel}</text><text class="tick" x="12" y="${TOP + (H - TOP - BOTTOM) / 2}" transform="rotate(-90 12 ${TOP + (H - TOP - BOTTOM) / 2})" text-anchor="middle">${yLabel}</text>${lines}</svg></figure>`;
}
