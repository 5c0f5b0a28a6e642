import type { Instance } from "../dataset/row.ts";
import type { AnyAgentConfig } from "../protocol/schema.ts";
import { isMiniConfig } from "../protocol/schema.ts";
import { miniFirstMessages } from "./mini/texts.ts";
import { firstMessages } from "./first-messages.ts";
import { chatRequestBody } from "../model/request-body.ts";
import type { RequestSettings } from "../model/request-body.ts";
import { loadQwen3 } from "../model/qwen3.ts";
import { LocalTokenCounter } from "../model/tokens.ts";
import type { ChatMessage, ToolSchema } from "../model/types.ts";
import { compareSystemTurn, renderedSystemTurn } from "../protocol/system-prompt-check.ts";
import type { SystemTurnComparison } from "../protocol/system-prompt-check.ts";
import { sweAgentToolkit } from "./toolkit.ts";

export interface FirstRequest {
  readonly messages: readonly ChatMessage[];
  readonly tools: readonly ToolSchema[];
  /** The OpenAI request body, exactly as the client sends it. */
  readonly body: Record<string, unknown>;
}

/** The first request of an instance's rollout: system and instance messages, the tools, the sampling. */
export function firstRequest(config: AnyAgentConfig, instance: Instance, settings: RequestSettings): FirstRequest {
  if (isMiniConfig(config)) {
    const messages = miniFirstMessages(config.mini, instance);
    const tools = config.mini.bashTool === undefined ? [] : [config.mini.bashTool as unknown as ToolSchema];
    return { messages, tools, body: chatRequestBody(settings, messages, tools) };
  }
  const messages = firstMessages(config, instance);
  const tools = sweAgentToolkit(config).schemas;
  return { messages, tools, body: chatRequestBody(settings, messages, tools) };
}

export interface RenderedRequest {
  /** The text the Qwen3 chat template renders from the request (what vLLM feeds the model). */
  readonly text: string;
  readonly tokens: number;
  /** Against SERA's training system prompt, when the config came with it. */
  readonly systemTurn: SystemTurnComparison | undefined;
}

/** The request as the model sees it; `chat_template_kwargs` of the extra body are applied as vLLM does. */
export async function renderRequest(config: AnyAgentConfig, request: FirstRequest, extraBody: Record<string, unknown> | undefined): Promise<RenderedRequest> {
  const kwargs = extraBody?.chat_template_kwargs;
  const counter = new LocalTokenCounter(typeof kwargs === "object" && kwargs !== null ? { templateKwargs: kwargs as Record<string, unknown> } : {});
  const text = await counter.render(request.messages, request.tools);
  const tokens = (await loadQwen3()).encode(text).length;
  const turn = renderedSystemTurn(text);
  const training = isMiniConfig(config) ? undefined : config.trainingSystemPrompt;
  const systemTurn = training === undefined || turn === undefined ? undefined : compareSystemTurn(turn, training);
  return { text, tokens, systemTurn };
}
