import type { Instance } from "./row.ts";
import { DatasetError } from "./errors.ts";
import { listSome } from "./format.ts";
import { seededShuffle } from "./prng.ts";
import { parseSubsetText } from "./subset-file.ts";
import { readText } from "./text-files.ts";

export const DEFAULT_SHUFFLE_SEED = 42;

export interface SelectOptions {
  readonly instanceIds?: readonly string[] | undefined;
  /** owner/name, e.g. django/django */
  readonly repos?: readonly string[] | undefined;
  /** A file of ids, one per line (see parseSubsetText). */
  readonly subsetFile?: string | undefined;
  readonly limit?: number | undefined;
  readonly shuffle?: boolean | undefined;
  /** Default 42; only used with shuffle. */
  readonly seed?: number | undefined;
}

export interface FilterOptions extends Omit<SelectOptions, "subsetFile"> {
  /** Ids read from a subset file, and the file's name for errors. */
  readonly subset?: { readonly ids: readonly string[]; readonly path: string } | undefined;
}

/** Reads the subset file if any, then filterInstances. */
export async function selectInstances(instances: readonly Instance[], options: SelectOptions = {}): Promise<Instance[]> {
  const { subsetFile, ...rest } = options;
  const subset = subsetFile === undefined ? undefined : { ids: parseSubsetText(await readText(subsetFile), subsetFile), path: subsetFile };
  return filterInstances(instances, { ...rest, subset });
}

/**
 * Pure selection. Every filter given must hold (ids, subset, repos); then an optional seeded
 * shuffle, then the limit. Without shuffle the dataset order is kept.
 */
export function filterInstances(instances: readonly Instance[], options: FilterOptions): Instance[] {
  checkNumbers(options);
  const known = new Set(instances.map((instance) => instance.instance_id));
  const ids = options.instanceIds === undefined ? undefined : knownIds(options.instanceIds, known, "--instance-ids");
  const subset = options.subset === undefined ? undefined : knownIds(options.subset.ids, known, `subset file ${options.subset.path}`);
  const repos = options.repos === undefined ? undefined : knownRepos(options.repos, instances);
  const kept = instances.filter(
    (instance) =>
      (ids?.has(instance.instance_id) ?? true) &&
      (subset?.has(instance.instance_id) ?? true) &&
      (repos?.has(instance.repo) ?? true),
  );
  const ordered = options.shuffle === true ? seededShuffle(kept, options.seed ?? DEFAULT_SHUFFLE_SEED) : kept;
  return options.limit === undefined ? ordered : ordered.slice(0, options.limit);
}

function knownIds(ids: readonly string[], known: ReadonlySet<string>, from: string): Set<string> {
  const unknown = [...new Set(ids)].filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new DatasetError(`${unknown.length} instance id(s) from ${from} are not in the dataset: ${listSome(unknown)}`);
  }
  return new Set(ids);
}

function knownRepos(repos: readonly string[], instances: readonly Instance[]): Set<string> {
  const present = new Set(instances.map((instance) => instance.repo));
  const unknown = repos.filter((repo) => !present.has(repo));
  if (unknown.length > 0) {
    const available = [...present].sort().join(", ");
    throw new DatasetError(`No instances for repo(s) ${listSome(unknown)}: expected owner/name among ${available}`);
  }
  return new Set(repos);
}

function checkNumbers(options: FilterOptions): void {
  if (options.limit !== undefined && !(Number.isInteger(options.limit) && options.limit > 0)) {
    throw new DatasetError(`Invalid limit ${options.limit}: expected a positive integer`);
  }
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) {
    throw new DatasetError(`Invalid seed ${options.seed}: expected an integer`);
  }
}
