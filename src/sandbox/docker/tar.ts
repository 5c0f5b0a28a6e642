import tar from "tar-stream";
import type { Readable } from "node:stream";
import type { FileToCopy } from "../types.ts";
import { SeraBenchError } from "../../util/errors.ts";

/** A tar archive (as one buffer) holding the files at their absolute paths, relative to "/". */
export async function packFiles(files: readonly FileToCopy[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const file of files) {
    if (!file.path.startsWith("/")) throw new SeraBenchError(`copyIn needs an absolute path, got ${JSON.stringify(file.path)}`);
    const content = typeof file.content === "string" ? Buffer.from(file.content, "utf8") : Buffer.from(file.content);
    pack.entry({ name: file.path.replace(/^\/+/, ""), mode: file.mode ?? 0o644, mtime: new Date() }, content);
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The content of the first regular file in a tar stream (what `docker cp` of one file returns). */
export function firstFileOf(stream: Readable, what: string): Promise<Buffer> {
  const extract = tar.extract();
  return new Promise((resolve, reject) => {
    let found: Buffer | undefined;
    extract.on("entry", (header, entry, next) => {
      const chunks: Buffer[] = [];
      entry.on("data", (chunk: unknown) => chunks.push(chunk as Buffer));
      entry.on("end", () => {
        if (found === undefined && header.type === "file") found = Buffer.concat(chunks);
        next();
      });
      entry.resume();
    });
    extract.on("finish", () => (found === undefined ? reject(new SeraBenchError(`${what} is not a regular file`)) : resolve(found)));
    extract.on("error", reject);
    stream.pipe(extract);
  });
}
