/**
 * The protocol of each published baseline, derived from what its file says rather than typed per row:
 * - the SERA paper's rows re-run by Ai2 are SERA's SWE-agent setting (e2e.yaml at the commit of
 *   harness/protocols/sera.json); rows the paper quoted from other reports were measured with their
 *   authors' own scaffolds;
 * - a leaderboard row is mini-swe-agent at the tag its folder names (`20251209_mini-v1.17.2_...`: the
 *   bash-only board), otherwise its submitter's own scaffold, named by the row.
 */
import { seraVersion } from "../../protocol/identity-of.ts";
import { protocolIdentitySchema, type ProtocolIdentity } from "../../protocol/identity.ts";

/** The paper's two kinds of rows (sera-paper.json's `origin`). */
export const PAPER_ORIGINS = ["re-run by Ai2 (mean of 3 seeds)", "quoted by the paper from other reports"] as const;
export type PaperOrigin = (typeof PAPER_ORIGINS)[number];

export function paperRowProtocol(key: string, origin: PaperOrigin): ProtocolIdentity {
  if (origin === PAPER_ORIGINS[0]) {
    return checked({ family: "sera", version: seraVersion(), config_sha256: null, source: "the SERA paper's own runs (Table 1, SWE-agent e2e setting)" });
  }
  return checked({ family: "own-scaffold", version: key, config_sha256: null, source: "quoted by the SERA paper from its authors' report (their scaffold, not SERA's setting)" });
}

const MINI_FOLDER = /^\d{8}_mini-v(\d+\.\d+\.\d+)[_-]/;

export function leaderboardRowProtocol(name: string, folder: string): ProtocolIdentity {
  const mini = MINI_FOLDER.exec(folder);
  if (mini !== null) return checked({ family: "mini-swe-agent", version: `v${mini[1] ?? ""}`, config_sha256: null, source: `leaderboard folder ${folder} (the bash-only board)` });
  return checked({ family: "own-scaffold", version: name, config_sha256: null, source: `leaderboard folder ${folder} (its submitter's own scaffold)` });
}

function checked(identity: ProtocolIdentity): ProtocolIdentity {
  return protocolIdentitySchema.parse(identity);
}
