/**
 * How right the progress display's ETA was: its lines (`<run-id> <done>/<total> (..., ETA N s): ...`)
 * are followed as they come; for each seed, every prediction made after the first tenth of its
 * rollouts is compared with when its last rollout actually finished. The error is that of the
 * predicted total time: |predicted end - actual end| / (actual end - start).
 */
const LINE = /^(\S+) (\d+)\/(\d+) \(.*?(?:ETA (\d+) s)?\)/;
const START = /^(\S+): (\d+) to do$/;

interface SeedTrack {
  start: number;
  end: number | undefined;
  readonly predictions: { at: number; done: number; total: number; endAt: number }[];
}

export function followEta(): { onLine: (line: string, at: number) => void; errors: () => Map<string, number[]> } {
  const seeds = new Map<string, SeedTrack>();
  return {
    onLine: (line, at) => {
      const started = START.exec(line);
      if (started !== null) {
        seeds.set(started[1]!, { start: at, end: undefined, predictions: [] });
        return;
      }
      const match = LINE.exec(line);
      const track = match === null ? undefined : seeds.get(match[1]!);
      if (match === null || track === undefined) return;
      const done = Number(match[2]);
      const total = Number(match[3]);
      if (done >= total) track.end = at;
      else if (match[4] !== undefined) track.predictions.push({ at, done, total, endAt: at + Number(match[4]) * 1000 });
    },
    errors: () => {
      const out = new Map<string, number[]>();
      for (const [id, track] of seeds) {
        if (track.end === undefined) continue;
        const span = track.end - track.start;
        out.set(id, track.predictions.filter((p) => p.done >= p.total / 10).map((p) => Math.abs(p.endAt - (track.end as number)) / span));
      }
      return out;
    },
  };
}

export function formatEta(errors: Map<string, number[]>): string {
  if (errors.size === 0) return "no ETA lines seen";
  return [...errors].map(([id, list]) => {
    if (list.length === 0) return `${id}: no prediction after the first tenth`;
    const sorted = [...list].sort((a, b) => a - b);
    const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
    return `${id}: median ${pct(sorted[Math.floor(sorted.length / 2)]!)}, max ${pct(sorted.at(-1)!)} (${list.length} predictions)`;
  }).join("; ");
}
