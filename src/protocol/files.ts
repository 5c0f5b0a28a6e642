import { createHash } from "node:crypto";

/**
 * The two roles a SWE-agent protocol's files play: `sera` holds SERA's own files (constants.py
 * with the training system prompt); `swe-agent` holds the tool bundles and the parser
 * (tools/<bundle>/config.yaml, sweagent/tools/parsing.py, sweagent/tools/commands.py).
 */
export type FileRole = "sera" | "swe-agent";

export interface ProtocolFile {
  readonly role: FileRole;
  /** Path inside its repository, e.g. tools/edit_anthropic/config.yaml. */
  readonly path: string;
  readonly text: string;
  readonly sha256: string;
  /** Where it was read from (a file path or URL), for messages and run.json. */
  readonly origin: string;
}

/** Reads the files a SWE-agent config refers to; undefined when the file is not there. */
export interface ProtocolFileReader {
  read(role: FileRole, path: string): Promise<ProtocolFile | undefined>;
  /** Where files are looked for, for error messages ("the SERA checkout at ..."). */
  describe(role: FileRole): string;
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function protocolFile(role: FileRole, path: string, bytes: Buffer, origin: string): ProtocolFile {
  return { role, path, text: bytes.toString("utf8"), sha256: sha256Hex(bytes), origin };
}
