import { execFileSync, spawnSync } from "node:child_process";
import { requireCommands } from "./test-deps.ts";
import { waitFor } from "./wait.ts";
import { DockerEngine } from "../../src/sandbox/docker/engine.ts";

export const BASE_IMAGE = "sera-bench/base:bookworm";

/** Docker up and the debootstrap base image present (built once; cached afterwards). */
export function ensureDockerAndBaseImage(): void {
  requireCommands("docker.io", "docker", "dockerd");
  execFileSync("bash", ["scripts/ensure-docker.sh"], { stdio: "inherit" });
  if (spawnSync("docker", ["image", "inspect", BASE_IMAGE], { stdio: "ignore" }).status !== 0) requireCommands("debootstrap", "debootstrap");
  execFileSync("bash", ["scripts/build-base-image.sh"], { stdio: "inherit" });
}

export function testEngine(): DockerEngine {
  return new DockerEngine({ pullPolicy: { attempts: 3, baseDelayMs: 50, maxDelayMs: 200 } });
}

/** Containers of a test carry this label so each suite can check it left none behind. */
export function testLabels(suite: string): Record<string, string> {
  return { "sera-bench": "1", "sera-bench.test": suite };
}

/**
 * Waits until a process whose command line matches `pattern` runs in the container (read with
 * `docker top`, polled): a condition, not a fixed delay, so a busy machine only makes it slower.
 */
export async function waitForProcess(engine: DockerEngine, containerId: string, pattern: RegExp, timeoutMs = 180_000): Promise<void> {
  await waitFor(async () => {
    const top = await engine.docker.getContainer(containerId).top().catch(() => undefined);
    const column = top?.Titles.indexOf("CMD") ?? -1;
    return top !== undefined && (top.Processes ?? []).some((row: string[]) => pattern.test(row[column] ?? "")) ? true : undefined;
  }, `a process matching ${pattern} in container ${containerId}`, timeoutMs);
}

export { waitFor } from "./wait.ts";
