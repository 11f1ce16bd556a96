export interface PortSpec {
  hostIp?: string;
  hostPort?: string;
  containerPort: string;
  protocol: string;
}

/**
 * Compose short syntax: `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`, with ranges (`5432-5433`) and bracketed
 * IPv6 addresses (`[::1]:5432:5432`). No host part means a random host port on every interface.
 */
export function parsePortSpec(spec: string): PortSpec | undefined {
  let rest = spec.trim();
  let protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1).toLowerCase();
    rest = rest.slice(0, slash);
  }
  let hostIp: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return undefined;
    hostIp = rest.slice(1, close);
    rest = rest.slice(close + 1).replace(/^:/, '');
  }
  const parts = rest.split(':');
  const portRe = /^\d+(-\d+)?$/;
  if (hostIp === undefined && parts.length > 3) {
    // unbracketed IPv6 host: everything before the last two parts
    hostIp = parts.slice(0, parts.length - 2).join(':');
    parts.splice(0, parts.length - 2);
  }
  let containerPort: string | undefined;
  let hostPort: string | undefined;
  if (parts.length === 1) containerPort = parts[0];
  else if (parts.length === 2) {
    if (hostIp === undefined && !portRe.test(parts[0] ?? '') && (parts[0] ?? '') !== '') {
      return undefined;
    }
    hostPort = parts[0] || undefined;
    containerPort = parts[1];
  } else if (parts.length === 3) {
    hostIp = parts[0];
    hostPort = parts[1] || undefined;
    containerPort = parts[2];
  }
  if (!containerPort || !portRe.test(containerPort)) return undefined;
  if (hostPort !== undefined && !portRe.test(hostPort)) return undefined;
  return { hostIp: hostIp === '' ? undefined : hostIp, hostPort, containerPort, protocol };
}

/** Whether a container port spec (`5432`, `5400-5500`) covers the given port. */
export function portCovers(spec: string | undefined, port: number): boolean {
  if (!spec) return false;
  const m = /^(\d+)(?:-(\d+))?$/.exec(spec.trim());
  if (!m) return false;
  const lo = Number(m[1]);
  const hi = m[2] ? Number(m[2]) : lo;
  return port >= lo && port <= hi;
}
