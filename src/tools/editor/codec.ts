/**
 * str_replace_editor's read_file/write_file: try UTF-8 (the locale under C.UTF-8), then latin-1
 * (which never fails, so binary files come out as latin-1); newlines are universal on read
 * (\r\n and \r become \n) and written back as \n in the encoding that worked.
 */
export type FileEncoding = "utf-8" | "latin-1";

export interface DecodedFile {
  readonly text: string;
  readonly encoding: FileEncoding;
}

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function decodeFile(bytes: Uint8Array): DecodedFile {
  try {
    return { text: universalNewlines(UTF8.decode(bytes)), encoding: "utf-8" };
  } catch {
    let text = "";
    for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
    return { text: universalNewlines(text), encoding: "latin-1" };
  }
}

function universalNewlines(text: string): string {
  return text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
}

export type EncodeResult = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly error: string };

/** Python's str.encode(encoding) with strict errors; the error text is Python's. */
export function encodeFile(text: string, encoding: FileEncoding): EncodeResult {
  if (encoding === "utf-8") {
    const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(text);
    if (lone !== null) return { ok: false, error: encodeError("utf-8", text, lone.index, "surrogates not allowed") };
    return { ok: true, bytes: Buffer.from(text, "utf8") };
  }
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) return { ok: false, error: encodeError("latin-1", text, i, "ordinal not in range(256)") };
    bytes[i] = code;
  }
  return { ok: true, bytes };
}

function encodeError(codec: string, text: string, unitIndex: number, reason: string): string {
  const position = [...text.slice(0, unitIndex)].length;
  const code = text.codePointAt(unitIndex) ?? 0;
  const escaped = code > 0xffff ? `\\U${code.toString(16).padStart(8, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  return `'${codec}' codec can't encode character '${escaped}' in position ${position}: ${reason}`;
}
