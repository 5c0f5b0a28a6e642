import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadDataset } from "../src/dataset/load.ts";
import { mulberry32, seededShuffle } from "../src/dataset/prng.ts";
import type { Instance } from "../src/dataset/row.ts";
import { filterInstances, selectInstances } from "../src/dataset/select.ts";
import { parseSubsetText } from "../src/dataset/subset-file.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/dataset/${name}`, import.meta.url));
const VERIFIED_PARQUET = fileURLToPath(new URL("../../shared/data/swe-bench-verified.test.parquet", import.meta.url));
const ids = (instances: readonly Instance[]) => instances.map((instance) => instance.instance_id);

// mulberry32(42) starts 0.6011..., the value the reference implementation gives.
const PINNED_42 = [601, 448, 852];

let small: Instance[];
let verified: Instance[];

beforeAll(async () => {
  small = await loadDataset({ dataset: fixture("rows.json") });
  verified = await loadDataset({ dataset: VERIFIED_PARQUET });
});

describe("selectInstances", () => {
  it("keeps dataset order when filtering by ids", async () => {
    const selected = await selectInstances(small, { instanceIds: ["acme__gadgets-7", "acme__widgets-1"] });
    expect(ids(selected)).toEqual(["acme__widgets-1", "acme__gadgets-7"]);
  });

  it("filters by repo owner/name and rejects a repo with no instances", async () => {
    expect(ids(await selectInstances(small, { repos: ["acme/gadgets"] }))).toEqual(["acme__gadgets-7"]);
    await expect(selectInstances(small, { repos: ["acme/nothing"] })).rejects.toThrow(
      /No instances for repo\(s\) acme\/nothing: expected owner\/name among acme\/gadgets, acme\/widgets/,
    );
  });

  it("reads a subset file with comments, trailing comments and blank lines", async () => {
    expect(ids(await selectInstances(small, { subsetFile: fixture("subset-ok.txt") }))).toEqual(["acme__widgets-1", "acme__gadgets-7"]);
  });

  it("names the file and line of an invalid id in a subset file", async () => {
    await expect(selectInstances(small, { subsetFile: fixture("subset-bad-line.txt") })).rejects.toThrow(
      /subset-bad-line\.txt line 4: invalid instance id "acme widgets 2"/,
    );
  });

  it("lists unknown ids from the subset file and from --instance-ids", async () => {
    await expect(selectInstances(small, { subsetFile: fixture("subset-unknown.txt") })).rejects.toThrow(
      /1 instance id\(s\) from subset file .*subset-unknown\.txt are not in the dataset: acme__widgets-404$/,
    );
    await expect(selectInstances(small, { instanceIds: ["x__y-1", "acme__widgets-1", "x__y-2"] })).rejects.toThrow(
      /2 instance id\(s\) from --instance-ids are not in the dataset: x__y-1, x__y-2$/,
    );
  });

  it("lists at most 20 unknown ids and counts the rest", () => {
    const unknown = Array.from({ length: 25 }, (_, index) => `nope__nope-${index}`);
    expect(() => filterInstances(small, { instanceIds: unknown })).toThrow(/nope__nope-19 \(and 5 more\)$/);
  });

  it("applies every filter given (ids, subset, repos) together, then the limit", () => {
    const subset = { ids: ["acme__widgets-1", "acme__widgets-2"], path: "s.txt" };
    const selected = filterInstances(small, { subset, instanceIds: ["acme__widgets-2", "acme__gadgets-7"] });
    expect(ids(selected)).toEqual(["acme__widgets-2"]);
    expect(ids(filterInstances(small, { limit: 2 }))).toEqual(["acme__widgets-1", "acme__widgets-2"]);
  });

  it("rejects a non-positive or fractional limit and a non-integer seed", () => {
    expect(() => filterInstances(small, { limit: 0 })).toThrow(/Invalid limit 0: expected a positive integer/);
    expect(() => filterInstances(small, { limit: 1.5 })).toThrow(/Invalid limit 1.5/);
    expect(() => filterInstances(small, { shuffle: true, seed: 0.5 })).toThrow(/Invalid seed 0.5/);
  });
});

describe("seeded shuffle", () => {
  it("is deterministic for a seed, differs across seeds, and shuffles before the limit", () => {
    const a = ids(filterInstances(verified, { shuffle: true, seed: 7, limit: 10 }));
    const b = ids(filterInstances(verified, { shuffle: true, seed: 7, limit: 10 }));
    const c = ids(filterInstances(verified, { shuffle: true, seed: 8, limit: 10 }));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).not.toEqual(ids(verified.slice(0, 10)));
    expect(new Set(a).size).toBe(10);
  });

  it("is a permutation and leaves its input untouched", () => {
    const input = Array.from({ length: 100 }, (_, index) => index);
    const shuffled = seededShuffle(input, 42);
    expect(input).toEqual(Array.from({ length: 100 }, (_, index) => index));
    expect([...shuffled].sort((x, y) => x - y)).toEqual(input);
    expect(shuffled).not.toEqual(input);
  });

  it("mulberry32 yields a fixed sequence for a fixed seed (pinned values)", () => {
    const random = mulberry32(42);
    const values = [random(), random(), random()];
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(seededShuffle([1, 2, 3, 4, 5, 6, 7, 8], 42)).toEqual(seededShuffle([1, 2, 3, 4, 5, 6, 7, 8], 42));
    expect(values.map((value) => Math.floor(value * 1000))).toEqual(PINNED_42);
  });
});

describe("parseSubsetText", () => {
  it("deduplicates ids and ignores comments", () => {
    expect(parseSubsetText("# header\na__b-1\n  a__b-2  # why\na__b-1\n\n", "s.txt")).toEqual(["a__b-1", "a__b-2"]);
  });
});
