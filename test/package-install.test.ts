/**
 * The npm package as a user gets it: `npm pack` on this checkout, the tarball installed into a
 * temporary prefix, and the installed `sera-bench` run from an unrelated directory (so nothing
 * resolves against the checkout): --help, --version, specs, images build-sample, the sample's gold
 * eval and the demo, whose report reads a run.json written outside any git checkout.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDockerAndBaseImage } from "./helpers/docker.ts";
import { tempDir } from "./helpers/eval-run.ts";
import { REPO_ROOT, SHARED_DATA } from "./helpers/shared.ts";

const VERIFIED = join(SHARED_DATA, "swe-bench-verified.test.parquet");

interface Ran { status: number | null; stdout: string; stderr: string }

describe("the installed npm package", () => {
  let dir = "";
  let tarball = "";
  let bin = "";
  let cwd = "";
  const sera = (args: readonly string[]): Ran => {
    const child = spawnSync(bin, args, { cwd, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
    return { status: child.status, stdout: child.stdout, stderr: child.stderr };
  };

  beforeAll(async () => {
    ensureDockerAndBaseImage();
    dir = await tempDir("package");
    const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: REPO_ROOT, encoding: "utf8" });
    tarball = join(dir, packed.trim().split("\n").at(-1) ?? "");
    const prefix = join(dir, "prefix");
    execFileSync("npm", ["install", "--global", "--prefix", prefix, "--no-audit", "--no-fund", "--prefer-offline", tarball], { cwd: dir, stdio: "ignore" });
    bin = join(prefix, "bin", "sera-bench");
    cwd = join(dir, "elsewhere");
    await mkdir(cwd);
  }, 600_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("carries what the commands need and no tests, sources or CI files", () => {
    const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n").map((line) => line.replace(/^package\//, ""));
    for (const needed of ["bin/sera-bench.js", "dist/cli/main.js", "harness/specs/django__django.json", "instances/sample/sera-bench__csvlite-1/instance.json", "scripts/build-base-image.sh"]) {
      expect(files, needed).toContain(needed);
    }
    const strays = files.filter((file) => /^(test|bench|src|\.ci|results)\//.test(file) || file.endsWith(".test.ts"));
    expect(strays).toEqual([]);
  });

  it("installs without tsx and answers --help and --version with its own version", async () => {
    const manifest = JSON.parse(await readFile(join(REPO_ROOT, "package.json"), "utf8")) as { version: string; dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies)).not.toContain("tsx");
    const help = sera(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/sera-bench eval\b/);
    expect(help.stdout).toMatch(/sera-bench demo\b/);
    expect(sera(["--version"]).stdout.trim()).toBe(manifest.version);
  });

  it("prints a Verified instance's spec", () => {
    const specs = sera(["specs", "--dataset", VERIFIED, "-i", "django__django-11099"]);
    expect(specs.status, specs.stderr).toBe(0);
    const spec = JSON.parse(specs.stdout) as { instance_id: string; log_parser: string };
    expect(spec).toMatchObject({ instance_id: "django__django-11099", log_parser: "parse_log_django" });
  });

  it("builds the bundled sample's images and resolves its gold patches", { timeout: 900_000 }, async () => {
    const built = sera(["images", "build-sample"]);
    expect(built.status, built.stderr).toBe(0);
    expect(built.stdout).toMatch(/^built \d+, cached \d+$/m);
    const evaluated = sera(["eval", "--dataset", "sample", "--predictions", "gold", "--run-id", "installed", "-o", "runs"]);
    expect(evaluated.status, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toContain("Instances resolved: 6");
    const meta = JSON.parse(await readFile(join(cwd, "runs", "installed", "run.json"), "utf8")) as { git_revision: unknown };
    expect(meta.git_revision).toBeNull();
  });

  it("runs the demo: scripted rollouts, evaluation and the report", { timeout: 900_000 }, () => {
    const demo = sera(["demo", "-o", "runs"]);
    expect(demo.status, demo.stderr).toBe(0);
    expect(demo.stdout).toContain("Instances resolved: 6");
    expect(demo.stdout).toMatch(/^sample-demo: /m);
  });
});
