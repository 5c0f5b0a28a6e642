/**
 * Which script answers a request. Many rollouts can share one server: a source picks the script
 * from the request itself (e.g. the instance id in the first user message).
 *   - cursor mode: each request with the same key takes the next step (errors and hangs count);
 *   - position mode (solver): the step is the number of assistant turns already in the request,
 *     so concurrent rollouts of the same instance do not disturb each other.
 */
import type { ScriptedCall, Step } from "./steps.ts";
import { miniSteps } from "./mini-play.ts";
import type { MiniPlay } from "./mini-play.ts";

export type ChatRequest = { model?: unknown; messages?: unknown; [key: string]: unknown };

export type Selection = { key: string; steps: readonly Step[]; position?: number };

/** undefined = no script for this conversation (the server answers 400 and says why). */
export type ScriptSource = (request: ChatRequest) => Selection | undefined;

type LooseMessage = { role?: unknown; content?: unknown };

function messagesOf(request: ChatRequest): LooseMessage[] {
  return Array.isArray(request.messages) ? (request.messages as LooseMessage[]) : [];
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((part: { text?: unknown }) => (typeof part?.text === "string" ? part.text : "")).join("");
}

export function firstUserMessage(request: ChatRequest): string {
  return textOf(messagesOf(request).find((m) => m.role === "user")?.content);
}

export function assistantTurns(request: ChatRequest): number {
  return messagesOf(request).filter((m) => m.role === "assistant").length;
}

/** One script for every conversation (a single shared cursor). */
export function fixedScript(steps: readonly Step[]): ScriptSource {
  return () => ({ key: "default", steps });
}

export type MatchedScript = { match?: string; steps: readonly Step[] };

/** The first script whose `match` occurs in the first user message; one without `match` is the default. Cursor per script. */
export function matchScripts(scripts: readonly MatchedScript[]): ScriptSource {
  return (request) => {
    const text = firstUserMessage(request);
    const index = scripts.findIndex((s) => s.match !== undefined && text.includes(s.match));
    const chosen = index === -1 ? scripts.findIndex((s) => s.match === undefined) : index;
    const script = scripts[chosen];
    return script === undefined ? undefined : { key: `script-${chosen}`, steps: script.steps };
  };
}

export type SolverEntry = { match: readonly string[]; calls: readonly ScriptedCall[]; style: "native" | "hermes" };
export type SolverMapping = { instances: Readonly<Record<string, SolverEntry>> };

function solverSteps(entry: SolverEntry): Step[] {
  return entry.calls.map((call): Step =>
    entry.style === "hermes" ? { type: "hermes", calls: [call], content: "" } : { type: "tool_calls", calls: [call], content: "" },
  );
}

/**
 * Plays each instance's calls in order, one per assistant turn, for the conversation whose first
 * user message contains one of the instance's match strings (default: its id; `problemTexts` adds
 * the start of each instance's problem statement). `play`: as mini-swe-agent replies (mini-play.ts).
 */
export function solverSource(mapping: SolverMapping, problemTexts: ReadonlyMap<string, string> = new Map(), play?: MiniPlay): ScriptSource {
  const entries = Object.entries(mapping.instances).map(([id, entry]) => {
    const problem = problemTexts.get(id)?.trim().slice(0, 200);
    const match = [...(entry.match.length > 0 ? entry.match : [id]), ...(problem ? [problem] : [])];
    return { id, match, steps: play === undefined ? solverSteps(entry) : miniSteps(entry.calls, play) };
  });
  return (request) => {
    const text = firstUserMessage(request);
    const found = entries.find((e) => e.match.some((m) => m !== "" && text.includes(m)));
    return found === undefined ? undefined : { key: found.id, steps: found.steps, position: assistantTurns(request) };
  };
}
