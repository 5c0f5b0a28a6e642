/**
 * Pull failures: which heal (429, 5xx, time-outs: back off and retry) and which cannot (no such
 * host, refused, unauthorized, no such image: one attempt, a message naming the image and the fix).
 * The fixtures are the daemon's own answers (POST /images/create, engine 20.10.24 with the Docker
 * 28.2.2 client on this machine) to pulls from: 127.0.0.1:1, no-such-host.invalid, Debian's
 * docker-registry (plain, and with htpasswd auth), small local servers answering as registries do
 * (Docker Hub's 401 with a token realm, 403 DENIED, NAME_UNKNOWN, 429, 502, 503), and a TCP port
 * that never answers TLS.
 */
import { execFileSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_PULL_POLICY, pullImage } from "../src/sandbox/docker/pull.ts";
import { classifyPullError, describePullFailure, pullErrorFacts } from "../src/sandbox/docker/pull-errors.ts";
import type { PullFailureKind } from "../src/sandbox/docker/pull-errors.ts";
import { DockerEngine } from "../src/sandbox/docker/engine.ts";
import { startRegistry } from "./helpers/registry.ts";

interface Fixture {
  readonly what: string;
  readonly status?: number;
  readonly message: string;
  readonly kind: PullFailureKind;
  readonly retry: boolean;
}

/** The daemon's answers: status code of POST /images/create and its message. */
const FIXTURES: readonly Fixture[] = [
  { what: "connection refused", status: 500, kind: "unreachable", retry: false, message: 'Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused' },
  { what: "DNS: no such host", status: 500, kind: "unreachable", retry: false, message: 'Get "https://no-such-host.invalid/v2/": dial tcp: lookup no-such-host.invalid on 10.255.255.53:53: no such host' },
  { what: "manifest unknown (docker-registry)", status: 404, kind: "not-found", retry: false, message: "manifest for 127.0.0.1:5931/sera/missing:y not found: manifest unknown: manifest unknown" },
  { what: "repository not known (NAME_UNKNOWN)", status: 500, kind: "not-found", retry: false, message: "name unknown" },
  { what: "Hub-style 401: repository does not exist or needs login", status: 404, kind: "unauthorized", retry: false, message: "pull access denied for 127.0.0.1:5940/sera/img, repository does not exist or may require 'docker login': denied: requested access to the resource is denied" },
  { what: "401 without credentials (docker-registry, htpasswd)", status: 500, kind: "unauthorized", retry: false, message: 'Head "http://127.0.0.1:5932/v2/sera/missing/manifests/y": no basic auth credentials' },
  { what: "401 with wrong credentials (docker-registry, htpasswd)", status: 500, kind: "unauthorized", retry: false, message: "unauthorized: authentication required" },
  { what: "403 DENIED", status: 500, kind: "unauthorized", retry: false, message: "denied" },
  { what: "invalid reference", status: 400, kind: "invalid-name", retry: false, message: "invalid reference format: repository name must be lowercase" },
  { what: "429 rate limit", status: 500, kind: "rate-limited", retry: true, message: "toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit" },
  { what: "503", status: 500, kind: "server-error", retry: true, message: "received unexpected HTTP status: 503 Service Unavailable" },
  { what: "502", status: 500, kind: "server-error", retry: true, message: "received unexpected HTTP status: 502 Bad Gateway" },
  { what: "TLS handshake time-out", status: 500, kind: "timeout", retry: true, message: 'Get "https://172.17.0.1:5960/v2/": net/http: TLS handshake timeout' },
  { what: "a message no rule knows (made up) with status 500", status: 500, kind: "unknown", retry: true, message: "something else went wrong" },
];

describe("classifyPullError: the daemon's answers", () => {
  for (const fixture of FIXTURES) {
    it(`${fixture.what}: ${fixture.kind}, ${fixture.retry ? "retried" : "one attempt"}`, () => {
      expect(classifyPullError(fixture)).toEqual({ kind: fixture.kind, retry: fixture.retry });
    });
  }

  it("an unknown error inside the progress stream (no status) is not retried; a full disk says how to free space", () => {
    expect(classifyPullError({ message: "unexpected failure" })).toEqual({ kind: "unknown", retry: false });
    const facts = { message: "write /var/lib/docker/tmp/x: no space left on device" };
    const failure = classifyPullError(facts);
    expect(failure).toEqual({ kind: "disk-full", retry: false });
    expect(describePullFailure("a/b:c", facts, failure)).toMatch(/images prune --budget/);
  });

  it("reads the status and the daemon's text out of a dockerode error", () => {
    const error = Object.assign(new Error('(HTTP code 500) server error - Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused '), { statusCode: 500 });
    expect(pullErrorFacts(error)).toEqual({ status: 500, message: 'Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused' });
  });

  it("the message names the image, the registry and the fix", () => {
    const say = (image: string, fixture: Fixture) => describePullFailure(image, fixture, classifyPullError(fixture));
    const [refused, , missing, , hub] = FIXTURES as [Fixture, Fixture, Fixture, Fixture, Fixture];
    expect(say("127.0.0.1:1/x:y", refused)).toMatch(/^could not pull 127\.0\.0\.1:1\/x:y: .*connection refused\. Registry 127\.0\.0\.1:1 cannot be reached: .*--namespace, --image-template.*sera-bench images build-sample/);
    expect(say("swebench/sweb.eval.x86_64.a:latest", hub)).toMatch(/Registry docker\.io refused access: if the image is private, run `docker login docker\.io`/);
    expect(say("127.0.0.1:5931/sera/missing:y", missing)).toMatch(/Registry 127\.0\.0\.1:5931 has no such image: name a registry that has the images \(--namespace, --image-template\)/);
  });
});

describe("pulls that cannot heal fail at once (real engine)", () => {
  let registryPort = 0;
  beforeAll(async () => {
    execFileSync("bash", ["scripts/ensure-docker.sh"], { stdio: "inherit" });
    const registry = await startRegistry();
    registryPort = registry.port;
    return () => registry.stop();
  });

  const cases = [
    { image: "127.0.0.1:1/x:y", pattern: /connection refused\. Registry 127\.0\.0\.1:1 cannot be reached/ },
    { image: "no-such-host.invalid/x:y", pattern: /no such host\. Registry no-such-host\.invalid cannot be reached/ },
  ];
  for (const { image, pattern } of cases) {
    it(`${image}: one attempt under the default policy, the fix in the message`, async () => {
      const started = performance.now();
      const result = await pullImage(new DockerEngine().docker, image, DEFAULT_PULL_POLICY);
      const elapsed = performance.now() - started;
      expect(result).toMatchObject({ ok: false, attempts: 1, kind: "unreachable" });
      expect(result.ok ? "" : result.reason).toMatch(pattern);
      expect(elapsed).toBeLessThan(30_000);
    });
  }

  it("an image the registry does not have: one attempt, manifest unknown", async () => {
    const image = `127.0.0.1:${registryPort}/sera-test/missing:y`;
    const result = await pullImage(new DockerEngine().docker, image, DEFAULT_PULL_POLICY);
    expect(result).toMatchObject({ ok: false, attempts: 1, kind: "not-found" });
    expect(result.ok ? "" : result.reason).toMatch(/manifest unknown\. Registry .* has no such image/);
  });

  it("the engine's ensureImage (what evaluation and rollouts call) fails at once too", async () => {
    const started = performance.now();
    const result = await new DockerEngine().ensureImage("127.0.0.1:1/x:y");
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.reason).toMatch(/^could not pull 127\.0\.0\.1:1\/x:y: .*cannot be reached/);
    expect(performance.now() - started).toBeLessThan(30_000);
  });
});
