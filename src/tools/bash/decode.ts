/**
 * UTF-8 decoding with Python's `errors="backslashreplace"`: every byte that is not part of a valid
 * sequence becomes the four characters `\xNN`. Incremental: an incomplete sequence at the end of
 * a chunk is kept for the next one (pexpect decodes the terminal stream this way).
 */
export class BackslashReplaceDecoder {
  private pending: Buffer = Buffer.alloc(0);

  decode(chunk: Uint8Array, final = false): string {
    const bytes = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    const { text, consumed } = decodeBytes(bytes, final);
    this.pending = bytes.subarray(consumed);
    return text;
  }
}

export function decodeBackslashReplace(bytes: Uint8Array): string {
  return decodeBytes(Buffer.from(bytes), true).text;
}

/**
 * Python's `Path.read_text(errors="backslashreplace")`: utf-8 with backslash escapes for invalid
 * bytes, and universal newlines (`\r\n` and a lone `\r` read as `\n`).
 */
export function decodePythonText(bytes: Uint8Array): string {
  return decodeBackslashReplace(bytes).replace(/\r\n?/g, "\n");
}

const backslash = (byte: number): string => `\\x${byte.toString(16).padStart(2, "0")}`;

function decodeBytes(bytes: Buffer, final: boolean, replace: (byte: number) => string = backslash): { text: string; consumed: number } {
  const parts: string[] = [];
  let index = 0;
  let runStart = 0;
  while (index < bytes.length) {
    const length = validSequenceLength(bytes, index);
    if (length > 0) {
      index += length;
      continue;
    }
    if (length === 0 && !final) break;
    parts.push(bytes.toString("utf8", runStart, index), replace(bytes[index] ?? 0));
    index += 1;
    runStart = index;
  }
  parts.push(bytes.toString("utf8", runStart, index));
  return { text: parts.join(""), consumed: index };
}

/** Length of the valid sequence at `at`; 0 if it is a valid but incomplete prefix at the end; -1 if invalid. */
function validSequenceLength(bytes: Buffer, at: number): number {
  const lead = bytes[at] ?? 0;
  if (lead < 0x80) return 1;
  const [length, low, high] = leadInfo(lead);
  if (length === 0) return -1;
  for (let k = 1; k < length; k++) {
    if (at + k >= bytes.length) return 0;
    const byte = bytes[at + k] ?? 0;
    const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
    if (byte < min || byte > max) return -1;
  }
  return length;
}

/** Sequence length and the allowed range of the second byte (no overlongs, no surrogates, <= U+10FFFF). */
function leadInfo(lead: number): [number, number, number] {
  if (lead >= 0xc2 && lead <= 0xdf) return [2, 0x80, 0xbf];
  if (lead === 0xe0) return [3, 0xa0, 0xbf];
  if (lead === 0xed) return [3, 0x80, 0x9f];
  if (lead >= 0xe1 && lead <= 0xef) return [3, 0x80, 0xbf];
  if (lead === 0xf0) return [4, 0x90, 0xbf];
  if (lead >= 0xf1 && lead <= 0xf3) return [4, 0x80, 0xbf];
  if (lead === 0xf4) return [4, 0x80, 0x8f];
  return [0, 0, 0];
}

/** Python's os.fsdecode (utf-8, surrogateescape): an invalid byte b becomes U+DC00+b. */
export function decodeSurrogateEscape(bytes: Uint8Array): string {
  return decodeBytes(Buffer.from(bytes), true, (byte) => String.fromCharCode(0xdc00 + byte)).text;
}
