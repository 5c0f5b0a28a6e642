import { execFileSync } from "node:child_process";
import { DockerEngine } from "../../src/sandbox/docker/engine.ts";

export const BASE_IMAGE = "sera-bench/base:bookworm";

/** Docker up and the debootstrap base image present (built once; cached afterwards). */
export function ensureDockerAndBaseImage(): void {
  execFileSync("bash", ["scripts/ensure-docker.sh"], { stdio: "inherit" });
  execFileSync("bash", ["scripts/build-base-image.sh"], { stdio: "inherit" });
}

export function testEngine(): DockerEngine {
  return new DockerEngine({ pullPolicy: { attempts: 3, baseDelayMs: 50, maxDelayMs: 200 } });
}

/** Containers of a test carry this label so each suite can check it left none behind. */
export function testLabels(suite: string): Record<string, string> {
  return { "sera-bench": "1", "sera-bench.test": suite };
}
