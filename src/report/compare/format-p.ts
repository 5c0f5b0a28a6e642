/** A p-value as every compare output prints it. */
export function formatPValue(p: number): string {
  return p < 0.0001 ? "< 0.0001" : p.toFixed(4);
}
