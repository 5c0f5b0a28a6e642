import { readFileSync } from "node:fs";
import { join } from "node:path";
import Docker from "dockerode";
import { SeraBenchError } from "../../util/errors.ts";

/** A Docker Engine API address as the docker CLI writes it in DOCKER_HOST or `-H`. */
export type EngineAddress =
  | { readonly kind: "unix"; readonly socketPath: string }
  | { readonly kind: "tcp"; readonly host: string; readonly port: number; readonly tls: boolean }
  | { readonly kind: "ssh"; readonly host: string; readonly port: number; readonly username?: string };

/** `unix:///path`, `tcp://host:port` or `ssh://[user@]host[:port]`; anything else is an error naming the forms. */
export function parseEngineAddress(address: string, env: NodeJS.ProcessEnv = process.env): EngineAddress {
  const forms = "expected unix:///path/to/docker.sock, tcp://host:port or ssh://user@host";
  if (address.startsWith("unix://")) {
    const socketPath = address.slice("unix://".length);
    if (!socketPath.startsWith("/")) throw new SeraBenchError(`docker host ${JSON.stringify(address)}: ${forms}`);
    return { kind: "unix", socketPath };
  }
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new SeraBenchError(`docker host ${JSON.stringify(address)}: ${forms}`);
  }
  if (url.hostname === "") throw new SeraBenchError(`docker host ${JSON.stringify(address)}: no host name; ${forms}`);
  if (url.protocol === "tcp:") {
    const tls = env.DOCKER_TLS_VERIFY === "1" || url.port === "2376";
    return { kind: "tcp", host: url.hostname, port: Number(url.port || (tls ? 2376 : 2375)), tls };
  }
  if (url.protocol === "ssh:") {
    return { kind: "ssh", host: url.hostname, port: Number(url.port || 22), ...(url.username === "" ? {} : { username: decodeURIComponent(url.username) }) };
  }
  throw new SeraBenchError(`docker host ${JSON.stringify(address)}: unknown scheme ${url.protocol}; ${forms}`);
}

/**
 * A dockerode client for one address. Every connection key is set explicitly, so a DOCKER_HOST in
 * the environment (which dockerode merges into its defaults) cannot redirect it. TLS material for
 * tcp comes from DOCKER_CERT_PATH as with the docker CLI; ssh uses the agent at SSH_AUTH_SOCK and
 * needs `docker` on the remote host's PATH (dockerode runs `docker system dial-stdio` there).
 */
export function dockerFromAddress(address: string, env: NodeJS.ProcessEnv = process.env): Docker {
  const parsed = parseEngineAddress(address, env);
  const unset = { host: undefined, port: undefined, socketPath: undefined, protocol: undefined };
  if (parsed.kind === "unix") return new Docker({ ...unset, socketPath: parsed.socketPath } as Docker.DockerOptions);
  if (parsed.kind === "ssh") {
    const ssh = { ...unset, protocol: "ssh", host: parsed.host, port: parsed.port, username: parsed.username, sshOptions: { agent: env.SSH_AUTH_SOCK } };
    return new Docker(ssh as Docker.DockerOptions);
  }
  return new Docker({ ...unset, protocol: parsed.tls ? "https" : "http", host: parsed.host, port: parsed.port, ...tlsFiles(parsed.tls, env) } as Docker.DockerOptions);
}

function tlsFiles(tls: boolean, env: NodeJS.ProcessEnv): { ca?: Buffer; cert?: Buffer; key?: Buffer } {
  const dir = env.DOCKER_CERT_PATH;
  if (!tls || dir === undefined) return {};
  return { ca: readFileSync(join(dir, "ca.pem")), cert: readFileSync(join(dir, "cert.pem")), key: readFileSync(join(dir, "key.pem")) };
}

/** The address a default client uses: DOCKER_HOST, else the local socket. */
export function defaultEngineAddress(env: NodeJS.ProcessEnv = process.env): string {
  const host = env.DOCKER_HOST;
  if (host === undefined || host === "") return "unix:///var/run/docker.sock";
  return host.includes("//") ? host : `tcp://${host}`;
}
