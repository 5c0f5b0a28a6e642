import { z } from "zod";
import { isSafeName, SAFE_NAME_RULE } from "../util/safe-name.ts";

/**
 * An instance id, checked where rows and predictions are read: it becomes a folder name under the
 * run and a word in container names and commands, so `..`, `-rf`, `a/b` or ' x' fail at load time.
 */
export const safeInstanceId = z.string().refine(isSafeName, { error: `expected an instance id of ${SAFE_NAME_RULE}` });
