/**
 * `{ key: value }` when the value is defined, `{}` otherwise: spreads optional fields into objects
 * whose types use `exactOptionalPropertyTypes` (where `key: undefined` is not allowed).
 */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
