import type { Argv } from "yargs";
import { seraManifest } from "../../protocol/manifest.ts";
import { fetchPublished, publishedSourceOptions } from "../../protocol/published-files.ts";

/** `sera-bench protocol fetch`: SERA's published files into the cache, ahead of offline (cluster) runs. */
export function protocolCommand(yargs: Argv) {
  return yargs.command(
    "protocol <action>",
    "SERA's published protocol files: `protocol fetch` downloads them (pinned commits, sha256-checked) into the cache for offline runs",
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
