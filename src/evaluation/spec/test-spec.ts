import type { Instance } from "../../dataset/row.ts";
import { generateEvalScript, type EvalScriptRules } from "./eval-script.ts";
import { defaultSpecCatalog, lookupRepoSpec, type ResolvedRepoSpec, type SpecCatalog } from "./repo-specs.ts";
import { evalTypes, type EvalType } from "./spec-schema.ts";
import { SeraBenchError } from "../../util/errors.ts";
import { optional } from "../../util/optional.ts";

export { withExitCodeRecording } from "./exit-code.ts";
export { EVAL_SCRIPT_RULES, generateEvalScript, type EvalScriptRules } from "./eval-script.ts";
export { SpecLookupError } from "./repo-specs.ts";

/** What evaluation needs to run and grade one instance. */
export interface TestSpec {
  readonly instanceId: string;
  /** Parser name as the dataset spells it, e.g. `parse_log_django`. */
  readonly logParser: string;
  readonly evalScript: string;
  readonly evalType: EvalType;
  /** Whether evalScript is the row's `eval_script` or was generated from harness/specs. */
  readonly evalScriptSource: "dataset" | "generated";
}

export interface ResolveOptions {
  /** Generate the eval script from harness/specs even when the row carries one. */
  readonly generate: boolean;
  /** "v4.1.0" always generates (the row's eval_script is the current harness's). Default "current". */
  readonly rules?: EvalScriptRules;
  readonly catalog?: SpecCatalog;
}

export type TestSpecInput = Pick<
  Instance,
  "instance_id" | "repo" | "version" | "base_commit" | "test_patch" | "eval_script" | "log_parser" | "eval_type"
>;

function parseEvalType(instance: TestSpecInput, fromSpec: () => EvalType): EvalType {
  const value = instance.eval_type;
  if (value === undefined) return fromSpec();
  const known = evalTypes.find((type) => type === value);
  if (!known) {
    throw new SeraBenchError(`Instance ${instance.instance_id}: eval_type "${value}" is not one of ${evalTypes.join(", ")}`);
  }
  return known;
}

/**
 * The row's own eval_script / log_parser / eval_type win when present (unless `generate`, or the
 * v4.1.0 rules); anything missing comes from harness/specs, which is only read when needed.
 */
export function resolveTestSpec(instance: TestSpecInput, options: ResolveOptions): TestSpec {
  let repoSpec: ResolvedRepoSpec | undefined;
  const catalog = () => options.catalog ?? defaultSpecCatalog();
  const spec = () => (repoSpec ??= lookupRepoSpec(instance, catalog()));
  const rowScript = options.generate || options.rules === "v4.1.0" ? undefined : instance.eval_script;
  const rules = optional("rules", options.rules);
  return {
    instanceId: instance.instance_id,
    logParser: instance.log_parser ?? spec().logParser,
    evalScript: rowScript ?? generateEvalScript(instance, { catalog: catalog(), ...rules }),
    evalType: parseEvalType(instance, () => spec().evalType),
    evalScriptSource: rowScript === undefined ? "generated" : "dataset",
  };
}
