/**
 * The lines soft verification counts in a unified diff (pure): added and removed lines inside hunks,
 * kept raw with their sign; headers (diff, index, ---, +++, @@), context lines, "\ No newline" markers
 * and lines empty after the sign are skipped. Hunk line counts decide where a hunk ends, so a removed
 * line whose text starts with "--" ("--- x" in the diff) is still a removed line, not a header.
 */
const HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;
const LOOSE_HEADER = /^(?:--- |\+\+\+ )(?:a\/|b\/|\/dev\/null)/;

export function countedLines(patch: string | null | undefined): string[] {
  if (patch === null || patch === undefined) return [];
  const counted: string[] = [];
  let oldLeft = 0;
  let newLeft = 0;
  let loose = false;
  for (const line of patch.split(/\r?\n/)) {
    if (oldLeft > 0 || newLeft > 0) {
      const sign = line[0];
      if (sign === "+") newLeft--;
      else if (sign === "-") oldLeft--;
      else if (sign === " " || line === "") { oldLeft--; newLeft--; }
      else if (sign === "\\") continue;
      else { oldLeft = 0; newLeft = 0; }
      if ((sign === "+" || sign === "-") && line.length > 1) counted.push(line);
      if (sign === "+" || sign === "-" || sign === " " || line === "") continue;
    }
    const hunk = HUNK.exec(line);
    if (hunk !== null) {
      oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
      loose = false;
      continue;
    }
    if (line.startsWith("@@")) { loose = true; continue; }
    if (line.startsWith("diff ")) { loose = false; continue; }
    if (loose && (line[0] === "+" || line[0] === "-") && line.length > 1 && !LOOSE_HEADER.test(line)) counted.push(line);
  }
  return counted;
}
