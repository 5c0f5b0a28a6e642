import type { ESLint, Rule } from "eslint";

export const LAYERS: readonly (readonly string[])[];
export function layerViolation(from: string, to: string): string | undefined;
export const layersRule: Rule.RuleModule;
declare const plugin: ESLint.Plugin;
export default plugin;
