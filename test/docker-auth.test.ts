import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { authFor, registryOf } from "../src/sandbox/docker/auth.ts";

async function dockerConfig(auths: Record<string, { auth: string }>): Promise<NodeJS.ProcessEnv> {
  const dir = await mkdtemp(join(tmpdir(), "sera-docker-config-"));
  await writeFile(join(dir, "config.json"), JSON.stringify({ auths }));
  return { DOCKER_CONFIG: dir };
}

const b64 = (text: string) => Buffer.from(text).toString("base64");

describe("registry credentials from ~/.docker/config.json", () => {
  it("finds the registry of an image reference", () => {
    expect(registryOf("swebench/sweb.eval.x86_64.django_1776_django-11099:latest")).toBe("docker.io");
    expect(registryOf("ghcr.io/epoch-research/swe-bench.eval.x86_64.x:latest")).toBe("ghcr.io");
    expect(registryOf("127.0.0.1:5000/sweb.eval.x86_64.x:latest")).toBe("127.0.0.1:5000");
    expect(registryOf("ubuntu:22.04")).toBe("docker.io");
  });

  it("uses Docker Hub's entry for Hub images and the host's entry for others", async () => {
    const env = await dockerConfig({ "https://index.docker.io/v1/": { auth: b64("hubuser:hub:pass") }, "ghcr.io": { auth: b64("gh:token") } });
    expect(authFor("swebench/sweb.eval.x86_64.a:latest", env)).toEqual({ username: "hubuser", password: "hub:pass", serveraddress: "https://index.docker.io/v1/" });
    expect(authFor("ghcr.io/org/image:latest", env)).toEqual({ username: "gh", password: "token", serveraddress: "ghcr.io" });
    expect(authFor("127.0.0.1:5000/image:latest", env)).toBeUndefined();
  });

  it("no config file means anonymous pulls", () => {
    expect(authFor("swebench/x:latest", { DOCKER_CONFIG: "/nonexistent" })).toBeUndefined();
  });
});
