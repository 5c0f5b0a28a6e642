import type { Argv } from "yargs";
import type { CommandEntry } from "../command-list.ts";
import { loadProtocolConfig } from "../../protocol/load.ts";
import { describeProtocol } from "../../protocol/texts.ts";
import { firstRequest, renderRequest } from "../../agent/first-request.ts";
import { parseExtraBody, protocolExtraBody, resolveSampling } from "../sampling.ts";
import { loadSelection } from "../../dataset/load-selection.ts";
import { optional } from "../../util/optional.ts";
import { selectionFrom, withDatasetOptions } from "../options.ts";
import { SeraBenchError } from "../../util/errors.ts";

/** `sera-bench prompt`: the first request of one instance, as JSON or as the text the model sees. */
export function promptCommand(yargs: Argv, entry: CommandEntry) {
  return yargs.command(
    entry.command,
    entry.describe,
    (y) =>
      withDatasetOptions(y)
        .option("agent-config", { type: "string", default: "sera", describe: "sera (SERA's published protocol), sera-own-words, mini-swe-agent@<tag> (e.g. v1.17.2, v2.4.6), a YAML file (ours, SWE-agent's or mini-swe-agent's) or a commit-pinned URL" })
        .option("format", { choices: ["chat", "messages"] as const, default: "chat" as const, describe: "chat: the rendered text (token count on stderr); messages: the request body as JSON" })
        .option("model", { type: "string", default: "allenai/SERA-32B", describe: "model id in the request body" })
        .option("temperature", { type: "number", describe: "sampling temperature (default: the agent config's)" })
        .option("top-p", { type: "number", describe: "nucleus sampling (default: the agent config's; SWE-agent sends 1.0)" })
        .option("max-tokens", { type: "number", describe: "completion budget per call" })
        .option("sampling-seed", { type: "number", describe: "seed sent with the request" })
        .option("extra-body", { type: "string", describe: "JSON object merged into the request (chat_template_kwargs also shape the chat text)" })
        .example("$0 prompt -d verified -i django__django-11099", "the text SERA-32B is given first, and its token count")
        .example("$0 prompt -d sample -i sera-bench__semver-1 --format messages", "the request body as JSON")
        .example("$0 prompt -d sample -i sera-bench__semver-1 --agent-config mini-swe-agent@v1.17.2 --format messages", "the first messages as mini-swe-agent v1.17.2 renders them"),
    async (argv) => {
      const { selected } = await loadSelection({ dataset: argv.dataset, split: argv.split, selection: selectionFrom(argv) }, (line) => process.stderr.write(`${line}\n`));
      if (selected.length !== 1) throw new SeraBenchError(`prompt shows one instance; the selection has ${selected.length}: name one with --instance-ids`);
      const instance = selected[0]!;
      const config = await loadProtocolConfig(argv.agentConfig);
      const extraBody = protocolExtraBody(config, parseExtraBody(argv.extraBody));
      const { temperature, topP } = resolveSampling(argv, config);
      const request = firstRequest(config, instance, {
        model: argv.model, ...optional("temperature", temperature), ...optional("topP", topP), ...optional("maxTokens", argv.maxTokens),
        ...optional("seed", argv.samplingSeed), ...optional("extraBody", extraBody),
      });
      process.stderr.write(`protocol: ${describeProtocol(config.protocol)}\n`);
      if (argv.format === "messages") {
        process.stdout.write(`${JSON.stringify(request.body, null, 2)}\n`);
        return;
      }
      const rendered = await renderRequest(config, request, extraBody);
      process.stdout.write(rendered.text);
      process.stderr.write(`${rendered.tokens} tokens (Qwen3 chat template and tokenizer, bundled)\n`);
      if (rendered.systemTurn !== undefined) {
        process.stderr.write(rendered.systemTurn.equal
          ? "system turn: equal to SERA's training system prompt (constants.py HERMES_DEFAULT_SYSTEM_PROMPT; tools compared as parsed JSON)\n"
          : `system turn: differs from SERA's training system prompt: ${rendered.systemTurn.detail ?? ""}\n`);
      }
    },
  );
}
