/**
 * A cached protocol file whose sha256 is not the published one is said to be present and wrong (with
 * both digests and the fix), not "missing" (issue 18, item 4.3).
 */
import { createHash } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadAgentConfig } from "../src/protocol/load.ts";
import { seraManifest } from "../src/protocol/manifest.ts";
import { fetchPublished, ProtocolUnavailableError } from "../src/protocol/published-files.ts";
import { SHARED_DATA } from "./helpers/shared.ts";

const PUBLISHED = join(SHARED_DATA, "sera-published");

describe("a protocol cache file with the wrong sha256", () => {
  it("is reported as present with its sha256 and the expected one, and how to fix it", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "sera-published-cache-"));
    await fetchPublished(seraManifest(), { cacheDir, publishedDir: PUBLISHED, baseUrl: "http://127.0.0.1:9" });
    const file = seraManifest().files.find((candidate) => candidate.path.endsWith("edit_anthropic/config.yaml"));
    if (file === undefined) throw new Error("the manifest has no edit_anthropic/config.yaml");
    const cached = join(cacheDir, file.repository, file.path);
    const edited = `${await readFile(cached, "utf8")}# edited\n`;
    await writeFile(cached, edited);
    const actual = createHash("sha256").update(edited).digest("hex");

    const failure = await loadAgentConfig("sera", { published: { cacheDir, publishedDir: undefined, baseUrl: "http://127.0.0.1:9" } }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProtocolUnavailableError);
    const message = String(failure);
    expect(message).toContain(`${cached} is present but its sha256 is ${actual}, not the expected ${file.sha256}`);
    expect(message).toMatch(/delete it and run `sera-bench protocol fetch`/);
    expect(message).not.toMatch(/missing/);
  });
});
