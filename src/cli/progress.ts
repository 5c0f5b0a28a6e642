import cliProgress from "cli-progress";

export interface ProgressCounts {
  done: number;
  resolved: number;
  errors: number;
}

/**
 * Progress of a run: a bar on a terminal, one plain line per finished item otherwise.
 * `concurrency` (items at once) and each item's own duration make the ETA that of a pipeline:
 * items left x mean item duration / concurrency, less half an item for those in flight, right
 * from the first items (the mean time per
 * finished item since the start is too long until the first wave of `concurrency` items is done).
 * Without them: time so far per item finished in this invocation.
 */
export interface Progress {
  start(total: number, counts: ProgressCounts, concurrency?: number): void;
  itemDone(line: string, counts: ProgressCounts, durationS?: number): void;
  note(line: string): void;
  stop(): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr, label = "eval"): Progress {
  return stream.isTTY === true && process.env.CI === undefined ? barProgress(stream, label) : lineProgress(stream, label);
}

/** Seconds left, or undefined while nothing tells (see Progress). */
export class EtaEstimate {
  readonly #started = Date.now();
  #fresh = 0;
  #durationsS = 0;
  #timed = 0;
  #concurrency: number | undefined;

  constructor(concurrency?: number) {
    this.#concurrency = concurrency;
  }

  itemDone(durationS?: number): void {
    this.#fresh++;
    if (durationS !== undefined && durationS >= 0) {
      this.#durationsS += durationS;
      this.#timed++;
    }
  }

  secondsLeft(done: number, total: number): number | undefined {
    if (this.#fresh <= 0 || done >= total) return undefined;
    const left = total - done;
    if (this.#concurrency !== undefined && this.#timed > 0) {
      // The items in flight are half done on average: left x mean / concurrency, less half an item.
      const mean = this.#durationsS / this.#timed;
      return Math.max(mean / 2, (left * mean) / Math.max(1, this.#concurrency) - mean / 2);
    }
    return ((Date.now() - this.#started) / 1000 / this.#fresh) * left;
  }
}

function barProgress(stream: NodeJS.WriteStream, label: string): Progress {
  const multi = new cliProgress.MultiBar(
    {
      stream,
      format: `${label} [{bar}] {value}/{total} | resolved {resolved} | errors {errors} | {duration_formatted} elapsed | ETA {eta_left}`,
      hideCursor: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | undefined;
  let eta = new EtaEstimate();
  let total = 0;
  return {
    start: (count, counts, concurrency) => {
      total = count;
      eta = new EtaEstimate(concurrency);
      bar = multi.create(total, counts.done, { resolved: counts.resolved, errors: counts.errors, eta_left: "?" });
    },
    itemDone: (_line, counts, durationS) => {
      eta.itemDone(durationS);
      const left = eta.secondsLeft(counts.done, total);
      bar?.update(counts.done, { resolved: counts.resolved, errors: counts.errors, eta_left: left === undefined ? "?" : `${Math.round(left)}s` });
    },
    note: (line) => multi.log(`${line}\n`),
    stop: () => multi.stop(),
  };
}

function lineProgress(stream: NodeJS.WriteStream, label: string): Progress {
  let total = 0;
  let estimate = new EtaEstimate();
  const eta = (done: number) => {
    const left = estimate.secondsLeft(done, total);
    return left === undefined ? "" : `, ETA ${Math.round(left)} s`;
  };
  return {
    start: (count, counts, concurrency) => {
      total = count;
      estimate = new EtaEstimate(concurrency);
      stream.write(counts.done === 0 ? `${label}: ${total} to do\n` : `${label}: ${counts.done}/${total} already done (resolved ${counts.resolved}, errors ${counts.errors})\n`);
    },
    itemDone: (line, counts, durationS) => {
      estimate.itemDone(durationS);
      stream.write(`${label} ${counts.done}/${total} (resolved ${counts.resolved}, errors ${counts.errors}${eta(counts.done)}): ${line}\n`);
    },
    note: (line) => stream.write(`${line}\n`),
    stop: () => undefined,
  };
}
