import type { Argv } from "yargs";
import type { CommandEntry } from "../command-list.ts";
import { countWireRequest } from "../../model/scripted/tokenize.ts";
import { loadScriptFile, sourceFromScriptFile } from "../../model/scripted/script-file.ts";
import { startScriptedServer } from "../../model/scripted/server.ts";
import { SeraBenchError } from "../../util/errors.ts";
import { optional } from "../../util/optional.ts";

/** `sera-bench serve-scripted --script FILE`: a scripted OpenAI-compatible server for demos and tests. */
export function serveScriptedCommand(yargs: Argv, entry: CommandEntry) {
  return yargs.command(
    entry.command,
    entry.describe,
    (y) =>
      y
        .option("script", { type: "string", demandOption: true, describe: "script JSON file (see harness/agents/scripted/README.md)" })
        .option("port", { type: "number", default: 0, describe: "port on 127.0.0.1 (0 = any free port)" })
        .option("latency-ms", { type: "number", default: 0, describe: "added before every answer" })
        .option("max-model-len", { type: "number", default: 32768, describe: "context length reported by /v1/models and /tokenize" })
        .example("$0 serve-scripted --script harness/agents/scripted/solver.example.json", "serve the example solver"),
    async (argv) => {
      if (!(Number.isInteger(argv.port) && argv.port >= 0 && argv.port <= 65535)) throw new SeraBenchError(`--port: expected 0..65535, got ${argv.port}`);
      if (!(argv.latencyMs >= 0)) throw new SeraBenchError(`--latency-ms: expected a number >= 0, got ${argv.latencyMs}`);
      const file = await loadScriptFile(argv.script);
      const server = await startScriptedServer({
        source: sourceFromScriptFile(file),
        port: argv.port,
        latencyMs: argv.latencyMs,
        maxModelLen: argv.maxModelLen,
        countTokens: countWireRequest,
        ...optional("model", file.model),
      });
      process.stdout.write(`${server.baseUrl}\n`);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
      });
      await server.close();
      process.stderr.write(`scripted server stopped after ${server.requests.length} request(s)\n`);
    },
  );
}
