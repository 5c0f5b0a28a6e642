import { appendFileSync } from "node:fs";
import { explainWriteError } from "../util/write-errors.ts";
import { redactSecrets } from "../util/secrets.ts";

/** run_instance.log in the official logger's line format: `2025-01-31 12:00:00,123 - INFO - message`. */
export class InstanceLog {
  constructor(private readonly path: string) {}

  info(message: string): void {
    this.write("INFO", message);
  }

  error(message: string): void {
    this.write("ERROR", message);
  }

  private write(level: string, message: string): void {
    try {
      appendFileSync(this.path, `${timestamp(new Date())} - ${level} - ${redactSecrets(message)}\n`);
    } catch (error) {
      throw explainWriteError(this.path, error);
    }
  }
}

function timestamp(date: Date): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, "0");
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return `${day} ${time},${pad(date.getMilliseconds(), 3)}`;
}
