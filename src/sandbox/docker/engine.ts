import Docker from "dockerode";
import { SandboxError } from "../types.ts";
import type { EnsureImageResult, Sandbox, SandboxEngine, SandboxSpec } from "../types.ts";
import { defaultEngineAddress, dockerFromAddress } from "./address.ts";
import { DockerSandbox } from "./container.ts";
import { isNotFound } from "./errors.ts";
import { DEFAULT_PULL_POLICY, hasImage, pullImage } from "./pull.ts";
import type { PullPolicy } from "./pull.ts";
import { optional } from "../../util/optional.ts";
import { timedOperation } from "./op-timing.ts";
import { projectPath } from "../../util/paths.ts";

export interface DockerEngineOptions {
  /** A dockerode connection; default: DOCKER_HOST or the local socket. */
  readonly docker?: Docker;
  /** unix:///path, tcp://host:port or ssh://user@host (see address.ts); used when `docker` is not given. */
  readonly address?: string;
  readonly pullPolicy?: PullPolicy;
}

/** The sandbox engine on a Docker Engine API (Docker, or Podman's compatible service). */
export class DockerEngine implements SandboxEngine {
  readonly docker: Docker;
  private readonly pullPolicy: PullPolicy;
  private readonly address: string | undefined;
  private readonly pulls = new Map<string, Promise<EnsureImageResult>>();

  constructor(options: DockerEngineOptions = {}) {
    this.address = options.address;
    this.docker = options.docker ?? (options.address === undefined ? new Docker() : dockerFromAddress(options.address));
    this.pullPolicy = options.pullPolicy ?? DEFAULT_PULL_POLICY;
  }

  get describe(): string {
    return this.address ?? defaultEngineAddress();
  }

  /** Fails with a message saying what to do when no engine answers. */
  async ping(): Promise<void> {
    try {
      await this.docker.ping();
    } catch (error) {
      throw new SandboxError(
        `no Docker engine answers at ${this.describe}: run \`bash ${projectPath("scripts/ensure-docker.sh")}\` (or set DOCKER_HOST) and retry`,
        { cause: error },
      );
    }
  }

  ensureImage(image: string): Promise<EnsureImageResult> {
    const pending = this.pulls.get(image);
    if (pending !== undefined) return pending;
    const result = this.inspectOrPull(image).finally(() => this.pulls.delete(image));
    this.pulls.set(image, result);
    return result;
  }

  private async inspectOrPull(image: string): Promise<EnsureImageResult> {
    const present = await timedOperation("image inspect", () => hasImage(this.docker, image)).catch((error: unknown) => {
      throw new SandboxError(`could not inspect image ${image}: ${String(error)}`, { cause: error });
    });
    return present ? { ok: true, image, pulled: false } : pullImage(this.docker, image, this.pullPolicy);
  }

  async create(spec: SandboxSpec): Promise<Sandbox> {
    let container: Docker.Container;
    try {
      container = await timedOperation("create", () => this.docker.createContainer({
        Image: spec.image,
        name: spec.name,
        Labels: { ...spec.labels },
        Cmd: ["tail", "-f", "/dev/null"],
        User: spec.user ?? "root",
        ...optional("WorkingDir", spec.workdir),
        ...optional("platform", spec.platform),
        HostConfig: {
          Privileged: false,
          SecurityOpt: ["no-new-privileges"],
          NetworkMode: spec.network ?? "bridge",
          ...optional("Memory", spec.memoryBytes),
          ...optional("PidsLimit", spec.pidsLimit),
        },
      }), spec.labels);
    } catch (error) {
      throw new SandboxError(`could not create a container from ${spec.image}: ${String(error)}`, { cause: error });
    }
    const sandbox = new DockerSandbox(container, container.id, spec.name);
    try {
      await timedOperation("start", () => container.start());
    } catch (error) {
      await sandbox.remove();
      throw new SandboxError(`could not start container ${spec.name}: ${String(error)}`, { cause: error });
    }
    return sandbox;
  }

  async listByLabels(labels: Readonly<Record<string, string>>) {
    const filters = { label: Object.entries(labels).map(([key, value]) => `${key}=${value}`) };
    const found = await timedOperation("list", () => this.docker.listContainers({ all: true, filters: JSON.stringify(filters) }));
    return found.map((info) => ({ id: info.Id, name: (info.Names[0] ?? "").replace(/^\//, ""), labels: info.Labels }));
  }

  async removeById(id: string): Promise<void> {
    try {
      await timedOperation("remove", () => this.docker.getContainer(id).remove({ force: true, v: true }));
    } catch (error) {
      if (isNotFound(error) || /removal of container .* is already in progress/i.test(String(error))) return;
      throw new SandboxError(`could not remove container ${id}: ${String(error)}`, { cause: error });
    }
  }
}
