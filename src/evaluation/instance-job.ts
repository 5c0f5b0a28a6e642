import type { Instance } from "../dataset/row.ts";
import { instanceImageName } from "./image-name.ts";
import type { ImageNaming } from "./image-name.ts";
import { resolveTestSpec, withExitCodeRecording, type EvalScriptRules } from "./spec/test-spec.ts";

/** What the evaluation of one prediction needs: the row, the patch, the image, the eval script and how to grade. */
export interface InstanceJob {
  readonly instance: Instance;
  readonly modelPatch: string;
  readonly image: string;
  readonly evalScript: string;
  readonly logParser: string;
  readonly evalType: string;
}

export interface InstanceJobOptions {
  readonly naming: ImageNaming;
  readonly generate: boolean;
  /** Whose eval scripts: the current harness's (default) or v4.1.0's, byte for byte. */
  readonly evalScripts: EvalScriptRules;
}

export function instanceJob(instance: Instance, modelPatch: string, options: InstanceJobOptions): InstanceJob {
  const spec = resolveTestSpec(instance, { generate: options.generate, rules: options.evalScripts });
  return {
    instance,
    modelPatch,
    image: instanceImageName(instance, options.naming),
    // The v5 exit-code lines go after the tests, outside the graded section: v4 verdicts are unchanged
    // and the strict verdict gets its cross-check. v4.1.0 scripts stay exactly as v4.1.0 wrote them
    // (no exit code recorded: the strict verdict then goes without that check).
    evalScript: options.evalScripts === "v4.1.0" ? spec.evalScript : withExitCodeRecording(spec.evalScript),
    logParser: spec.logParser,
    evalType: spec.evalType,
  };
}
