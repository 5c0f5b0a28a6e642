/** Just enough YAML for metadata.yaml: maps, lists of scalars, and quoted strings. */
export type YamlValue = string | number | boolean | readonly (string | number)[] | { readonly [key: string]: YamlValue };

const scalar = (value: string | number | boolean) => (typeof value === "string" ? JSON.stringify(value) : String(value));

export function toYaml(value: { readonly [key: string]: YamlValue }, indent = ""): string {
  return Object.entries(value)
    .map(([key, v]) => {
      if (Array.isArray(v)) return `${indent}${key}:\n${(v as (string | number)[]).map((item) => `${indent}  - ${scalar(item)}`).join("\n")}`;
      if (typeof v === "object") return `${indent}${key}:\n${toYaml(v as { [key: string]: YamlValue }, `${indent}  `)}`;
      return `${indent}${key}: ${scalar(v as string | number | boolean)}`;
    })
    .join("\n");
}
