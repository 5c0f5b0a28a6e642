import { SeraBenchError } from "../util/errors.ts";

/**
 * The small part of Jinja that agent templates use: `{{ name }}` substitution. Unknown names render
 * as "" (Jinja's default); block tags and filters are refused with a message naming the template.
 */
export function renderTemplate(template: string, values: Readonly<Record<string, string | number>>, label = "template"): string {
  if (/\{%|\{#/.test(template)) throw new SeraBenchError(`${label}: Jinja blocks ({% ... %}) are not supported; use plain {{ name }} placeholders`);
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_whole, name: string) => {
    const value = values[name];
    return value === undefined ? "" : String(value);
  });
}

/** Placeholders a template uses that are not `{{ name }}` (filters, slices): for validation. */
export function unsupportedPlaceholders(template: string): string[] {
  return [...template.matchAll(/\{\{([^}]*)\}\}/g)].map((m) => (m[1] ?? "").trim()).filter((inner) => !/^[\w.]+$/.test(inner));
}
