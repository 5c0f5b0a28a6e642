/**
 * Like with like: two results are compared only when one protocol produced both (protocol/identity.ts);
 * `--allow-different-protocol` compares anyway and every output then names both protocols.
 */
import { protocolDetail, protocolLabel, sameProtocol, type ProtocolIdentity } from "../../protocol/identity.ts";

export interface Labelled {
  readonly label: string;
  readonly protocol: ProtocolIdentity;
}

/** Undefined when both sides share one protocol; else the refusal (not allowed) or the note printed beside the figures (allowed). */
export function protocolCheck(ours: Labelled, other: Labelled, allow: boolean): { readonly refusal?: string; readonly note?: string } | undefined {
  if (sameProtocol(ours.protocol, other.protocol)) return undefined;
  if (allow) return { note: `different protocols (--allow-different-protocol): ${ours.label} ${protocolDetail(ours.protocol)} vs ${other.label} ${protocolDetail(other.protocol)}; the rates were not measured under one protocol` };
  return {
    refusal: `${other.label} was measured under protocol ${protocolLabel(other.protocol)}, ${ours.label} under ${protocolLabel(ours.protocol)}${unknownHint(ours, other)}: ` +
      "results are compared only under one protocol; run the other's protocol, or pass --allow-different-protocol to compare anyway (both protocols are then printed side by side)",
  };
}

function unknownHint(ours: Labelled, other: Labelled): string {
  const unknown = [ours, other].filter((side) => side.protocol.family === "unknown").map((side) => side.label);
  if (unknown.length === 0) return "";
  return ` (unknown matches nothing: ${unknown.join(" and ")} record${unknown.length === 1 ? "s" : ""} no protocol; for predictions made elsewhere, state it with eval --protocol NAME, e.g. mini-swe-agent@v1.17.2)`;
}

/** The protocol line of a comparison of one protocol: "mini-swe-agent@v1.17.2 (both sides)". */
export function sharedProtocolLine(protocol: ProtocolIdentity): string {
  return `${protocolLabel(protocol)} (both sides)`;
}

/** Several runs (seeds) stand for one protocol only when they share it. */
export function groupProtocol(runs: readonly { readonly id: string; readonly protocol: ProtocolIdentity }[]): ProtocolIdentity {
  const first = runs[0];
  if (first === undefined) return { family: "unknown", version: null, config_sha256: null };
  const others = runs.filter((run) => !sameProtocol(run.protocol, first.protocol) && protocolLabel(run.protocol) !== protocolLabel(first.protocol));
  if (others.length === 0) return first.protocol;
  return { family: "unknown", version: null, config_sha256: null, source: `the seeds were made under different protocols (${[first, ...others].map((r) => `${r.id}: ${protocolLabel(r.protocol)}`).join(", ")})` };
}
