import type { Argv } from "yargs";

/** `--redo-errors` is accepted and ignored: an error is never final, every re-run retries it. */
export const REDO_ERRORS_RETIRED = "--redo-errors is retired and ignored: every re-run of a run id retries the instances that ended in an error (a harness, engine or model-server failure); --redo re-runs everything";

/** Flags of `infer` and `run`: model endpoint, sampling, context, limits, agent config, workers. */
export function withAgentOptions<T>(yargs: Argv<T>) {
  return yargs
    .option("run-id", { type: "string", demandOption: true, describe: "name of the run (with --seeds N: <run-id>-s1 ... -sN); re-running it with the same inputs resumes (other inputs are refused: see --redo-changed)" })
    .option("model", { type: "string", demandOption: true, describe: "model id on the server, or 'scripted' for the built-in scripted model (the sample's solutions)" })
    .option("model-name", { type: "string", describe: "name in predictions and reports (default: --model)" })
    .option("base-url", { type: "string", describe: "OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1 (vLLM)" })
    .option("api-key", { type: "string", describe: "API key (default: $OPENAI_API_KEY); never written to results/" })
    .option("temperature", { type: "number", describe: "sampling temperature (default: the agent config's: sera's e2e.yaml 0.0; SERA's evaluation value is unpublished)" })
    .option("top-p", { type: "number", describe: "nucleus sampling (default: the agent config's; SWE-agent sends 1.0)" })
    .option("max-tokens", { type: "number", describe: "completion budget per call (counted against the context)" })
    .option("sampling-seed", { type: "number", describe: "seed sent to the server with every request (with --seeds N: the first of N; default 1)" })
    .option("seeds", { type: "number", default: 1, describe: "independent runs <run-id>-s1..sN with sampling seeds s..s+N-1" })
    .option("extra-body", { type: "string", describe: "JSON object merged into every request, e.g. '{\"top_k\":20}'" })
    .option("request-timeout", { type: "number", default: 600, describe: "seconds per model request attempt" })
    .option("context", { type: "string", default: "32k", describe: "context length: 32k, 64k or tokens" })
    .option("on-overflow", { choices: ["autosubmit", "retry"] as const, default: "autosubmit" as const, describe: "when the prompt would not fit: submit the current diff (exit_context), or resample" })
    .option("overflow-retries", { type: "number", default: 3, describe: "resamples with --on-overflow retry" })
    .option("tokenizer", { choices: ["auto", "local", "server", "none"] as const, default: "auto" as const, describe: "count prompt tokens with the server's /tokenize, the bundled Qwen3 tokenizer, or not at all" })
    .option("agent-config", { type: "string", describe: "sera (default: SERA's published protocol, loaded from its pinned files), sera-own-words, a YAML file (ours, or SWE-agent's inside its checkout), or a commit-pinned URL" })
    .option("max-steps", { type: "number", describe: "model calls per instance (default: the config's; sera: 115)" })
    .option("instance-timeout", { type: "number", describe: "wall-clock seconds per rollout (default: none, as SWE-agent)" })
    .option("token-budget", { type: "number", describe: "prompt+completion tokens per rollout (default: none)" })
    .option("agent-memory", { type: "string", default: "10g", describe: "memory limit of each agent container ('none': no limit; SWE-agent's e2e config suggests 10g); eval containers take --memory" })
    .option("agent-network", { type: "string", describe: "network of each agent container: bridge (as SWE-agent) or none to cut its way to the upstream repository (default: --network's)" })
    .option("agent-pids-limit", { type: "string", default: "4096", describe: "pids limit of each agent container ('none': no limit); eval containers take --pids-limit" })
    .option("leak-guard", { type: "boolean", default: true, describe: "before each rollout, remove what in the repository could show commits past base_commit (other refs, tags, reflog, stash; then prune); --no-leak-guard keeps the image's repository as it is" })
    .option("workers", { alias: "w", type: "number", default: 4, describe: "rollouts at once" })
    .option("output-dir", { alias: "o", type: "string", default: "results", describe: "runs are written to <output-dir>/<run-id>/" })
    .option("redo", { type: "boolean", default: false, describe: "re-run finished instances" })
    .option("redo-changed", { type: "boolean", default: false, describe: "re-run the instances whose results were made with other inputs (model, server, agent config, context, sampling, limits; run: --eval-scripts, --generate); without it such a re-run is refused" })
    .option("redo-errors", { type: "boolean", hidden: true, describe: "retired: every re-run retries the instances that ended in an error" });
}
