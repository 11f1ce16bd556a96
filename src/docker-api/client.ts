/**
 * A read-only Docker Engine API client: plain HTTP over the daemon's unix socket (or, with a loud warning,
 * unencrypted TCP). It can only send GET requests, and only to the three endpoints pgwarden needs.
 */
import { request, type IncomingMessage } from 'node:http';

export class DockerApiError extends Error {}

export type DockerHost =
  | { kind: 'unix'; socketPath: string; display: string }
  | { kind: 'tcp'; hostname: string; port: number; display: string };

export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

/** `unix:///path`, `tcp://host:port` (plain HTTP); anything else is refused with the reason. */
export function parseDockerHost(text: string): DockerHost {
  const value = text.trim();
  if (value.startsWith('unix://')) {
    const socketPath = value.slice('unix://'.length);
    if (!socketPath.startsWith('/')) throw new DockerApiError(`--host ${value}: a unix socket path must be absolute`);
    return { kind: 'unix', socketPath, display: value };
  }
  if (value.startsWith('/')) return { kind: 'unix', socketPath: value, display: `unix://${value}` };
  const tcp = /^(?:tcp|http):\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(value);
  if (tcp?.[1]) {
    const port = tcp[2] ? Number(tcp[2]) : 2375;
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new DockerApiError(`--host ${value}: invalid port`);
    return { kind: 'tcp', hostname: tcp[1].replace(/^\[|\]$/g, ''), port, display: value };
  }
  if (/^(https|ssh|npipe|fd):\/\//.test(value)) {
    throw new DockerApiError(
      `--host ${value}: only unix:// sockets and plain tcp:// are supported; for a remote daemon, forward its socket ` +
        '(ssh -L /tmp/docker.sock:/var/run/docker.sock host) and use --host unix:///tmp/docker.sock',
    );
  }
  throw new DockerApiError(`--host ${value}: expected unix:///path/to/docker.sock or tcp://host:port`);
}

/** The warning `audit docker` prints before it talks to a daemon over plain TCP. */
export function plainTcpWarning(host: DockerHost): string | undefined {
  if (host.kind !== 'tcp') return undefined;
  return (
    `WARNING: ${host.display} is the Docker API over plain TCP, without TLS. Anyone who can reach this port ` +
    'controls the Docker daemon, and so is root on its host; the container data pgwarden reads (environment ' +
    'variables, passwords among them) crosses the network in clear. Use the unix socket (or an SSH tunnel to it).'
  );
}

/** `GET /containers/json` entries (the fields pgwarden reads). */
export interface ContainerSummary {
  Id: string;
  Names?: string[];
  Image?: string;
  State?: string;
  Labels?: Record<string, string>;
}

export interface DockerVersion {
  Version?: string;
  ApiVersion?: string;
  Os?: string;
  Arch?: string;
}

const MAX_BODY = 64 * 1024 * 1024;

export interface DockerClientOptions {
  /** Per request, in milliseconds. */
  timeoutMs?: number;
}

export class DockerClient {
  private readonly timeoutMs: number;

  constructor(
    readonly host: DockerHost,
    options: DockerClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  /** GET /version: which daemon answers (also proves the socket is a Docker API). */
  async version(): Promise<DockerVersion> {
    return (await this.getJson('/version')) as DockerVersion;
  }

  /** GET /containers/json: running containers, or all with `all`. */
  async listContainers(all = false): Promise<ContainerSummary[]> {
    const body = await this.getJson(`/containers/json${all ? '?all=1' : ''}`);
    if (!Array.isArray(body)) throw new DockerApiError('GET /containers/json did not return a list');
    return body as ContainerSummary[];
  }

  /** GET /containers/{id}/json, the raw body (the adapter parses it with positions). */
  async inspectContainer(id: string): Promise<string> {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(id)) throw new DockerApiError(`invalid container id "${id}"`);
    const { status, body } = await this.get(`/containers/${encodeURIComponent(id)}/json`);
    if (status !== 200) throw new DockerApiError(`GET /containers/${id}/json: ${apiMessage(status, body)}`);
    return body;
  }

  private async getJson(path: string): Promise<unknown> {
    const { status, body } = await this.get(path);
    if (status !== 200) throw new DockerApiError(`GET ${path}: ${apiMessage(status, body)}`);
    try {
      return JSON.parse(body) as unknown;
    } catch {
      throw new DockerApiError(`GET ${path}: the answer is not JSON (is ${this.host.display} a Docker API?)`);
    }
  }

  /** The only request this client makes. */
  private get(path: string): Promise<{ status: number; body: string }> {
    const target =
      this.host.kind === 'unix'
        ? { socketPath: this.host.socketPath }
        : { host: this.host.hostname, port: this.host.port };
    return new Promise((resolve, reject) => {
      const req = request(
        { ...target, path, method: 'GET', headers: { Host: 'docker', Accept: 'application/json' } },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_BODY) {
              req.destroy(new DockerApiError(`GET ${path}: answer larger than ${MAX_BODY / 1024 / 1024} MB`));
              return;
            }
            chunks.push(c);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (e) => reject(this.explain(e, path)));
        },
      );
      req.setTimeout(this.timeoutMs, () =>
        req.destroy(
          new DockerApiError(`GET ${path}: no answer from ${this.host.display} within ${this.timeoutMs / 1000} s`),
        ),
      );
      req.on('error', (e) => reject(this.explain(e, path)));
      req.end();
    });
  }

  private explain(error: unknown, path: string): DockerApiError {
    if (error instanceof DockerApiError) return error;
    const e = error as NodeJS.ErrnoException;
    const where = this.host.display;
    switch (e.code) {
      case 'ENOENT':
        return new DockerApiError(`no Docker socket at ${where} (is the daemon running? give --host or DOCKER_HOST)`);
      case 'EACCES':
      case 'EPERM':
        return new DockerApiError(
          `permission denied on ${where}: the user needs access to the Docker socket (the docker group, or root)`,
        );
      case 'ECONNREFUSED':
        return new DockerApiError(`connection refused by ${where}: nothing listens there`);
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return new DockerApiError(`cannot resolve the host of ${where}`);
      case 'ECONNRESET':
        return new DockerApiError(`${where} closed the connection during GET ${path}`);
      default:
        return new DockerApiError(`GET ${path} on ${where}: ${e.message ?? String(error)}`);
    }
  }
}

function apiMessage(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') return `HTTP ${status}: ${parsed.message}`;
  } catch {
    // not JSON
  }
  return `HTTP ${status}`;
}
