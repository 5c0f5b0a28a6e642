import { SeraBenchError } from "../util/errors.ts";

/** Bad dataset, subset or predictions input: the message names the file, line or key and what was expected. */
export class DatasetError extends SeraBenchError {}

/** How one request to the Hugging Face hub failed. */
export type HubFailureKind = "unauthorized" | "forbidden" | "not_found" | "http" | "network" | "bad_response";

/** One failed request to the hub: kept as data so the final message can list every attempt. */
export interface HubAttempt {
  readonly url: string;
  readonly kind: HubFailureKind;
  readonly detail: string;
}

export class HubRequestError extends SeraBenchError {
  constructor(readonly attempt: HubAttempt, options?: { cause?: unknown }) {
    super(`GET ${attempt.url}: ${attempt.detail}`, options);
  }
}

/** The hub could not provide a split and no cache could stand in. */
export class HubDownloadError extends DatasetError {}
