import type { FileAccess } from "../container/file-access.ts";
import { decodeBackslashReplace } from "../bash/decode.ts";
import { pyJsonDumps } from "../../util/python/json-dumps.ts";
import { pyJsonLoadsOr } from "../../util/python/json-loads.ts";
import type { PyValue } from "../../util/python/value.ts";

export const REGISTRY_FILE = "/root/.swe-agent-env";

/**
 * SWE-agent's EnvRegistry (tools/registry/lib/registry.py): a JSON file in the container; get()
 * prefers the file's value, then the caller's environment variable, then the default.
 */
export class Registry {
  constructor(
    private readonly files: FileAccess,
    private readonly env: ReadonlyMap<string, string>,
  ) {}

  async get(key: string): Promise<PyValue | undefined> {
    const stored = (await this.load()).get(key);
    if (stored !== undefined) return stored;
    const fromEnv = this.env.get(key);
    return fromEnv === undefined ? undefined : { t: "str", v: fromEnv };
  }

  async set(key: string, value: PyValue): Promise<void> {
    const entries = new Map(await this.load());
    entries.set(key, value);
    await this.files.write(REGISTRY_FILE, Buffer.from(pyJsonDumps({ t: "dict", v: entries }), "utf8"));
  }

  private async load(): Promise<ReadonlyMap<string, PyValue>> {
    if ((await this.files.kind(REGISTRY_FILE)) === "missing") {
      await this.files.write(REGISTRY_FILE, Buffer.from("{}"));
      return new Map();
    }
    const value = pyJsonLoadsOr(decodeBackslashReplace(await this.files.read(REGISTRY_FILE)));
    return value?.t === "dict" ? value.v : new Map();
  }
}
