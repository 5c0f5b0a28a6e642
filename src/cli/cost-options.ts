/** --gpus, --gpu-hour-usd, --price: what a run's model server costs (report, compare; recorded by run). */
import type { Argv } from "yargs";
import { parseTokenPrice, type CostSettings } from "../run/files/cost-settings.ts";
import { SeraBenchError } from "../util/errors.ts";
import { optional } from "../util/optional.ts";

export function withCostOptions<T>(y: Argv<T>) {
  return y
    .option("gpus", { type: "number", describe: "GPUs the model server held (e.g. 1, or 4 for tensor-parallel 4): GPU-hours = gpus × hours with a model request in flight" })
    .option("gpu-hour-usd", { type: "number", describe: "USD per GPU-hour (SERA's appendix uses 2): dollars from GPU-hours (needs --gpus)" })
    .option("price", { type: "string", describe: "USD per million tokens as input,cached,output (e.g. 0.6,0.15,2.4): dollars from tokens" });
}

export type CostArgv = { gpus?: number | undefined; gpuHourUsd?: number | undefined; price?: string | undefined };

/** The options given (undefined fields: not given), checked. */
export function costSettingsFrom(argv: CostArgv): CostSettings {
  if (argv.gpus !== undefined && !(Number.isFinite(argv.gpus) && argv.gpus > 0)) throw new SeraBenchError(`--gpus: expected a number > 0, got ${String(argv.gpus)}`);
  if (argv.gpuHourUsd !== undefined && !(Number.isFinite(argv.gpuHourUsd) && argv.gpuHourUsd >= 0)) {
    throw new SeraBenchError(`--gpu-hour-usd: expected a number >= 0 (USD per GPU-hour), got ${String(argv.gpuHourUsd)}`);
  }
  return {
    ...optional("gpus", argv.gpus), ...optional("gpu_hour_usd", argv.gpuHourUsd),
    ...optional("price", argv.price === undefined ? undefined : parseTokenPrice(argv.price)),
  };
}
