import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../src/sandbox/types.ts";
import { BASE_IMAGE, ensureDockerAndBaseImage, testEngine, testLabels, waitForProcess } from "./helpers/docker.ts";

const engine = testEngine();
const labels = testLabels("sandbox-docker");
let sandbox: Sandbox;

beforeAll(async () => {
  ensureDockerAndBaseImage();
  sandbox = await engine.create({ image: BASE_IMAGE, name: `sera-test-sandbox-${Date.now()}`, labels, workdir: "/tmp" });
});

afterAll(async () => {
  await sandbox.remove();
  expect(await engine.listByLabels(labels)).toEqual([]);
});

describe("DockerSandbox.exec", () => {
  it("returns the exit code and stdout+stderr as data", async () => {
    const result = await sandbox.exec(["/bin/sh", "-c", "echo out; echo err >&2; exit 3"]);
    expect(result.exitCode).toBe(3);
    expect(result.timedOut).toBe(false);
    expect(result.output.split("\n").sort()).toEqual(["", "err", "out"]);
  });

  it("honours workdir, user and env", async () => {
    const result = await sandbox.exec(["/bin/sh", "-c", 'echo "$PWD $(id -u) $GREETING"'], { workdir: "/etc", user: "nobody", env: { GREETING: "hi" } });
    expect(result.output.trim()).toBe("/etc 65534 hi");
  });

  it("kills a command and its children on timeout and says so", async () => {
    const result = await sandbox.exec(["/bin/sh", "-c", "echo started; sleep 300 & sleep 300"], { timeoutMs: 1000 });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeNull();
    expect(result.output).toContain("started");
    expect(result.durationMs).toBeLessThan(15_000);
    const left = await sandbox.exec(["/bin/sh", "-c", "ls /proc | grep -c '^[0-9]' ; for p in /proc/[0-9]*; do cat $p/cmdline 2>/dev/null | tr '\\0' ' '; echo; done"]);
    expect(left.output).not.toContain("sleep 300");
  });

  it("replaces invalid UTF-8 instead of failing", async () => {
    const result = await sandbox.exec(["/bin/sh", "-c", "printf 'ok \\377\\376 end'"]);
    expect(result.output).toBe("ok \uFFFD\uFFFD end");
  });

  it("caps 100 MB of output, keeping head and tail and saying what was dropped", async () => {
    const script = "echo HEAD-MARK; head -c 100000000 /dev/zero | tr '\\0' 'x'; echo; echo TAIL-MARK";
    const result = await sandbox.exec(["/bin/sh", "-c", script], { maxOutputBytes: 1_000_000 });
    expect(result.truncated).toBe(true);
    expect(result.output.length).toBeLessThan(1_100_000);
    expect(result.output.startsWith("HEAD-MARK\n")).toBe(true);
    expect(result.output.trimEnd().endsWith("TAIL-MARK")).toBe(true);
    expect(result.output).toMatch(/output truncated, \d+ bytes dropped/);
  });
});

describe("DockerSandbox copy", () => {
  it("copies files in (creating folders, with mode) and out, byte for byte", async () => {
    const bytes = new Uint8Array([0, 1, 2, 255, 254, 10]);
    await sandbox.copyIn([
      { path: "/opt/deep/nested/data.bin", content: bytes },
      { path: "/opt/deep/run.sh", content: "#!/bin/sh\necho ran\n", mode: 0o755 },
    ]);
    expect(Buffer.from(await sandbox.copyOut("/opt/deep/nested/data.bin"))).toEqual(Buffer.from(bytes));
    expect((await sandbox.exec(["/opt/deep/run.sh"])).output).toBe("ran\n");
  });

  it("rejects a relative path", async () => {
    await expect(sandbox.copyIn([{ path: "relative.txt", content: "x" }])).rejects.toThrow(/absolute path/);
  });
});

describe("DockerEngine", () => {
  it("finds containers by label and removes them; removing twice is fine", async () => {
    const extra = await engine.create({ image: BASE_IMAGE, name: `sera-test-extra-${Date.now()}`, labels: { ...labels, extra: "yes" } });
    const found = await engine.listByLabels({ ...labels, extra: "yes" });
    expect(found.map((c) => c.id)).toEqual([extra.id]);
    await engine.removeById(extra.id);
    await extra.remove();
    expect(await engine.listByLabels({ ...labels, extra: "yes" })).toEqual([]);
    expect((await extra.state()).running).toBe(false);
  });

  it("reports a container that died under a command", async () => {
    const victim = await engine.create({ image: BASE_IMAGE, name: `sera-test-victim-${Date.now()}`, labels });
    try {
      const running = victim.exec(["/bin/sh", "-c", "sleep 30"]);
      await waitForProcess(engine, victim.id, /sleep 30/);
      await engine.docker.getContainer(victim.id).kill();
      await running.catch(() => undefined);
      expect((await victim.state()).running).toBe(false);
    } finally {
      await victim.remove();
    }
  });

  it("applies memory and pids limits, unprivileged", async () => {
    const limited = await engine.create({ image: BASE_IMAGE, name: `sera-test-limits-${Date.now()}`, labels, memoryBytes: 256 * 2 ** 20, pidsLimit: 64, network: "none" });
    try {
      const info = await engine.docker.getContainer(limited.id).inspect();
      expect(info.HostConfig.Memory).toBe(256 * 2 ** 20);
      expect(info.HostConfig.PidsLimit).toBe(64);
      expect(info.HostConfig.Privileged).toBe(false);
      expect(info.HostConfig.NetworkMode).toBe("none");
    } finally {
      await limited.remove();
    }
  });

  it("uses an image that is present without pulling", async () => {
    expect(await engine.ensureImage(BASE_IMAGE)).toEqual({ ok: true, image: BASE_IMAGE, pulled: false });
  });

  it("retries a registry that answers 429, then reports the failure with its reason", async () => {
    let requests = 0;
    const registry = createServer((_req, res) => {
      requests++;
      res.writeHead(429, { "Content-Type": "application/json", "Retry-After": "0" });
      res.end(JSON.stringify({ errors: [{ code: "TOOMANYREQUESTS", message: "slow down" }] }));
    });
    await new Promise<void>((resolve) => registry.listen(0, "127.0.0.1", resolve));
    const port = (registry.address() as AddressInfo).port;
    try {
      const result = await engine.ensureImage(`127.0.0.1:${port}/sweb.eval.x86_64.missing:latest`);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/could not pull .*(429|toomanyrequests|too many requests)/i);
      expect(requests).toBeGreaterThanOrEqual(3);
    } finally {
      registry.close();
    }
  });

  it("does not retry an image that does not exist", async () => {
    const registry = createServer((req, res) => {
      if (req.url === "/v2/") {
        res.writeHead(200, { "Docker-Distribution-API-Version": "registry/2.0" });
        res.end("{}");
        return;
      }
      res.writeHead(404, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ errors: [{ code: "MANIFEST_UNKNOWN", message: "manifest unknown" }] }));
    });
    await new Promise<void>((resolve) => registry.listen(0, "127.0.0.1", resolve));
    const port = (registry.address() as AddressInfo).port;
    try {
      const result = await engine.ensureImage(`127.0.0.1:${port}/nothing-here:latest`);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/manifest unknown|not found/i);
    } finally {
      registry.close();
    }
  });
});
