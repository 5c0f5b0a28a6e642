/**
 * A ProtocolIdentity from what is at hand: a loaded agent config, what an older run.json or a
 * trajectory recorded (`published` / `custom` and the config's sha256), or a name the user states
 * (`eval --protocol NAME`).
 */
import { seraManifest } from "./manifest.ts";
import type { ProtocolInfo } from "./schema.ts";
import { protocolIdentitySchema, type ProtocolIdentity, UNKNOWN_PROTOCOL } from "./identity.ts";
import { SeraBenchError } from "../util/errors.ts";

export const STATED_BY_USER = "stated by the user";

/** SERA's protocol version: the short commit of the repository its config comes from (harness/protocols/sera.json). */
export function seraVersion(): string {
  const manifest = seraManifest();
  const commit = manifest.repositories[manifest.config.repository]?.commit;
  if (commit === undefined) throw new SeraBenchError(`harness/protocols/sera.json: its config repository ${manifest.config.repository} is not among its repositories`);
  return commit.slice(0, 7);
}

/**
 * What a run of ours records: a config that carries its own identity (another protocol's loader,
 * e.g. mini-swe-agent's) keeps it; else SERA's texts (`published`) are `sera` at the manifest's
 * commit, and any other text makes it `custom`, based on sera, with the parts that differ.
 */
export function identityOfConfig(config: { readonly sha256: string; readonly protocol: Pick<ProtocolInfo, "status" | "differs">; readonly identity?: ProtocolIdentity }, source?: string): ProtocolIdentity {
  if (config.identity !== undefined) return config.identity;
  const from = source === undefined ? {} : { source };
  if (config.protocol.status === "published") return { family: "sera", version: seraVersion(), config_sha256: config.sha256, ...from };
  return { family: "custom", version: null, config_sha256: config.sha256, based_on: "sera", differs: [...config.protocol.differs], ...from };
}

/** An older record (run.json's `options.protocol`, a trajectory's `agent_config.protocol`): its status and sha256, where it was read. */
export function identityFromRecord(record: { readonly status: string | undefined; readonly sha256: string | undefined; readonly differs?: readonly string[] | undefined }, source: string): ProtocolIdentity {
  if (record.status !== "published" && record.status !== "custom") return { ...UNKNOWN_PROTOCOL, source };
  return identityOfConfig({ sha256: record.sha256 ?? "", protocol: { status: record.status, differs: record.differs ?? [] } }, source);
}

export const PROTOCOL_NAME_FORMS = "sera, sera@<commit>, mini-swe-agent@vX.Y.Z, own-scaffold:NAME or unknown";

/** `eval --protocol NAME`: the protocol the predictions were made under, as the user states it. */
export function parseProtocolName(name: string, flag = "--protocol"): ProtocolIdentity {
  const text = name.trim();
  const stated = { config_sha256: null, source: STATED_BY_USER };
  const bad = (why: string) => new SeraBenchError(`${flag} ${JSON.stringify(name)}: ${why}; expected ${PROTOCOL_NAME_FORMS}`);
  if (text === "unknown") return { ...UNKNOWN_PROTOCOL, source: STATED_BY_USER };
  if (text === "sera") return protocolIdentitySchema.parse({ family: "sera", version: seraVersion(), ...stated });
  const sera = /^sera@([0-9a-f]{7,40})$/.exec(text);
  if (sera !== null) return { family: "sera", version: (sera[1] ?? "").slice(0, 7), ...stated };
  const mini = /^mini-swe-agent@v?(\d+\.\d+\.\d+)$/.exec(text);
  if (mini !== null) return { family: "mini-swe-agent", version: `v${mini[1] ?? ""}`, ...stated };
  if (text.startsWith("mini-swe-agent")) throw bad("name mini-swe-agent's tag, e.g. mini-swe-agent@v1.17.2");
  const own = /^own-scaffold:(.+)$/.exec(text);
  if (own !== null) {
    const scaffold = (own[1] ?? "").trim();
    if (scaffold === "" || scaffold.length > 200 || /[\u0000-\u001f\u007f]/.test(scaffold)) throw bad("own-scaffold needs a printable name of at most 200 characters");
    return { family: "own-scaffold", version: scaffold, ...stated };
  }
  throw bad("not a protocol name");
}
