import { z } from "zod";

/**
 * Shapes of the data files under harness/specs/ (validated once, when loaded).
 * Field values are facts copied from the official SWE-bench constants; the names are ours.
 */
export const evalTypes = ["pass_and_fail", "fail_only"] as const;
export type EvalType = (typeof evalTypes)[number];

export const directiveStyles = ["paths", "django-modules"] as const;
export type DirectiveStyle = (typeof directiveStyles)[number];

const command = z.string().min(1, "expected a non-empty shell command");

export const versionSpecSchema = z.strictObject({
  python: z.string(),
  packages: z.string().optional(),
  noUseEnv: z.boolean().optional(),
  preInstall: z.array(command).optional(),
  install: command.optional(),
  pipPackages: z.array(z.string()).optional(),
  evalCommands: z.array(command).optional(),
  testCmd: command,
  executeTestAsNonroot: z.boolean().optional(),
  nanoCpus: z.number().int().optional(),
});
export type VersionSpec = z.infer<typeof versionSpecSchema>;

export const repoSpecFileSchema = z.strictObject({
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "expected owner/name"),
  logParser: z.string().regex(/^parse_log_\w+$/, "expected a parser name such as parse_log_django"),
  evalType: z.enum(evalTypes),
  /** How test files become test-command arguments; default: Django's dotted modules for django/django, else paths. */
  directives: z.enum(directiveStyles).optional(),
  source: z.string(),
  versions: z.record(z.string(), versionSpecSchema),
});
export type RepoSpecFile = z.infer<typeof repoSpecFileSchema>;

export const instanceFixSchema = z.strictObject({
  instanceId: z.string().regex(/^[\w.-]+$/),
  reason: z.string().min(10, "say why the fix exists"),
  /** Run after the test patch is applied, right before the start-of-output marker. */
  commandsBeforeTests: z.array(command).min(1),
});
export type InstanceFix = z.infer<typeof instanceFixSchema>;

export const fixesFileSchema = z.strictObject({
  source: z.string(),
  fixes: z.array(instanceFixSchema),
});
