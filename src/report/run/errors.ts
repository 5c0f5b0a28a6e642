import { SeraBenchError } from "../../util/errors.ts";

/** A run folder that cannot be read as one: the message names the folder, the file and what was expected. */
export class RunFolderError extends SeraBenchError {}
