import { describe, expect, it } from "vitest";
import { DEFAULT_IMAGE_NAMING, instanceImageName } from "../src/evaluation/image-name.ts";
import { loadVerifiedRows } from "./helpers/verified.ts";

describe("instance image names", () => {
  it("the official rule gives the parquet's image column for all 500 Verified rows", async () => {
    const rows = await loadVerifiedRows();
    expect(rows).toHaveLength(500);
    const mismatches = rows.filter((row) => instanceImageName({ ...row, image: undefined }) !== row.image).map((row) => row.instance_id);
    expect(mismatches).toEqual([]);
    expect(rows.every((row) => instanceImageName(row) === row.image)).toBe(true);
  });

  it("a namespace or a template overrides the row's image", async () => {
    const [row] = (await loadVerifiedRows()).filter((r) => r.instance_id === "django__django-11099");
    if (row === undefined) throw new Error("django__django-11099 missing");
    expect(instanceImageName(row, { ...DEFAULT_IMAGE_NAMING, namespace: "mirror.local/swe", ignoreRowImage: true })).toBe(
      "mirror.local/swe/sweb.eval.x86_64.django_1776_django-11099:latest",
    );
    expect(instanceImageName(row, { ...DEFAULT_IMAGE_NAMING, namespace: "", ignoreRowImage: true })).toBe("sweb.eval.x86_64.django_1776_django-11099:latest");
    expect(instanceImageName(row, { ...DEFAULT_IMAGE_NAMING, template: "ghcr.io/epoch-research/swe-bench.eval.{arch}.{instance_id}" })).toBe(
      "ghcr.io/epoch-research/swe-bench.eval.x86_64.django__django-11099:latest",
    );
    expect(instanceImageName(row, { ...DEFAULT_IMAGE_NAMING, template: "hub.local/{instance_id_1776}:v1" })).toBe("hub.local/django_1776_django-11099:v1");
    expect(() => instanceImageName(row, { ...DEFAULT_IMAGE_NAMING, template: "x/{nope}" })).toThrow(/unknown placeholder \{nope\}/);
  });
});
