/**
 * The tool executables SWE-agent puts on PATH (/root/tools/<bundle>/bin) are, here, small POSIX sh
 * scripts that hand the call (argv, cwd, environment) to the harness and print what it answers.
 * So a tool runs exactly where SWE-agent's would: typed into the bash session (readline, quoting,
 * redirections and pipes apply), or called by the model through the bash tool.
 */
export const BRIDGE_DIR = "/tmp/.sera-tools";
export const REQUESTS_FIFO = `${BRIDGE_DIR}/requests`;

/** Bundle order of the 250225 config; PATH gets each bin prepended in this order. */
export const BUNDLES = ["registry", "edit_anthropic", "review_on_submit_m", "diff_state"] as const;

export const TOOL_BUNDLE: Readonly<Record<string, (typeof BUNDLES)[number]>> = {
  str_replace_editor: "edit_anthropic",
  _state_anthropic: "edit_anthropic",
  submit: "review_on_submit_m",
  _state_diff_state: "diff_state",
};

export function shimScript(tool: string): string {
  return `#!/bin/sh
# sera-bench: this SWE-agent tool runs in the harness (src/tools/bridge); this script forwards the call.
d=$(mktemp -d ${BRIDGE_DIR}/call.XXXXXXXX) || exit 1
for a in "$@"; do printf '%s\\0' "$a"; done > "$d/argv"
pwd -P > "$d/cwd" 2>/dev/null
env -0 > "$d/env"
mkfifo "$d/done" && exec 3<>"$d/done" || exit 1
echo "${tool} $d" >> ${REQUESTS_FIFO}
read -r rc <&3
exec 3>&-
cat "$d/stdout"
cat "$d/stderr" >&2
rm -rf "$d"
exit "$rc"
`;
}

/** Shell commands (for the helper shell) that create the bridge directory, FIFO and shims. */
export function installScript(): string {
  const lines = [`mkdir -p ${BRIDGE_DIR}`, `[ -p ${REQUESTS_FIFO} ] || mkfifo ${REQUESTS_FIFO}`];
  for (const bundle of BUNDLES) lines.push(`mkdir -p /root/tools/${bundle}/bin /root/tools/${bundle}/lib`);
  for (const [tool, bundle] of Object.entries(TOOL_BUNDLE)) {
    const path = `/root/tools/${bundle}/bin/${tool}`;
    lines.push(`printf '%s' '${Buffer.from(shimScript(tool)).toString("base64")}' | base64 -d > ${path}`, `chmod +x ${path}`);
  }
  return lines.join("\n");
}
