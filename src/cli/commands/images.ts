import type { Argv } from "yargs";
import type { CommandEntry } from "../command-list.ts";
import { SAMPLE_DATASET_DIR } from "../../dataset/source.ts";
import { buildSampleImages } from "../../images/sample-images.ts";
import { withImageScaleCommands } from "./images-scale.ts";

export function imagesCommand(yargs: Argv, entry: CommandEntry) {
  return yargs.command(entry.command, entry.describe, (y) =>
    withImageScaleCommands(y)
      .command(
        "build-sample",
        "Build the bundled sample instances' images (base from debootstrap; cached by content)",
        (z) => z.option("instances-dir", { type: "string", default: SAMPLE_DATASET_DIR, defaultDescription: "the bundled sample", describe: "folder of sample instances" }),
        async (argv) => {
          const result = await buildSampleImages({ instancesDir: argv.instancesDir, onLog: (line: string) => process.stderr.write(`${line}\n`) });
          process.stdout.write(`built ${result.built.length}, cached ${result.cached.length}\n`);
        },
      )
      .demandCommand(1, "name an action: build-sample, pull, ls, prune"),
  );
}
