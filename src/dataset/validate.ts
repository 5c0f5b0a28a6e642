import { instanceRowSchema, type Instance } from "./row.ts";
import { DatasetError } from "./errors.ts";
import { describeIssues, listSome, readableId } from "./format.ts";
import type { RawRow } from "./raw-rows.ts";

const MAX_REPORTED_ROWS = 5;

/** Validates every row once with the zod schema; reports up to 5 bad rows, then duplicate ids. */
export function validateRows(rows: readonly RawRow[]): Instance[] {
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

function describeBadRow(row: RawRow, error: Parameters<typeof describeIssues>[0]): string {
  if (typeof row.value !== "object" || row.value === null || Array.isArray(row.value)) {
    return `${row.where}: expected a JSON object (one dataset row)`;
  }
  const id = readableId(row.value);
  return `${row.where}${id === undefined ? "" : ` (instance_id ${id})`}: ${describeIssues(error)}`;
}

function invalidRowsMessage(problems: readonly string[]): string {
  const shown = problems.slice(0, MAX_REPORTED_ROWS).map((problem) => `  ${problem}`);
  const rest = problems.length - shown.length;
  const more = rest > 0 ? [`  ... and ${rest} more invalid rows`] : [];
  const noun = problems.length === 1 ? "row" : "rows";
  return [`Invalid dataset ${noun}:`, ...shown, ...more].join("\n");
}

/** Rows are validated in order, so instances[i] came from rows[i]. */
function assertUniqueIds(instances: readonly Instance[], rows: readonly RawRow[]): void {
  const seen = new Map<string, string[]>();
  instances.forEach((instance, index) => {
    const places = seen.get(instance.instance_id) ?? [];
    places.push(rows[index]?.where ?? `index ${index}`);
    seen.set(instance.instance_id, places);
  });
  const duplicates = [...seen].filter(([, places]) => places.length > 1);
  if (duplicates.length === 0) return;
  const described = duplicates.map(([id, places]) => `${id} (${places.join(", ")})`);
  throw new DatasetError(`Duplicate instance ids in the dataset: ${listSome(described)}`);
}
