import { execFileSync, spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { requireCommands } from "./test-deps.ts";

/**
 * Debian's chromium, installed by scripts/ensure-test-deps.sh (npm test). Tests driving it through
 * playwright-core pass it as `chromium.launch({ executablePath: CHROMIUM })`: playwright-core
 * downloads no browser.
 */
export const CHROMIUM = "/usr/bin/chromium";

/** Fails with the command that installs it when Debian's chromium is absent. */
export function requireChromium(): void {
  requireCommands("chromium", CHROMIUM);
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

/** The DOM as dumpDom gives it, with what the page logged (console messages, uncaught script errors) from Chromium's stderr. */
export function dumpDomWithConsole(file: string): Promise<{ dom: string; log: string }> {
  return withProfile((profile) => {
    const result = spawnSync(CHROMIUM, [...FLAGS, `--user-data-dir=${profile}`, "--enable-logging=stderr", "--v=0", "--dump-dom", pathToFileURL(file).href], { encoding: "utf8", timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
    if (result.status !== 0) throw new Error(`chromium --dump-dom ${file} failed (${String(result.status)}): ${result.stderr}`);
    return { dom: result.stdout, log: result.stderr };
  });
}
