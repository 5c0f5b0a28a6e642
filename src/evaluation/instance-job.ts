import type { Instance } from "../dataset/row.ts";
import { instanceImageName } from "./image-name.ts";
import type { ImageNaming } from "./image-name.ts";
import { resolveTestSpec, withExitCodeRecording } from "./spec/test-spec.ts";

/** What the evaluation of one prediction needs: the row, the patch, the image, the eval script and how to grade. */
export interface InstanceJob {
  readonly instance: Instance;
  readonly modelPatch: string;
  readonly image: string;
  readonly evalScript: string;
  readonly logParser: string;
  readonly evalType: string;
}

export function instanceJob(instance: Instance, modelPatch: string, options: { readonly naming: ImageNaming; readonly generate: boolean }): InstanceJob {
  const spec = resolveTestSpec(instance, { generate: options.generate });
  return {
    instance,
    modelPatch,
    image: instanceImageName(instance, options.naming),
    // The v5 exit-code lines go after the tests, outside the graded section: v4 verdicts are unchanged
    // and the strict verdict gets its cross-check.
    evalScript: withExitCodeRecording(spec.evalScript),
    logParser: spec.logParser,
    evalType: spec.evalType,
  };
}
