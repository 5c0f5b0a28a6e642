import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadDataset } from "../src/dataset/load.ts";
import { loadPredictions } from "../src/dataset/predictions.ts";
import type { Instance } from "../src/dataset/row.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/dataset/${name}`, import.meta.url));

let dataset: Instance[];

beforeAll(async () => {
  dataset = await loadDataset({ dataset: fixture("rows.json") });
});

describe("loadPredictions", () => {
  it("gold uses every selected instance's patch under the model name gold", async () => {
    const selected = dataset.slice(0, 2);
    const loaded = await loadPredictions("gold", dataset, selected);
    expect(loaded.modelName).toBe("gold");
    expect([...loaded.predictions.keys()]).toEqual(["acme__widgets-1", "acme__widgets-2"]);
    expect(loaded.predictions.get("acme__widgets-1")).toEqual({
      instanceId: "acme__widgets-1",
      modelNameOrPath: "gold",
      modelPatch: dataset[0]?.patch,
      isEmpty: false,
    });
  });

  it("reads jsonl; empty and null patches are empty; a missing patch is null", async () => {
    const loaded = await loadPredictions(fixture("preds.jsonl"), dataset);
    expect(loaded.modelName).toBe("acme-model");
    expect(loaded.warnings).toEqual([]);
    expect(loaded.predictions.get("acme__widgets-1")?.isEmpty).toBe(false);
    expect(loaded.predictions.get("acme__widgets-2")).toMatchObject({ modelPatch: "", isEmpty: true });
    expect(loaded.predictions.get("acme__gadgets-7")).toMatchObject({ modelPatch: null, isEmpty: true });
    const list = await loadPredictions(fixture("preds-list.json"), dataset);
    expect(list.predictions.get("acme__widgets-2")).toMatchObject({ modelPatch: null, isEmpty: true });
  });

  it("keeps predictions outside the selection out of the map and counts them as ignored", async () => {
    const selected = dataset.filter((instance) => instance.instance_id === "acme__widgets-2");
    const loaded = await loadPredictions(fixture("preds.jsonl"), dataset, selected);
    expect([...loaded.predictions.keys()]).toEqual(["acme__widgets-2"]);
    expect(loaded.ignored).toBe(2);
  });

  it("warns about duplicate ids, naming the lines, and keeps the last", async () => {
    const loaded = await loadPredictions(fixture("preds-dup.jsonl"), dataset);
    expect(loaded.predictions.get("acme__widgets-1")?.modelPatch).toBe("second\n");
    expect(loaded.warnings).toHaveLength(1);
    expect(loaded.warnings[0]).toMatch(/duplicate prediction for acme__widgets-1 \(.*preds-dup\.jsonl line 1, .*preds-dup\.jsonl line 3\); the last one wins/);
  });

  it("warns when predictions name more than one model", async () => {
    const loaded = await loadPredictions(fixture("preds-two-models.jsonl"), dataset);
    expect(loaded.modelName).toBe("acme-model");
    expect(loaded.warnings).toEqual([expect.stringMatching(/predictions name 2 models \(acme-model, other-model\); sb-cli requires one/)]);
  });

  it("rejects ids that are not in the dataset, listing them", async () => {
    await expect(loadPredictions(fixture("preds-unknown.jsonl"), dataset)).rejects.toThrow(
      /preds-unknown\.jsonl: 2 prediction id\(s\) are not in the dataset .*: acme__widgets-99, other__repo-5$/,
    );
  });

  it("requires model_name_or_path, naming the jsonl line, the list index or the dict key", async () => {
    await expect(loadPredictions(fixture("preds-no-model.jsonl"), dataset)).rejects.toThrow(
      /Invalid prediction at .*preds-no-model\.jsonl line 2 \(instance_id acme__widgets-2\): model_name_or_path: missing \(expected a string naming the model/,
    );
    await expect(loadPredictions(fixture("preds-list-no-model.json"), dataset)).rejects.toThrow(/preds-list-no-model\.json index 1 .*model_name_or_path: missing/);
    await expect(loadPredictions(fixture("preds-dict-no-model.json"), dataset)).rejects.toThrow(
      /preds-dict-no-model\.json key "acme__widgets-2" .*model_name_or_path: missing/,
    );
  });

  it("reads the dict form, using the key (with a warning) when a value has no instance_id", async () => {
    const loaded = await loadPredictions(fixture("preds-dict.json"), dataset);
    expect([...loaded.predictions.keys()]).toEqual(["acme__widgets-1", "acme__gadgets-7"]);
    expect(loaded.predictions.get("acme__gadgets-7")?.modelPatch).toBe("diff --git a/y b/y\n");
    expect(loaded.warnings).toEqual([expect.stringMatching(/1 prediction\(s\) had no instance_id; used the dict key instead \(acme__gadgets-7\)/)]);
  });

  it("names the line of invalid JSON, and rejects other extensions", async () => {
    await expect(loadPredictions(fixture("preds-bad-line.jsonl"), dataset)).rejects.toThrow(/preds-bad-line\.jsonl line 2: invalid JSON/);
    await expect(loadPredictions(fixture("preds.txt"), dataset)).rejects.toThrow(/Unsupported predictions file .*preds\.txt: expected "gold", a \.jsonl file/);
    await expect(loadPredictions(fixture("missing.jsonl"), dataset)).rejects.toThrow(/Could not read .*missing\.jsonl/);
  });

  it("rejects a prediction that is not an object, or whose instance_id is not a string", async () => {
    await expect(loadPredictions(fixture("preds-not-object.json"), dataset)).rejects.toThrow(
      /preds-not-object\.json index 0: expected a prediction object with instance_id, model_name_or_path, model_patch/,
    );
    await expect(loadPredictions(fixture("preds-bad-id.jsonl"), dataset)).rejects.toThrow(
      /preds-bad-id\.jsonl line 1: instance_id: expected the instance id as a string \(got 5\)/,
    );    await expect(loadPredictions(fixture("preds-unsafe-id.jsonl"), dataset)).rejects.toThrow(
      "preds-unsafe-id.jsonl line 1 (instance_id ../acme__widgets-1): instance_id: expected an instance id of letters, digits, '_', '.', '-'",
    );
  });
});
