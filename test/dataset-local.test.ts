import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadDataset } from "../src/dataset/load.ts";
import { resolveDatasetSource } from "../src/dataset/source.ts";
import { REPO_ROOT } from "./helpers/shared.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/dataset/${name}`, import.meta.url));
const VERIFIED_PARQUET = fileURLToPath(new URL("../../shared/data/swe-bench-verified.test.parquet", import.meta.url));

describe("loadDataset from local files", () => {
  it("loads the real SWE-bench Verified parquet: 500 rows, test lists as arrays", async () => {
    const instances = await loadDataset({ dataset: VERIFIED_PARQUET });
    expect(instances).toHaveLength(500);
    const django = instances.find((instance) => instance.instance_id === "django__django-11099");
    expect(django?.repo).toBe("django/django");
    expect(Array.isArray(django?.FAIL_TO_PASS)).toBe(true);
    expect(django?.FAIL_TO_PASS.length).toBeGreaterThan(0);
    expect(instances.every((instance) => Array.isArray(instance.PASS_TO_PASS))).toBe(true);
    expect(new Set(instances.map((instance) => instance.repo)).size).toBe(12);
    expect(django?.image).toBe("swebench/sweb.eval.x86_64.django_1776_django-11099:latest");
    expect(instances.every((instance) => /^[a-z]/.test(instance.instance_id) && !instance.instance_id.includes(".."))).toBe(true);
  });

  it("loads a .json list with array test lists", async () => {
    const instances = await loadDataset({ dataset: fixture("rows.json") });
    expect(instances.map((instance) => instance.instance_id)).toEqual(["acme__widgets-1", "acme__widgets-2", "acme__gadgets-7"]);
    expect(instances[0]?.FAIL_TO_PASS).toEqual(["tests/test_core.py::test_fix_1"]);
  });

  it("loads a .jsonl file, skipping blank lines, JSON-string test lists becoming arrays", async () => {
    const instances = await loadDataset({ dataset: fixture("rows.jsonl") });
    expect(instances.map((instance) => instance.instance_id)).toEqual(["acme__widgets-1", "acme__widgets-2", "acme__gadgets-7"]);
    expect(instances[2]?.PASS_TO_PASS).toEqual(["tests/test_core.py::test_ok"]);
  });

  it("loads a folder of instance folders sorted by directory name, ignoring folders without instance.json", async () => {
    const instances = await loadDataset({ dataset: fixture("folder") });
    expect(instances.map((instance) => instance.instance_id)).toEqual(["acme__gadgets-7", "acme__widgets-2"]);
  });
});

describe("loadDataset errors", () => {
  it("names the jsonl line, the instance id and the field of a bad row", async () => {
    const error = await loadDataset({ dataset: fixture("bad-field.jsonl") }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain("bad-field.jsonl line 3");
    expect(message).toContain("(instance_id acme__widgets-2)");
    expect(message).toContain('base_commit: expected a 40-hex commit sha (got "not-a-sha")');
  });

  it("rejects unsafe instance ids at load time ('..', '-rf', a path, whitespace, empty), naming each line", async () => {
    const message = String(await loadDataset({ dataset: fixture("unsafe-ids.jsonl") }).catch((caught: unknown) => caught));
    const rule = "instance_id: expected an instance id of letters, digits, '_', '.', '-' (starting with a letter or digit, no '..')";
    for (const where of ["line 1 (instance_id ..)", "line 2 (instance_id -rf)", "line 3 (instance_id acme/widgets-1)", "line 4 (instance_id  acme__widgets-2)", "line 5"]) {
      expect(message).toContain(`unsafe-ids.jsonl ${where}: ${rule}`);
    }
  });

  it("names the jsonl line of invalid JSON", async () => {
    await expect(loadDataset({ dataset: fixture("bad-json.jsonl") })).rejects.toThrow(/bad-json\.jsonl line 2: invalid JSON/);
  });

  it("names the index and the missing field in a .json list", async () => {
    await expect(loadDataset({ dataset: fixture("bad-index.json") })).rejects.toThrow(
      /bad-index\.json index 1 \(instance_id acme__widgets-2\): version: missing \(Invalid input: expected string/,
    );
  });

  it("explains a test list that is neither a list nor JSON", async () => {
    await expect(loadDataset({ dataset: fixture("bad-tests.json") })).rejects.toThrow(
      /index 0 \(instance_id acme__widgets-1\): FAIL_TO_PASS: expected a list of test names or a JSON string encoding one/,
    );
  });

  it("rejects duplicate instance ids, naming both places", async () => {
    await expect(loadDataset({ dataset: fixture("duplicate.json") })).rejects.toThrow(
      /Duplicate instance ids in the dataset: acme__widgets-1 \(.*duplicate\.json index 0, .*duplicate\.json index 2\)/,
    );
  });

  it("rejects a folder with no instance folders", async () => {
    await expect(loadDataset({ dataset: fixture("empty-folder") })).rejects.toThrow(/no instances found: expected subdirectories containing instance\.json/);
  });

  it("rejects a missing file, an unsupported file and an unknown name", async () => {
    await expect(loadDataset({ dataset: fixture("nope.parquet") })).rejects.toThrow(/Dataset file not found: .*nope\.parquet/);
    await expect(loadDataset({ dataset: fixture("preds.txt") })).rejects.toThrow(/Unsupported dataset file .*preds\.txt/);
    await expect(loadDataset({ dataset: "not a dataset" })).rejects.toThrow(/Unknown dataset "not a dataset": expected an alias/);
  });

  it("rejects a file that claims to be parquet but is not", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sera-dataset-"));
    try {
      await writeFile(join(dir, "fake.parquet"), "<html>not parquet</html>");
      await expect(loadDataset({ dataset: join(dir, "fake.parquet") })).rejects.toThrow(/fake\.parquet is not a parquet file/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("resolveDatasetSource", () => {
  it("maps aliases case-insensitively to hub names", async () => {
    await expect(resolveDatasetSource("Verified")).resolves.toEqual({ kind: "hub", name: "SWE-bench/SWE-bench_Verified" });
    await expect(resolveDatasetSource("SWE-bench-Verified")).resolves.toEqual({ kind: "hub", name: "SWE-bench/SWE-bench_Verified" });
    await expect(resolveDatasetSource("lite")).resolves.toEqual({ kind: "hub", name: "SWE-bench/SWE-bench_Lite" });
    await expect(resolveDatasetSource("FULL")).resolves.toEqual({ kind: "hub", name: "SWE-bench/SWE-bench" });
    await expect(resolveDatasetSource("swe-bench")).resolves.toEqual({ kind: "hub", name: "SWE-bench/SWE-bench" });
  });

  it("finds the bundled sample by name in the package, whatever the working directory", async () => {
    const expected = { kind: "folder", path: join(REPO_ROOT, "instances", "sample") };
    await expect(resolveDatasetSource("sample")).resolves.toEqual(expected);
    await expect(resolveDatasetSource("Sample")).resolves.toEqual(expected);
  });

  it("treats owner/name that is not a path as a hub dataset", async () => {
    await expect(resolveDatasetSource("princeton-nlp/SWE-bench_Verified")).resolves.toEqual({
      kind: "hub",
      name: "princeton-nlp/SWE-bench_Verified",
    });
  });
});
