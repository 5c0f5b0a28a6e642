import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { projectPath } from "../../util/paths.ts";
import {
  fixesFileSchema,
  repoSpecFileSchema,
  type DirectiveStyle,
  type EvalType,
  type InstanceFix,
  type RepoSpecFile,
  type VersionSpec,
} from "./spec-schema.ts";
import { SeraBenchError } from "../../util/errors.ts";

/**
 * The per-repo test specs (harness/specs/<owner>__<name>.json) and per-instance fixes
 * (harness/specs/fixes.json), loaded and validated once.
 */
export const DEFAULT_SPECS_DIR = projectPath("harness/specs/");
const FIXES_FILE = "fixes.json";
const REPO_FILE = /^([\w.-]+)__([\w.-]+)\.json$/;

export interface SpecCatalog {
  readonly dir: string;
  readonly repos: ReadonlyMap<string, RepoSpecFile>;
  readonly fixes: ReadonlyMap<string, InstanceFix>;
}

export interface ResolvedRepoSpec {
  readonly repo: string;
  readonly version: string;
  readonly logParser: string;
  readonly evalType: EvalType;
  readonly directives: DirectiveStyle | undefined;
  readonly spec: VersionSpec;
}

export interface SpecKey {
  readonly instance_id: string;
  readonly repo: string;
  readonly version: string;
}

/** No spec for an instance's repo or version: names the instance and what is known. */
export class SpecLookupError extends SeraBenchError {
  override readonly name = "SpecLookupError";
  constructor(
    readonly key: SpecKey,
    readonly known: readonly string[],
    message: string,
  ) {
    super(message);
  }
}

function readJsonFile<T>(path: string, schema: z.ZodType<T>): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (cause) {
    throw new SeraBenchError(`${path}: not readable as JSON (${String(cause)})`, { cause });
  }
  const result = schema.safeParse(parsed);
  if (!result.success) throw new SeraBenchError(`${path}: invalid spec file\n${z.prettifyError(result.error)}`);
  return result.data;
}

function loadRepoFiles(dir: string): Map<string, RepoSpecFile> {
  const repos = new Map<string, RepoSpecFile>();
  for (const name of readdirSync(dir).sort()) {
    const match = REPO_FILE.exec(name);
    if (!match) continue;
    const file = readJsonFile(join(dir, name), repoSpecFileSchema);
    const expected = `${match[1]}/${match[2]}`;
    if (file.repo !== expected) throw new SeraBenchError(`${join(dir, name)}: repo is "${file.repo}", expected "${expected}" from the file name`);
    repos.set(file.repo, file);
  }
  if (repos.size === 0) throw new SeraBenchError(`${dir}: no <owner>__<name>.json spec files found`);
  return repos;
}

function loadFixes(dir: string): Map<string, InstanceFix> {
  const path = join(dir, FIXES_FILE);
  const fixes = new Map<string, InstanceFix>();
  if (!readdirSync(dir).includes(FIXES_FILE)) return fixes;
  for (const fix of readJsonFile(path, fixesFileSchema).fixes) {
    if (fixes.has(fix.instanceId)) throw new SeraBenchError(`${path}: instance ${fix.instanceId} is listed twice`);
    fixes.set(fix.instanceId, fix);
  }
  return fixes;
}

export function loadSpecCatalog(dir: string = DEFAULT_SPECS_DIR): SpecCatalog {
  return { dir, repos: loadRepoFiles(dir), fixes: loadFixes(dir) };
}

let defaultCatalog: SpecCatalog | undefined;

/** The catalog under harness/specs/, loaded on first use and kept. */
export function defaultSpecCatalog(): SpecCatalog {
  defaultCatalog ??= loadSpecCatalog();
  return defaultCatalog;
}

function naturalOrder(values: Iterable<string>): string[] {
  return [...values].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

export function lookupRepoSpec(key: SpecKey, catalog: SpecCatalog = defaultSpecCatalog()): ResolvedRepoSpec {
  const file = catalog.repos.get(key.repo);
  if (!file) {
    const known = naturalOrder(catalog.repos.keys());
    throw new SpecLookupError(key, known,
      `No test spec for instance ${key.instance_id}: unknown repo "${key.repo}" (version "${key.version}"); ` +
        `known repos: ${known.join(", ")} (specs in ${catalog.dir})`);
  }
  const spec = file.versions[key.version];
  if (!spec) {
    const known = naturalOrder(Object.keys(file.versions));
    throw new SpecLookupError(key, known,
      `No test spec for instance ${key.instance_id}: repo ${key.repo} has no version "${key.version}"; ` +
        `known versions: ${known.join(", ")}`);
  }
  return { repo: file.repo, version: key.version, logParser: file.logParser, evalType: file.evalType, directives: file.directives, spec };
}

export function lookupInstanceFix(instanceId: string, catalog: SpecCatalog = defaultSpecCatalog()): InstanceFix | undefined {
  return catalog.fixes.get(instanceId);
}
