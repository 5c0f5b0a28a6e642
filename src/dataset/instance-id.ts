import { z } from "zod";
import { isSafeName, SAFE_NAME_RULE } from "../util/safe-name.ts";

/**
 * The longest instance id accepted. An id becomes a folder (`logs/<id>/`), a file name
 * (`trajs/<id>.traj.json`, and its `.tmp-<pid>-<hex>` while written: id + 32 bytes) and part of
 * container names (`sera-bench.agent.<id>.<run-id>.<suffix>`) and image names (Docker's repository
 * name, `swebench/sweb.eval.x86_64.<id>`, is at most 255 characters). 128 keeps each of them within
 * its limit (a file name is at most 255 bytes) with room to spare; SWE-bench's ids are under 40.
 */
export const MAX_INSTANCE_ID_LENGTH = 128;

/**
 * An instance id, checked where rows and predictions are read: it becomes a folder name under the
 * run and a word in container names and commands, so `..`, `-rf`, `a/b`, ' x' or a 300-character
 * id fail at load time.
 */
export const safeInstanceId = z
  .string()
  .refine(isSafeName, { error: `expected an instance id of ${SAFE_NAME_RULE}` })
  .refine((id) => id.length <= MAX_INSTANCE_ID_LENGTH, {
    error: (issue) => `expected an instance id of at most ${MAX_INSTANCE_ID_LENGTH} characters, not ${String((issue.input as string).length)} (ids become folder, file and container names)`,
  });
