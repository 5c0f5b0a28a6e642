/**
 * What a run's model server costs, as `run --gpus N --gpu-hour-usd X --price I,C,O` records it in
 * run.json (`options.cost`); `report` and `compare` use it when not given the options themselves.
 * A figure that is not given stays unknown (no dollars are ever made up).
 */
import { z } from "zod";
import { SeraBenchError } from "../../util/errors.ts";

/** USD per million tokens: prompt tokens not cached, cached prompt tokens, completion tokens. */
export const tokenPriceSchema = z.object({ input: z.number().nonnegative(), cached: z.number().nonnegative(), output: z.number().nonnegative() });
export type TokenPrice = z.infer<typeof tokenPriceSchema>;

export const costSettingsSchema = z.object({
  /** GPUs the model server held (tensor/pipeline parallel size times replicas). */
  gpus: z.number().positive().optional(),
  gpu_hour_usd: z.number().nonnegative().optional(),
  price: tokenPriceSchema.optional(),
});
export type CostSettings = z.infer<typeof costSettingsSchema>;

/** run.json's `options.cost`, or {} when absent or not of this shape. */
export function costSettingsOf(meta: { options?: Record<string, unknown> | undefined } | undefined): CostSettings {
  const parsed = costSettingsSchema.safeParse(meta?.options?.cost);
  return parsed.success ? parsed.data : {};
}

/** `--price 0.6,0.15,2.4` -> { input, cached, output } (USD per million tokens). */
export function parseTokenPrice(text: string, option = "--price"): TokenPrice {
  const parts = text.split(",").map((part) => part.trim());
  const numbers = parts.map(Number);
  if (parts.length !== 3 || parts.some((p) => p === "") || numbers.some((n) => !Number.isFinite(n) || n < 0)) {
    throw new SeraBenchError(`${option}: expected three non-negative numbers "input,cached,output" (USD per million tokens, e.g. 0.6,0.15,2.4), got ${JSON.stringify(text)}`);
  }
  const [input, cached, output] = numbers as [number, number, number];
  return { input, cached, output };
}

/** Command-line values (undefined = not given) over the run's recorded ones. */
export function mergeCostSettings(recorded: CostSettings, given: CostSettings): CostSettings {
  return { ...recorded, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) };
}
