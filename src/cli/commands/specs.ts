import type { Argv } from "yargs";
import type { CommandEntry } from "../command-list.ts";
import { loadDataset } from "../../dataset/load.ts";
import { selectInstances } from "../../dataset/select.ts";
import { instanceImageName } from "../../evaluation/image-name.ts";
import { resolveTestSpec } from "../../evaluation/spec/test-spec.ts";
import { EVAL_SCRIPTS_OPTION, namingFrom, selectionFrom, withDatasetOptions, withImageOptions } from "../options.ts";

export function specsCommand(yargs: Argv, entry: CommandEntry) {
  return yargs.command(
    entry.command,
    entry.describe,
    (y) =>
      withImageOptions(withDatasetOptions(y))
        .option("generate", { type: "boolean", default: false, describe: "generate eval scripts from harness/specs, ignoring the dataset's eval_script" })
        .option("eval-scripts", EVAL_SCRIPTS_OPTION)
        .example("$0 specs --dataset verified -i django__django-11099 --generate", "the generated eval script of one instance")
        .example("$0 specs --dataset verified -i django__django-16877 --eval-scripts v4.1.0", "the eval script harness v4.1.0 ran"),
    async (argv) => {
      const all = await loadDataset({ dataset: argv.dataset, split: argv.split });
      const selected = await selectInstances(all, selectionFrom(argv));
      const naming = namingFrom(argv);
      for (const instance of selected) {
        const spec = resolveTestSpec(instance, { generate: argv.generate, rules: argv.evalScripts });
        const line = { instance_id: instance.instance_id, image: instanceImageName(instance, naming), log_parser: spec.logParser, eval_script: spec.evalScript };
        if (!process.stdout.write(`${JSON.stringify(line)}\n`)) await new Promise((resolve) => process.stdout.once("drain", resolve));
      }
    },
  );
}
