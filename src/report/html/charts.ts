/** Tiny inline SVG charts (no external code): interval bars and a by-context plot. */
import { html, raw, type RawHtml } from "./escape.ts";

/** A rate (fraction) with its interval where known. */
export interface Point {
  readonly value: number;
  readonly low?: number | undefined;
  readonly high?: number | undefined;
}

export interface BarItem extends Point {
  readonly label: string;
  readonly kind: "ours" | "baseline";
}

const WIDTH = 760;
const LABEL_W = 300;
const ROW_H = 22;

const short = (label: string, max = 46) => (label.length <= max ? label : `${label.slice(0, max - 1)}…`);

const x = (fraction: number) => LABEL_W + Math.max(0, Math.min(1, fraction)) * (WIDTH - LABEL_W - 60);

function axis(height: number): RawHtml[] {
  return [0, 0.25, 0.5, 0.75, 1].map((t) => html`<line x1="${x(t)}" x2="${x(t)}" y1="0" y2="${height}" class="grid"/><text x="${x(t)}" y="${height + 14}" class="tick" text-anchor="middle">${Math.round(t * 100)}%</text>`);
}

function bar(item: BarItem, index: number): RawHtml {
  const y = index * ROW_H + 4;
  const whisker = item.low === undefined || item.high === undefined ? raw("")
    : html`<line class="ci" x1="${x(item.low)}" x2="${x(item.high)}" y1="${y + 7}" y2="${y + 7}"/><line class="ci" x1="${x(item.low)}" x2="${x(item.low)}" y1="${y + 2}" y2="${y + 12}"/><line class="ci" x1="${x(item.high)}" x2="${x(item.high)}" y1="${y + 2}" y2="${y + 12}"/>`;
  return html`<g class="bar ${item.kind}"><text x="${LABEL_W - 6}" y="${y + 11}" text-anchor="end" class="label"><title>${item.label}</title>${short(item.label)}</text><rect x="${LABEL_W}" y="${y}" width="${x(item.value) - LABEL_W}" height="14"/>${whisker}<text x="${x(Math.max(item.value, item.high ?? 0)) + 4}" y="${y + 11}" class="value">${(item.value * 100).toFixed(1)}%</text></g>`;
}

/** Horizontal bars with interval whiskers (0-100%). */
export function intervalBarChart(title: string, items: readonly BarItem[]): RawHtml {
  const height = Math.max(1, items.length) * ROW_H + 8;
  return html`<figure class="chart"><figcaption>${title}</figcaption><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${title}" width="${WIDTH}" height="${height + 20}" viewBox="0 0 ${WIDTH} ${height + 20}">${axis(height)}${items.map(bar)}</svg></figure>`;
}

export interface Series {
  readonly name: string;
  readonly kind: "ours" | "baseline";
  /** context label -> rate (and optional interval). */
  readonly points: ReadonlyMap<string, Point>;
}

/** Resolve rate against context length: one column per context, one line per series. */
export function contextChart(title: string, contexts: readonly string[], series: readonly Series[]): RawHtml {
  const w = 560;
  const h = 260;
  const cx = (i: number) => 60 + (contexts.length <= 1 ? (w - 120) / 2 : (i * (w - 120)) / (contexts.length - 1));
  const cy = (v: number) => 20 + (1 - v) * (h - 50);
  const grid = [0, 0.25, 0.5, 0.75, 1].map((t) => html`<line class="grid" x1="50" x2="${w - 40}" y1="${cy(t)}" y2="${cy(t)}"/><text class="tick" x="44" y="${cy(t) + 4}" text-anchor="end">${Math.round(t * 100)}%</text>`);
  const columns = contexts.map((c, i) => html`<text class="tick" x="${cx(i)}" y="${h - 8}" text-anchor="middle">${c}</text>`);
  const lines = series.map((s, si) => {
    const pts = contexts.flatMap((c, i) => { const p = s.points.get(c); return p === undefined ? [] : [{ i, ...p }]; });
    const path = pts.map((p) => `${cx(p.i)},${cy(p.value)}`).join(" ");
    const marks = pts.map((p) => html`${p.low === undefined || p.high === undefined ? raw("") : html`<line class="ci" x1="${cx(p.i)}" x2="${cx(p.i)}" y1="${cy(p.low)}" y2="${cy(p.high)}"/>`}<circle cx="${cx(p.i)}" cy="${cy(p.value)}" r="4"/>`);
    return html`<g class="series ${s.kind} s${si % 6}"><polyline fill="none" points="${path}"/>${marks}<line class="swatch" x1="${w - 44}" x2="${w - 34}" y1="${16 + si * 14}" y2="${16 + si * 14}"/><text class="legend" x="${w - 30}" y="${20 + si * 14}">${short(s.name, 40)}</text></g>`;
  });
  return html`<figure class="chart"><figcaption>${title}</figcaption><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${title}" width="${w + 260}" height="${h}" viewBox="0 0 ${w + 260} ${h}">${grid}${columns}${lines}</svg></figure>`;
}
