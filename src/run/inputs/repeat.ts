import { z } from "zod";
import { readJsonIfValid } from "../../util/json-file.ts";

const repeatsSchema = z.looseObject({
  options: z.looseObject({ repeat: z.number().int().min(1).optional(), eval: z.looseObject({ repeat: z.number().int().min(1).optional() }).optional() }).optional(),
});

/**
 * The evaluations per prediction of a resumed run: a larger count adds evaluations; a smaller one
 * keeps the run's larger set (the stability of N evaluations is not recomputed from fewer, and
 * run.json keeps saying N), and says so. `where`: eval's `options.repeat` or run's `options.eval.repeat`.
 */
export async function keptRepeat(runMetaPath: string, runId: string, asked: number, where: "repeat" | "eval.repeat", onNotice: (line: string) => void): Promise<number> {
  const meta = await readJsonIfValid(runMetaPath, repeatsSchema);
  const earlier = where === "repeat" ? meta?.options?.repeat : meta?.options?.eval?.repeat;
  if (earlier === undefined || earlier <= asked) return asked;
  const flag = where === "repeat" ? "--repeat" : "--eval-repeat";
  onNotice(`run ${runId} evaluates each prediction ${earlier} times: ${flag} ${asked} keeps all ${earlier} (stability stays that of ${earlier} evaluations; use another --run-id for fewer)`);
  return earlier;
}
