import { readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadDataset } from "../src/dataset/load.ts";
import type { Instance } from "../src/dataset/row.ts";
import { selectInstances } from "../src/dataset/select.ts";

const VERIFIED_PARQUET = fileURLToPath(new URL("../../shared/data/swe-bench-verified.test.parquet", import.meta.url));
const SUBSETS = fileURLToPath(new URL("../instances/subsets/", import.meta.url));

let verified: Instance[];

beforeAll(async () => {
  verified = await loadDataset({ dataset: VERIFIED_PARQUET });
});

describe("shipped subset lists", () => {
  it("every subset file names only real Verified ids (selection would throw otherwise)", async () => {
    const files = (await readdir(SUBSETS)).filter((name) => name.endsWith(".txt"));
    expect(files).toEqual(expect.arrayContaining(["django-10.txt", "verified-mini-50.txt"]));
    for (const file of files) {
      const selected = await selectInstances(verified, { subsetFile: `${SUBSETS}${file}` });
      expect(selected.length, file).toBeGreaterThan(0);
    }
  });

  it("django-10 has 10 django instances", async () => {
    const selected = await selectInstances(verified, { subsetFile: `${SUBSETS}django-10.txt` });
    expect(selected).toHaveLength(10);
    expect(new Set(selected.map((instance) => instance.repo))).toEqual(new Set(["django/django"]));
  });

  it("verified-mini-50 has 50 instances covering all 12 repositories", async () => {
    const selected = await selectInstances(verified, { subsetFile: `${SUBSETS}verified-mini-50.txt` });
    expect(selected).toHaveLength(50);
    expect(new Set(selected.map((instance) => instance.repo)).size).toBe(12);
  });
});
