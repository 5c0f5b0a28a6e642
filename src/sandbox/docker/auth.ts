import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export interface RegistryAuth {
  readonly username: string;
  readonly password: string;
  readonly serveraddress: string;
}

/** The registry part of an image reference (Docker Hub when there is none). */
export function registryOf(image: string): string {
  const first = image.split("/")[0] ?? "";
  const looksLikeHost = image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  return looksLikeHost ? first : "docker.io";
}

const HUB_KEYS = ["https://index.docker.io/v1/", "index.docker.io", "docker.io", "registry-1.docker.io"];

/**
 * Credentials for the image's registry from `~/.docker/config.json` (or $DOCKER_CONFIG/config.json),
 * `auths.<registry>.auth` (base64 user:password). Credential helpers are not run.
 */
export function authFor(image: string, env: NodeJS.ProcessEnv = process.env): RegistryAuth | undefined {
  const dir = env.DOCKER_CONFIG ?? join(homedir(), ".docker");
  let config: { auths?: Record<string, { auth?: string }> };
  try {
    config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8")) as typeof config;
  } catch {
    return undefined;
  }
  const registry = registryOf(image);
  const keys = registry === "docker.io" ? HUB_KEYS : [registry, `https://${registry}`, `http://${registry}`];
  for (const key of keys) {
    const encoded = config.auths?.[key]?.auth;
    if (encoded === undefined) continue;
    const decoded = Buffer.from(encoded, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) continue;
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), serveraddress: key };
  }
  return undefined;
}
