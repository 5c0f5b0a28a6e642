/** `sera-bench serve-scripted` as a real process: prints the base URL, serves, stops on SIGTERM. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("serve-scripted command", () => {
  it("prints a base URL that serves the script, and exits on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "serve-scripted", "--script", "harness/agents/scripted/solver.example.json"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    try {
      let out = "";
      child.stdout.setEncoding("utf8");
      const baseUrl = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (chunk: string) => {
          out += chunk;
          const line = out.split("\n").find((l) => l.startsWith("http://"));
          if (line !== undefined) resolve(line.trim());
        });
        child.once("exit", (code) => reject(new Error(`exited early with ${code}; stdout: ${out}`)));
      });
      expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const models = (await (await fetch(`${baseUrl}/models`)).json()) as { data: { id: string }[] };
      expect(models.data[0]!.id).toBe("sera-bench-scripted-solver");
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const [code] = await exited;
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 180_000);
});
