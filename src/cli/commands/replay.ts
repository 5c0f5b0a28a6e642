import { readFile } from "node:fs/promises";
import type { Argv } from "yargs";
import type { CommandEntry } from "../command-list.ts";
import { loadProtocolConfig } from "../../protocol/load.ts";
import { withStepLog } from "../../agent/trajectory-log.ts";
import { readRecorded } from "../../run/replay/recorded.ts";
import { replayTrajectory } from "../../run/replay/replay.ts";
import type { StepReport } from "../../run/replay/replay.ts";
import { describeProtocol } from "../../protocol/texts.ts";
import { loadSelection } from "../../dataset/load-selection.ts";
import { writeJsonAtomic } from "../../util/fs-atomic.ts";
import { instanceImageName } from "../../evaluation/image-name.ts";
import { runLabels } from "../../sandbox/labels.ts";
import { DockerEngine } from "../../sandbox/docker/engine.ts";
import { abortOnInterrupt } from "../interrupt.ts";
import { namingFrom, withImageOptions } from "../options.ts";
import { SeraBenchError } from "../../util/errors.ts";

/** `sera-bench replay TRAJ`: re-run a recorded trajectory's tool calls and report where observations differ. */
export function replayCommand(yargs: Argv, entry: CommandEntry) {
  return yargs.command(
    entry.command,
    entry.describe,
    (y) =>
      withImageOptions(y)
        .positional("trajectory", { type: "string", demandOption: true, describe: "trajs/<id>.traj.json of a run, or a SWE-agent <id>.traj" })
        .option("dataset", { alias: "d", type: "string", demandOption: true, describe: "the dataset the instance comes from (as for eval/run)" })
        .option("split", { alias: "s", type: "string", default: "test", describe: "hub split" })
        .option("instance-id", { alias: "i", type: "string", describe: "the instance (default: the trajectory's, or the .traj file name)" })
        .option("agent-config", { type: "string", describe: "agent config of the tools (default: the one the trajectory records, else sera)" })
        .option("image", { type: "string", describe: "replay in this image instead of the instance's (e.g. a rebuilt environment)" })
        .option("json", { type: "string", describe: "also write the per-step report to this file" })
        .option("network", { type: "string", default: "bridge", describe: "container network" })
        .example("$0 replay results/demo/trajs/sera-bench__semver-1.traj.json -d sample", "reproduce a scripted rollout step by step")
        .example("$0 replay django__django-11099.traj -d verified --image my/rebuilt:latest", "check a rebuilt image against a SWE-agent trajectory"),
    async (argv) => {
      const path = argv.trajectory as string;
      const recorded = readRecorded(await withStepLog(path, await readJson(path)), path);
      const instanceId = argv.instanceId ?? recorded.instanceId;
      if (instanceId === undefined) throw new SeraBenchError(`${path}: no instance id recorded; pass --instance-id`);
      const { selected } = await loadSelection({ dataset: argv.dataset, split: argv.split, selection: { instanceIds: [instanceId] } });
      const instance = selected[0]!;
      const config = await loadProtocolConfig(argv.agentConfig ?? recorded.agentConfig ?? "sera");
      const image = argv.image ?? instanceImageName(instance, namingFrom(argv));
      const engine = new DockerEngine();
      await engine.ping();
      const runId = `replay-${process.pid}`;
      const interrupt = abortOnInterrupt({ note: (line) => void process.stderr.write(`${line}\n`) });
      process.stderr.write(`replaying ${recorded.steps.length} step(s) of ${instanceId} (${recorded.format} trajectory) in ${image}; protocol: ${describeProtocol(config.protocol)}\n`);
      const context = { engine, runId, labels: runLabels(runId, "agent"), limitsContainer: { network: argv.network }, signal: interrupt.signal };
      const reports = await replayTrajectory(recorded, instance, image, config, context, (r) => {
        process.stdout.write(`${formatStep(r)}\n`);
      }).finally(() => interrupt.dispose());
      if (interrupt.signal.aborted) process.exitCode = 130;
      if (argv.json !== undefined) await writeJsonAtomic(argv.json, { trajectory: path, instance_id: instanceId, image, steps: reports }, 2);
      const differs = reports.filter((r) => r.status === "differs");
      const first = differs[0];
      process.stdout.write(`${reports.length} step(s): ${reports.length - differs.length} reproduced, ${differs.length} differ${first === undefined ? "" : ` (first at step ${first.index})`}\n`);
      if (differs.length > 0 && !interrupt.signal.aborted) process.exitCode = 2;
    },
  );
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new SeraBenchError(`${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SeraBenchError(`${path}: not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function formatStep(r: StepReport): string {
  const head = `step ${r.index} ${r.status === "same" ? "same   " : r.status === "differs" ? "DIFFERS" : "skipped"} ${r.label}`;
  if (r.status !== "differs" || r.firstDifference === undefined) return head;
  const d = r.firstDifference;
  return `${head}\n    line ${d.line}: recorded ${JSON.stringify(d.expected.slice(0, 200))}\n    line ${d.line}: now      ${JSON.stringify(d.actual.slice(0, 200))}`;
}
