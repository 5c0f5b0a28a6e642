import { z } from "zod";

/**
 * Which agent protocol produced a result: the scaffold, its texts and settings. Two results are
 * comparable only under the same protocol (`sameProtocol`).
 * - `sera`: SERA's SWE-agent setting (e2e.yaml and SERA-SWE-agent's tools at their pinned commits).
 * - `mini-swe-agent`: mini-swe-agent's SWE-bench config at a tag (the leaderboard's bash-only board).
 * - `own-scaffold`: a leaderboard row made with its submitter's own scaffold (`version` names the row).
 * - `custom`: texts or settings that are not a published protocol's (`based_on` says which one they change).
 * - `unknown`: not recorded and not derivable (e.g. an `eval` of predictions made elsewhere).
 */
export const PROTOCOL_FAMILIES = ["sera", "mini-swe-agent", "own-scaffold", "custom", "unknown"] as const;
export type ProtocolFamily = (typeof PROTOCOL_FAMILIES)[number];

export const protocolIdentitySchema = z.looseObject({
  family: z.enum(PROTOCOL_FAMILIES),
  /** sera: the config's commit (e.g. "1ca8673"); mini-swe-agent: the tag ("v1.17.2"); own-scaffold: the row's name; else null. */
  version: z.string().nullable(),
  /** sha256 of the agent config file as loaded; null when there is no file of ours (baselines, unknown). */
  config_sha256: z.string().nullable(),
  /** custom only: the published family these texts change, and the parts that differ. */
  based_on: z.enum(PROTOCOL_FAMILIES).optional(),
  differs: z.array(z.string()).optional(),
  /** Where the record came from when it was not written by the run itself ("stated by the user", "read from the trajectory"). */
  source: z.string().optional(),
});
export type ProtocolIdentity = z.infer<typeof protocolIdentitySchema>;

export const UNKNOWN_PROTOCOL: ProtocolIdentity = { family: "unknown", version: null, config_sha256: null };

/** One line for consoles and reports, e.g. "mini-swe-agent@v1.17.2", "sera (SWE-agent e2e @1ca8673)". */
export function protocolLabel(p: ProtocolIdentity): string {
  switch (p.family) {
    case "sera":
      return p.version === null ? "sera (SWE-agent e2e)" : `sera (SWE-agent e2e @${p.version})`;
    case "mini-swe-agent":
      return p.version === null ? "mini-swe-agent" : `mini-swe-agent@${p.version}`;
    case "own-scaffold":
      return p.version === null ? "own scaffold" : `own scaffold (${p.version})`;
    case "custom": {
      const base = p.based_on === undefined ? "" : ` of ${p.based_on}`;
      const parts = p.differs === undefined || p.differs.length === 0 ? "" : `: ${p.differs.join(", ")}`;
      return `custom${base}${parts}`;
    }
    case "unknown":
      return "unknown";
  }
}

/** The label with the config's sha256 (abbreviated) and where the record came from, when known. */
export function protocolDetail(p: ProtocolIdentity): string {
  const sha = p.config_sha256 === null ? [] : [`config sha256 ${p.config_sha256.slice(0, 12)}`];
  const source = p.source === undefined ? [] : [p.source];
  const extra = [...sha, ...source];
  return extra.length === 0 ? protocolLabel(p) : `${protocolLabel(p)} (${extra.join("; ")})`;
}

/**
 * Whether two results were produced under one protocol: the same family and version. `unknown`
 * matches nothing; two `custom` protocols match only when their config files are the same bytes.
 */
export function sameProtocol(a: ProtocolIdentity, b: ProtocolIdentity): boolean {
  if (a.family === "unknown" || b.family === "unknown") return false;
  if (a.family !== b.family) return false;
  if (a.family === "custom") return a.config_sha256 !== null && a.config_sha256 === b.config_sha256;
  return a.version === b.version;
}
