import cliProgress from "cli-progress";

export interface ProgressCounts {
  done: number;
  resolved: number;
  errors: number;
}

/** Progress of a run: a bar on a terminal, one plain line per finished item otherwise. */
export interface Progress {
  start(total: number, counts: ProgressCounts): void;
  itemDone(line: string, counts: ProgressCounts): void;
  note(line: string): void;
  stop(): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr, label = "eval"): Progress {
  return stream.isTTY === true && process.env.CI === undefined ? barProgress(stream, label) : lineProgress(stream, label);
}

function barProgress(stream: NodeJS.WriteStream, label: string): Progress {
  const multi = new cliProgress.MultiBar(
    {
      stream,
      format: `${label} [{bar}] {value}/{total} | resolved {resolved} | errors {errors} | {duration_formatted} elapsed | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | undefined;
  return {
    start: (total, counts) => {
      bar = multi.create(total, counts.done, { resolved: counts.resolved, errors: counts.errors });
    },
    itemDone: (_line, counts) => bar?.update(counts.done, { resolved: counts.resolved, errors: counts.errors }),
    note: (line) => multi.log(`${line}\n`),
    stop: () => multi.stop(),
  };
}

function lineProgress(stream: NodeJS.WriteStream, label: string): Progress {
  let total = 0;
  const started = Date.now();
  const eta = (done: number, fresh: number) => {
    if (fresh <= 0 || done >= total) return "";
    const perItem = (Date.now() - started) / fresh;
    return `, ETA ${Math.round((perItem * (total - done)) / 1000)} s`;
  };
  let freshDone = 0;
  return {
    start: (count, counts) => {
      total = count;
      stream.write(counts.done === 0 ? `${label}: ${total} to do\n` : `${label}: ${counts.done}/${total} already done (resolved ${counts.resolved}, errors ${counts.errors})\n`);
    },
    itemDone: (line, counts) => {
      freshDone++;
      stream.write(`${label} ${counts.done}/${total} (resolved ${counts.resolved}, errors ${counts.errors}${eta(counts.done, freshDone)}): ${line}\n`);
    },
    note: (line) => stream.write(`${line}\n`),
    stop: () => undefined,
  };
}
