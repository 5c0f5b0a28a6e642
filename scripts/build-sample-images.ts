/**
 * Build (or confirm cached) the images of the bundled sample instances.
 *
 *   tsx scripts/build-sample-images.ts [instances-dir]    (default: instances/sample)
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSampleImages } from "../src/images/sample-images.ts";

const instancesDir = resolve(process.argv[2] ?? fileURLToPath(new URL("../instances/sample", import.meta.url)));

buildSampleImages({ instancesDir, onLog: (line) => console.error(line) }).then(
  ({ built, cached }) => {
    for (const image of built) console.log(`built   ${image}`);
    for (const image of cached) console.log(`cached  ${image}`);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
