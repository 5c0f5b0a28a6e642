/**
 * Python's json.dumps(json.loads(text), ensure_ascii=False) in TypeScript: what vLLM does to a tool
 * call's arguments before the chat template renders them (", " and ": " separators, number literals
 * read as Python int/float). Pure.
 */

/** repr() of a Python float (shortest round-trip digits; exponent form below 1e-4 and from 1e16). */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const sign = value < 0 ? "-" : "";
  const [mantissa = "", expText = "0"] = Math.abs(value).toExponential().split("e");
  const exponent = Number(expText);
  const digits = mantissa.replace(".", "");
  if (exponent < -4 || exponent >= 16) {
    const rest = digits.slice(1);
    const exp = `${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
    return `${sign}${digits[0]}${rest === "" ? "" : `.${rest}`}e${exp}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}.${fraction === "" ? "0" : fraction}`;
}

function pythonNumber(literal: string): string {
  if (/^-?\d+$/.test(literal)) return BigInt(literal).toString();
  return pythonFloatRepr(Number(literal));
}

function readString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
  return i + 1;
}

function readNumber(text: string, start: number): number {
  let i = start;
  while (i < text.length && /[-+0-9.eE]/.test(text[i]!)) i++;
  return i;
}

/** Re-serialises valid JSON text the way Python would; throws (SyntaxError) on invalid JSON. */
export function pythonJsonRedump(text: string): string {
  JSON.parse(text);
  let out = "";
  for (let i = 0; i < text.length; ) {
    const ch = text[i]!;
    if (ch === '"') {
      const end = readString(text, i);
      out += JSON.stringify(JSON.parse(text.slice(i, end)) as string);
      i = end;
    } else if (ch === "-" || (ch >= "0" && ch <= "9")) {
      const end = readNumber(text, i);
      out += pythonNumber(text.slice(i, end));
      i = end;
    } else {
      if (ch === ",") out += ", ";
      else if (ch === ":") out += ": ";
      else if (!/\s/.test(ch)) out += ch;
      i++;
    }
  }
  return out;
}
