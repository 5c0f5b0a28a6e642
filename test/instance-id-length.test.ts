/**
 * An instance id becomes a folder name, a file name (`trajs/<id>.traj.json`) and part of container
 * and image names: one too long for them is refused when the dataset or predictions are read,
 * naming the file and line, not when the run writes its first file (issue 18, item 4.2).
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MAX_INSTANCE_ID_LENGTH, safeInstanceId } from "../src/dataset/instance-id.ts";
import { loadDataset } from "../src/dataset/load.ts";
import { loadPredictions } from "../src/dataset/predictions.ts";
import { tempDir } from "./helpers/eval-run.ts";

const ROWS = fileURLToPath(new URL("fixtures/dataset/rows.json", import.meta.url));

describe("instance id length", () => {
  it("keeps every file name under the run folder within 255 bytes", () => {
    const longestFile = `${"a".repeat(MAX_INSTANCE_ID_LENGTH)}.traj.json.tmp-4194304-0123abcd`;
    expect(Buffer.byteLength(longestFile)).toBeLessThanOrEqual(255);
  });

  it("a dataset row with an id past the limit is refused at load, naming the file and row", async () => {
    const rows = JSON.parse(await readFile(ROWS, "utf8")) as Record<string, unknown>[];
    const long = `acme__${"w".repeat(294)}`;
    const file = join(await tempDir("long-id"), "rows.jsonl");
    await writeFile(file, [rows[0], { ...rows[1], instance_id: long }].map((row) => JSON.stringify(row)).join("\n") + "\n");
    await expect(loadDataset({ dataset: file })).rejects.toThrow(`${file} line 2`);
    await expect(loadDataset({ dataset: file })).rejects.toThrow(`at most ${MAX_INSTANCE_ID_LENGTH} characters, not 300`);
  });

  it("a prediction with an id past the limit is refused at load, naming the file and line; the limit itself passes", async () => {
    const dataset = await loadDataset({ dataset: ROWS });
    const dir = await tempDir("long-id-preds");
    const file = join(dir, "preds.jsonl");
    const line = (id: string) => JSON.stringify({ instance_id: id, model_name_or_path: "m", model_patch: "" });
    await writeFile(file, `${line("acme__widgets-1")}\n${line(`x${"y".repeat(299)}`)}\n`);
    await expect(loadPredictions(file, dataset)).rejects.toThrow(`${file} line 2`);
    await expect(loadPredictions(file, dataset)).rejects.toThrow(`at most ${MAX_INSTANCE_ID_LENGTH} characters, not 300`);
    expect(safeInstanceId.safeParse("a".repeat(MAX_INSTANCE_ID_LENGTH)).success).toBe(true);
    expect(safeInstanceId.safeParse("a".repeat(MAX_INSTANCE_ID_LENGTH + 1)).success).toBe(false);
  });
});
