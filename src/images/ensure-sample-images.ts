import { stat, readdir } from "node:fs/promises";
import { join } from "node:path";
import { resolveDatasetSource } from "../dataset/source.ts";
import { buildSampleImages } from "./sample-images.ts";

/**
 * When the dataset is a folder of sample-format instances (each `<id>/` with its `repo/`, as the
 * bundled sample), builds their images unless they are current (cached by content, as
 * `images build-sample` does): such images are ours, so no registry has them. A line per image built.
 */
export async function ensureSampleImages(dataset: string, onNotice: (line: string) => void): Promise<void> {
  const source = await resolveDatasetSource(dataset);
  if (source.kind !== "folder" || !(await holdsSampleRepos(source.path))) return;
  let announced = false;
  const result = await buildSampleImages({
    instancesDir: source.path,
    onBuild: (line) => {
      if (!announced) onNotice(`the sample's images are missing or out of date: building them (${source.path})`);
      announced = true;
      onNotice(line);
    },
  });
  if (result.built.length > 0) onNotice(`sample images: built ${result.built.length}, cached ${result.cached.length}`);
}

async function holdsSampleRepos(dir: string): Promise<boolean> {
  for (const name of await readdir(dir)) {
    const repo = await stat(join(dir, name, "repo")).catch(() => undefined);
    if (repo?.isDirectory() === true) return true;
  }
  return false;
}
