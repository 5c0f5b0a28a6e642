import { DockerEngine } from "./docker/engine.ts";
import { EnginePool } from "./engine-pool.ts";
import { SandboxError } from "./types.ts";

export interface HostSlots {
  readonly address: string;
  readonly slots: number;
}

/** The engines of `--docker-host` (or DOCKER_HOST / the local socket with `defaultSlots` workers). */
export function enginePoolFor(hosts: readonly HostSlots[], defaultSlots: number): EnginePool<DockerEngine> {
  if (hosts.length === 0) return new EnginePool([{ engine: new DockerEngine(), slots: defaultSlots }]);
  return new EnginePool(hosts.map((host) => ({ engine: new DockerEngine({ address: host.address }), slots: host.slots })));
}

/** Every engine must answer; the error names the node and the address. */
export async function pingAll(pool: EnginePool<DockerEngine>, where: string): Promise<void> {
  for (const engine of pool.engines) {
    try {
      await engine.docker.ping();
    } catch (error) {
      throw new SandboxError(
        `${where}: no container engine answers at ${engine.describe} (${String(error)}); install and start Docker or Podman's ` +
          "Docker-compatible service there, or pass --docker-host",
        { cause: error },
      );
    }
  }
}
