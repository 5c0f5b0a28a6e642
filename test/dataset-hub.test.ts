import { readFile, mkdtemp, rm, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadDataset } from "../src/dataset/load.ts";

const VERIFIED_PARQUET = fileURLToPath(new URL("../../shared/data/swe-bench-verified.test.parquet", import.meta.url));
const NAME = "SWE-bench/SWE-bench_Verified";
const API_PATH = `/api/datasets/${NAME}/parquet/default/test`;
const RESOLVE_PATH = `/datasets/${NAME}/resolve/main/data/test-00000-of-00001.parquet`;
const FILE_PATH = `/api/datasets/${NAME}/parquet/default/test/0.parquet`;

interface SeenRequest {
  readonly path: string;
  readonly authorization: string | undefined;
}

interface FakeHub {
  readonly endpoint: string;
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

let parquet: Buffer;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  parquet = await readFile(VERIFIED_PARQUET);
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A real HTTP server on 127.0.0.1 answering like the hub; `routes` maps a path to a status or a body. */
async function startHub(routes: (endpoint: string) => Record<string, number | Buffer | string>): Promise<FakeHub> {
  const seen: SeenRequest[] = [];
  let table: Record<string, number | Buffer | string> = {};
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = decodeURIComponent(request.url ?? "");
    seen.push({ path, authorization: request.headers.authorization });
    const answer = table[path] ?? 404;
    if (typeof answer === "number") response.writeHead(answer).end();
    else response.writeHead(200).end(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  table = routes(endpoint);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  cleanups.push(close);
  return { endpoint, seen, close };
}

async function tempHome(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "sera-hf-home-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const apiRoutes = (endpoint: string) => ({ [API_PATH]: JSON.stringify([`${endpoint}${FILE_PATH}`]), [FILE_PATH]: parquet });

describe("loadDataset from the hub", () => {
  it("downloads through the parquet API with the token, caches the split, then loads from the cache with the server down", async () => {
    const hub = await startHub(apiRoutes);
    const home = await tempHome();
    const env = { HF_ENDPOINT: hub.endpoint, HF_TOKEN: "hf_secret", HF_HOME: home };

    const first = await loadDataset({ dataset: "verified", env });
    expect(first).toHaveLength(500);
    expect(hub.seen.map((request) => request.path)).toEqual([API_PATH, FILE_PATH]);
    expect(hub.seen.every((request) => request.authorization === "Bearer hf_secret")).toBe(true);

    const cacheDir = join(home, "sera-bench", "datasets", "SWE-bench__SWE-bench_Verified", "test");
    expect((await stat(join(cacheDir, "part-00000.parquet"))).size).toBe(parquet.byteLength);
    const manifest = JSON.parse(await readFile(join(cacheDir, "manifest.json"), "utf8")) as { files: { url: string }[] };
    expect(manifest.files[0]?.url).toBe(`${hub.endpoint}${FILE_PATH}`);

    await hub.close();
    const second = await loadDataset({ dataset: "verified", env });
    expect(second.map((instance) => instance.instance_id)).toEqual(first.map((instance) => instance.instance_id));
    expect(hub.seen).toHaveLength(2);
  });

  it("falls back to the resolve URL when the parquet API has no listing", async () => {
    const hub = await startHub(() => ({ [RESOLVE_PATH]: parquet }));
    const env = { HF_ENDPOINT: `${hub.endpoint}/`, HF_HOME: await tempHome() };
    const instances = await loadDataset({ dataset: NAME, env });
    expect(instances).toHaveLength(500);
    expect(hub.seen.map((request) => request.path)).toEqual([API_PATH, RESOLVE_PATH]);
    expect(hub.seen.every((request) => request.authorization === undefined)).toBe(true);
  });

  it("with refresh and the hub unreachable, uses the cache and says so", async () => {
    const hub = await startHub(apiRoutes);
    const cacheDir = await tempHome();
    const env = { HF_ENDPOINT: hub.endpoint };
    await loadDataset({ dataset: "verified", env, cacheDir });
    await hub.close();
    const notices: string[] = [];
    const instances = await loadDataset({ dataset: "verified", env, cacheDir, refresh: true, onNotice: (line) => notices.push(line) });
    expect(instances).toHaveLength(500);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/could not refresh SWE-bench\/SWE-bench_Verified \(split test\).*using the cached copy/);
  });

  it("offline without a cache fails without touching the network", async () => {
    const calls: string[] = [];
    const fetch = (input: string | URL | Request) => {
      calls.push(String(input));
      return Promise.reject(new Error("must not be called"));
    };
    const home = await tempHome();
    const expected = /not in the cache .* offline mode is on[\s\S]*pass a local \.parquet\/\.json\/\.jsonl file with --dataset/;
    await expect(loadDataset({ dataset: "verified", env: { HF_HOME: home }, offline: true, fetch })).rejects.toThrow(expected);
    await expect(loadDataset({ dataset: "lite", env: { HF_HOME: home, HF_HUB_OFFLINE: "1" }, fetch })).rejects.toThrow(expected);
    expect(calls).toEqual([]);
  });

  it("with nothing reachable and no cache, lists what was tried and how to fix it", async () => {
    const hub = await startHub(() => ({}));
    await hub.close();
    const error = (await loadDataset({ dataset: "verified", env: { HF_ENDPOINT: hub.endpoint, HF_HOME: await tempHome() } }).catch(
      (caught: unknown) => caught,
    )) as Error;
    expect(error.message).toContain(`GET ${hub.endpoint}${API_PATH}: network error`);
    expect(error.message).toContain(`GET ${hub.endpoint}${RESOLVE_PATH}: network error`);
    expect(error.message).toContain("Network failure");
    expect(error.message).toMatch(/--dataset.*HF_ENDPOINT.*HF_TOKEN/);
  });
});

describe("hub errors by status (injected fetch)", () => {
  const statusFetch = (status: number) => () => Promise.resolve(new Response(null, { status }));
  const load = async (status: number, token?: string) => {
    const env = { HF_HOME: await tempHome(), ...(token === undefined ? {} : { HF_TOKEN: token }) };
    const error = (await loadDataset({ dataset: "owner/gated", env, fetch: statusFetch(status) }).catch((caught: unknown) => caught)) as Error;
    return error.message;
  };

  it("401 without a token asks for HF_TOKEN; with one says it was rejected", async () => {
    expect(await load(401)).toMatch(/HTTP 401[\s\S]*401 Unauthorized: the hub wants authentication .* set HF_TOKEN/);
    expect(await load(401, "hf_bad")).toMatch(/401 Unauthorized: the hub rejected HF_TOKEN/);
  });

  it("403 points at gated-dataset terms", async () => {
    expect(await load(403)).toMatch(/403 Forbidden: .*gated: accept its terms/);
  });

  it("404 points at the name and split", async () => {
    const message = await load(404);
    expect(message).toMatch(/404 Not Found: check the dataset name \(owner\/name\) and the split \(--split\)/);
    expect(message).not.toMatch(/Unauthorized|Forbidden/);
  });

  it("sends the token only to the endpoint's origin and never caches a non-parquet answer", async () => {
    const seen: { url: string; authorization: string | null }[] = [];
    const fetch = (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input);
      seen.push({ url, authorization: new Headers(init?.headers).get("authorization") });
      if (url.endsWith("/parquet/default/test")) return Promise.resolve(Response.json(["https://cdn.example/0.parquet"]));
      return Promise.resolve(new Response("<html>login</html>", { status: 200 }));
    };
    const env = { HF_ENDPOINT: "https://hub.example", HF_TOKEN: "hf_secret", HF_HOME: await tempHome() };
    await expect(loadDataset({ dataset: "owner/name", env, fetch })).rejects.toThrow(/the response is not a parquet file/);
    expect(seen.map((request) => request.authorization)).toEqual(["Bearer hf_secret", null, "Bearer hf_secret"]);
  });
});
