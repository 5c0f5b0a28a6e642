/**
 * `images pull` stopped half-way (Ctrl-C): the pulls not yet started are dropped and the call returns
 * with the events of the ones that ran, instead of waiting for ever on tasks a cleared queue forgot.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { pullMany } from "../src/images/pull-many.ts";
import type { PullEvent } from "../src/images/pull-many.ts";
import { instanceImageName } from "../src/evaluation/image-name.ts";
import { DEFAULT_IMAGE_NAMING } from "../src/evaluation/image-name.ts";
import { loadSelection } from "../src/dataset/load-selection.ts";
import { testEngine } from "./helpers/docker.ts";
import { prepareSampleImages, SAMPLE_DIR } from "./helpers/eval-run.ts";

let images: string[];

beforeAll(async () => {
  await prepareSampleImages();
  const { selected } = await loadSelection({ dataset: SAMPLE_DIR, split: "test", selection: {} });
  images = selected.map((instance) => instanceImageName(instance, DEFAULT_IMAGE_NAMING));
});

describe("pullMany on a stop", () => {
  it("returns the events of the pulls that ran and starts no other", async () => {
    const stop = new AbortController();
    const seen: PullEvent[] = [];
    const events = await pullMany({
      docker: testEngine().docker, images, concurrency: 1, attempts: 1, baseDelayMs: 0, maxDelayMs: 0, signal: stop.signal,
      onEvent: (event) => {
        seen.push(event);
        stop.abort();
      },
    });
    expect(events).toEqual(seen);
    expect(events.map((event) => event.status)).toEqual(["present"]);
  }, 60_000);
});
