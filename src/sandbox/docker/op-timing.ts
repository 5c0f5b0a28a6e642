/**
 * Every call this process makes to the Docker Engine API, timed at the engine seam (create, start,
 * remove, exec, inspect, list, copy...), for whoever listens (`npm run bench:full`). With no
 * listener the only cost is a clock read.
 */
export interface DockerOperation {
  /** What was asked of the engine: "create", "start", "remove", "exec", "exec start", ... */
  readonly op: string;
  readonly ms: number;
  readonly ok: boolean;
  /** The container's labels, for a create (who asked: role, run). */
  readonly labels?: Readonly<Record<string, string>>;
}

type Listener = (operation: DockerOperation) => void;
const listeners = new Set<Listener>();

/** Calls `listener` after every engine operation; returns the function that stops it. */
export function onDockerOperation(listener: Listener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Runs one engine operation and tells the listeners how long it took and whether it succeeded. */
export async function timedOperation<T>(op: string, action: () => Promise<T>, labels?: Readonly<Record<string, string>>): Promise<T> {
  if (listeners.size === 0) return action();
  const started = performance.now();
  let ok = false;
  try {
    const value = await action();
    ok = true;
    return value;
  } finally {
    const record: DockerOperation = { op, ms: performance.now() - started, ok, ...(labels === undefined ? {} : { labels }) };
    for (const listener of listeners) listener(record);
  }
}
