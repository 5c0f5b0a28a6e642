import { SeraBenchError } from "../util/errors.ts";

/** `--context 32k | 64k | 40000` -> tokens (k = 1024, as model cards and vLLM's max_model_len use). */
export function parseContextLength(value: string | number): number {
  if (typeof value === "number") return checked(value, String(value));
  const match = /^(\d+)\s*([kK]?)$/.exec(value.trim());
  if (match === null) throw new SeraBenchError(`--context: expected 32k, 64k or a number of tokens, got ${JSON.stringify(value)}`);
  return checked(Number(match[1]) * (match[2] === "" ? 1 : 1024), value);
}

function checked(tokens: number, raw: string): number {
  if (!Number.isInteger(tokens) || tokens < 1024) throw new SeraBenchError(`--context: expected at least 1024 tokens, got ${JSON.stringify(raw)}`);
  return tokens;
}
