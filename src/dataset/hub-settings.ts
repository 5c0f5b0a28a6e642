import { homedir } from "node:os";
import { join } from "node:path";
import type { LoadDatasetOptions } from "./load.ts";

/** Everything the hub download depends on, read once from the environment and options. */
export interface HubSettings {
  /** No trailing slash, e.g. https://huggingface.co */
  readonly endpoint: string;
  readonly token: string | undefined;
  readonly offline: boolean;
  /** Our datasets live under this root: <root>/<owner>__<name>/<split>/ */
  readonly cacheRoot: string;
}

export const DEFAULT_HF_ENDPOINT = "https://huggingface.co";
const TRUTHY = new Set(["1", "true", "yes", "on"]);

/** HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE and HF_HOME, as huggingface_hub reads them (`env` defaults to process.env). */
export function hubSettings({ env = process.env, cacheDir, offline }: Pick<LoadDatasetOptions, "env" | "cacheDir" | "offline">): HubSettings {
  const endpoint = nonEmpty(env["HF_ENDPOINT"]) ?? DEFAULT_HF_ENDPOINT;
  return {
    endpoint: endpoint.replace(/\/+$/, ""),
    token: nonEmpty(env["HF_TOKEN"]),
    offline: offline === true || TRUTHY.has((env["HF_HUB_OFFLINE"] ?? "").trim().toLowerCase()),
    cacheRoot: cacheDir ?? join(hfHome(env), "sera-bench", "datasets"),
  };
}

function hfHome(env: NodeJS.ProcessEnv): string {
  const explicit = nonEmpty(env["HF_HOME"]);
  if (explicit !== undefined) return explicit;
  const xdg = nonEmpty(env["XDG_CACHE_HOME"]);
  return join(xdg ?? join(homedir(), ".cache"), "huggingface");
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === "" ? undefined : trimmed;
}
