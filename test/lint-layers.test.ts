/** The layer rule of src/ (scripts/lint-layers.js) as ESLint runs it in `npm test`. */
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import tseslint from "typescript-eslint";
import layers, { layerViolation } from "../scripts/lint-layers.js";
import { REPO_ROOT } from "./helpers/shared.ts";

async function layerMessages(file: string, code: string): Promise<string[]> {
  // The rule as eslint.config.js applies it to src/, without the type-aware rules (the file is not on disk).
  const eslint = new ESLint({
    cwd: REPO_ROOT, overrideConfigFile: true,
    overrideConfig: { files: ["src/**/*.ts"], languageOptions: { parser: tseslint.parser }, plugins: { sera: layers }, rules: { "sera/layers": "error" } },
  });
  const [result] = await eslint.lintText(code, { filePath: `${REPO_ROOT}/${file}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === "sera/layers").map((m) => m.message);
}

describe("the layer rule", () => {
  it("refuses an upward import (model -> agent) and a sideways one (tools -> model), naming both folders", async () => {
    const up = await layerMessages("src/model/wrong.ts", 'import { runAgent } from "../agent/agent.ts";\nexport const x = runAgent;\n');
    expect(up).toEqual([expect.stringMatching(/^src\/model may not import src\/agent \(higher layer\)/)]);
    const sideways = await layerMessages("src/tools/wrong.ts", 'import type { Model } from "../model/types.ts";\nexport type X = Model;\n');
    expect(sideways).toEqual([expect.stringMatching(/^src\/tools may not import src\/model \(same layer\)/)]);
  });

  it("accepts a downward import and one inside the folder", async () => {
    expect(await layerMessages("src/agent/fine.ts", 'import type { Model } from "../model/types.ts";\nimport type { AgentTools } from "./types.ts";\nexport type X = [Model, AgentTools];\n')).toEqual([]);
  });

  it("names a folder that is in no layer", () => {
    expect(layerViolation("newthing", "util")).toMatch(/src\/newthing is in no layer/);
    expect(layerViolation("cli", "executor")).toBeUndefined();
  });
});
