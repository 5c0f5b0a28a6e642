import { instanceRowSchema, type Instance } from "./row.ts";
import { DatasetError } from "./errors.ts";
import { describeRejected, listSome, repeatedIds } from "./format.ts";
import type { RawEntry } from "./text-files.ts";

const MAX_REPORTED_ROWS = 5;

/** Validates every row once with the zod schema; reports up to 5 bad rows, then duplicate ids. */
export function validateRows(rows: readonly RawEntry[]): Instance[] {
  const instances: Instance[] = [];
  const problems: string[] = [];
  for (const row of rows) {
    const result = instanceRowSchema.safeParse(row.value, { reportInput: true });
    if (result.success) instances.push(result.data);
    else problems.push(describeBadRow(row, result.error));
  }
  if (problems.length > 0) throw new DatasetError(invalidRowsMessage(problems));
  assertUniqueIds(instances, rows);
  return instances;
}

function describeBadRow(row: RawEntry, error: Parameters<typeof describeRejected>[1]): string {
  if (typeof row.value !== "object" || row.value === null || Array.isArray(row.value)) {
    return `${row.where}: expected a JSON object (one dataset row)`;
  }
  return describeRejected(row, error);
}

function invalidRowsMessage(problems: readonly string[]): string {
  const shown = problems.slice(0, MAX_REPORTED_ROWS).map((problem) => `  ${problem}`);
  const rest = problems.length - shown.length;
  const more = rest > 0 ? [`  ... and ${rest} more invalid rows`] : [];
  const noun = problems.length === 1 ? "row" : "rows";
  return [`Invalid dataset ${noun}:`, ...shown, ...more].join("\n");
}

/** Rows are validated in order, so instances[i] came from rows[i]. */
function assertUniqueIds(instances: readonly Instance[], rows: readonly RawEntry[]): void {
  const duplicates = repeatedIds(instances.map((instance) => instance.instance_id), rows.map((row) => row.where));
  if (duplicates.length === 0) return;
  const described = duplicates.map(([id, places]) => `${id} (${places.join(", ")})`);
  throw new DatasetError(`Duplicate instance ids in the dataset: ${listSome(described)}`);
}
