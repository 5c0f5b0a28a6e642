/**
 * Every command's name and one-line description, with a loader for its module. The entry loads
 * only the module of the command being run, so `--help` and a mistyped command cost no more than
 * yargs itself (no model client, tokenizer, Docker client or report code is imported).
 */
import type { Argv } from "yargs";

export type RegisterCommand = (yargs: Argv, entry: CommandEntry) => Argv;

export interface CommandEntry {
  /** The yargs command string: its name, then its positionals. */
  readonly command: string;
  readonly describe: string;
  readonly register: () => Promise<RegisterCommand>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    command: "demo",
    describe: "The main job on the bundled sample: build its images, run the scripted model through the whole pipeline, print the report",
    register: async () => (await import("./commands/demo.ts")).demoCommand,
  },
  {
    command: "eval",
    describe: "Evaluate predictions in fresh per-instance containers; official (v4.1.0) verdicts plus a strict (v5) one",
    register: async () => (await import("./commands/eval.ts")).evalCommand,
  },
  {
    command: "flakes",
    describe: "Evaluate each prediction N times (eval --repeat N) and write the instances whose verdict changed, with their flipping tests (for --exclude FILE)",
    register: async () => (await import("./commands/flakes.ts")).flakesCommand,
  },
  {
    command: "infer",
    describe: "Run the agent on each instance in its own container and write predictions (no evaluation)",
    register: async () => (await import("./commands/agent-run.ts")).inferCommand,
  },
  {
    command: "run",
    describe: "Agent rollouts, then evaluation of each finished instance in a fresh container while other rollouts go on",
    register: async () => (await import("./commands/agent-run.ts")).runCommand,
  },
  {
    command: "prompt",
    describe: "Print the first request of an instance's rollout: the OpenAI request body, or the exact text the Qwen3 chat template renders from it",
    register: async () => (await import("./commands/prompt.ts")).promptCommand,
  },
  {
    command: "replay <trajectory>",
    describe: "Re-run the tool calls of a recorded trajectory (sera-bench's or a SWE-agent .traj) in a fresh instance container; report each step whose observation differs. Exit 0: all reproduced; 2: differences",
    register: async () => (await import("./commands/replay.ts")).replayCommand,
  },
  {
    command: "protocol <action>",
    describe: "SERA's published protocol files: `protocol fetch` downloads them (pinned commits, sha256-checked) into the cache for offline runs",
    register: async () => (await import("./commands/protocol.ts")).protocolCommand,
  },
  {
    command: "specs",
    describe: "Print, one JSON object per line, the image, log parser and eval script the harness will use",
    register: async () => (await import("./commands/specs.ts")).specsCommand,
  },
  {
    command: "images <action>",
    describe: "Container images",
    register: async () => (await import("./commands/images.ts")).imagesCommand,
  },
  {
    command: "report <runs..>",
    describe: "Summarise runs: resolve rate with Wilson 95% interval, by repository and difficulty, seeds (mean ± sd, pass@k); writes summary.json/csv/md and report.html",
    register: async () => (await import("./commands/report.ts")).reportCommand,
  },
  {
    command: "compare <runs..>",
    describe: "Our run against baselines at the same context length, or two runs of ours: difference, test used, p-value",
    register: async () => (await import("./commands/compare.ts")).compareCommand,
  },
  {
    command: "gate <run>",
    describe: "CI gate on a run: exit 0 pass, 1 regression, 2 run incomplete or invalid; prints a one-paragraph verdict, writes JSON and JUnit XML",
    register: async () => (await import("./commands/gate.ts")).gateCommand,
  },
  {
    command: "submit <run>",
    describe: "Write the SWE-bench leaderboard folder for a run (all_preds.jsonl, metadata.yaml, README.md, logs/, trajs/, results/results.json), validated, plus an sb-cli predictions file",
    register: async () => (await import("./commands/submit.ts")).submitCommand,
  },
  {
    command: "export <run>",
    describe: "Write a run's trajectories in another format: Harbor's ATIF v1.4 (per-step messages, tool calls, observations, tokens), or SWE-agent .traj files",
    register: async () => (await import("./commands/export.ts")).exportCommand,
  },
  {
    command: "agreement <runs..>",
    describe: "Patch agreement between runs (soft-verification recall per instance): hard / soft / unverified counts and the resolve rate within each band",
    register: async () => (await import("./commands/agreement.ts")).agreementCommand,
  },
  {
    command: "serve-scripted",
    describe: "Serve a scripted OpenAI-compatible model (for the demo and tests); prints its base URL and runs until Ctrl-C",
    register: async () => (await import("./commands/serve-scripted.ts")).serveScriptedCommand,
  },
  {
    command: "worker",
    describe: "Run one shard of a run prepared by `eval`, `infer` or `run` with `--executor slurm` (started by the Slurm task script)",
    register: async () => (await import("./commands/worker.ts")).workerCommand,
  },
  {
    command: "cleanup",
    describe: "Remove containers left by sera-bench runs that are no longer alive (label sera-bench=1, owner host:pid dead)",
    register: async () => (await import("./commands/cleanup.ts")).cleanupCommand,
  },
];

/** The command's name: the first word of its yargs command string. */
export function commandName(entry: CommandEntry): string {
  return entry.command.split(" ")[0] ?? entry.command;
}
