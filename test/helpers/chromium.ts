import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export const CHROMIUM = "/usr/bin/chromium";

/** CI starts from a clean clone: install Debian's chromium when it is absent. */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const asRoot = process.getuid?.() === 0 ? [] : ["sudo", "-n"];
  const run = (args: string[]) => execFileSync(asRoot[0] ?? args[0] ?? "", [...asRoot.slice(1), ...(asRoot.length === 0 ? args.slice(1) : args)], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  run(["apt-get", "update"]);
  run(["apt-get", "install", "-y", "--no-install-recommends", "chromium"]);
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get install chromium did not provide ${CHROMIUM}`);
}

const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars",
];

async function withProfile<T>(use: (profile: string) => T): Promise<T> {
  const profile = await mkdtemp(join(tmpdir(), "sera-bench-chromium-"));
  try {
    return use(profile);
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

/** Headless Chromium renders `file` and writes a PNG screenshot. */
export function screenshot(file: string, png: string, size = "1280,2000"): Promise<void> {
  return withProfile((profile) => {
    execFileSync(CHROMIUM, [...FLAGS, `--user-data-dir=${profile}`, `--screenshot=${png}`, `--window-size=${size}`, pathToFileURL(file).href], { stdio: "pipe", timeout: 120_000 });
  });
}

/** The DOM after Chromium has parsed and laid out `file` (scripts run). */
export function dumpDom(file: string): Promise<string> {
  return withProfile((profile) =>
    execFileSync(CHROMIUM, [...FLAGS, `--user-data-dir=${profile}`, "--dump-dom", pathToFileURL(file).href], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 120_000, maxBuffer: 256 * 1024 * 1024 }),
  );
}
