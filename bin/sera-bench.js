#!/usr/bin/env node
// The compiled CLI (dist/, built by `npm run build`; the npm package ships it built).
import { existsSync } from "node:fs";

const main = new URL("../dist/cli/main.js", import.meta.url);
if (existsSync(main)) {
  await import(main.href);
} else {
  process.stderr.write("sera-bench: dist/cli/main.js is missing: run `npm run build` in the checkout (or `npm ci`, which builds it)\n");
  process.exitCode = 1;
}
