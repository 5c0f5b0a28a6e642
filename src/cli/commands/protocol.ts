import type { Argv } from "yargs";
import type { CommandEntry } from "../command-list.ts";
import { seraManifest } from "../../protocol/manifest.ts";
import { fetchPublished, publishedSourceOptions } from "../../protocol/published-files.ts";

/** `sera-bench protocol fetch`: SERA's published files into the cache, ahead of offline (cluster) runs. */
export function protocolCommand(yargs: Argv, entry: CommandEntry) {
  return yargs.command(
    entry.command,
    entry.describe,
    (y) =>
      y
        .positional("action", { choices: ["fetch"] as const, demandOption: true, describe: "fetch: fill the cache" })
        .example("$0 protocol fetch", "download once; then copy ~/.cache/sera-bench/published to offline machines (or point SERA_BENCH_PUBLISHED_DIR at it)"),
    async () => {
      const options = publishedSourceOptions();
      const manifest = seraManifest();
      const fetched = await fetchPublished(manifest, options);
      for (const { file, origin } of fetched) process.stdout.write(`${file}  <- ${origin}\n`);
      process.stdout.write(`${fetched.length} file(s) of SERA's published protocol in ${options.cacheDir ?? "the cache"} (sha256 checked)\n`);
    },
  );
}
