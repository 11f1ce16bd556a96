/**
 * Inputs that are not files on disk: container objects read from the Docker Engine API, and observations of a
 * live PostgreSQL server. They enter a scan as extra discovered inputs of kind `inspect`; this registry tells the
 * inspect adapter what each one is, so their findings carry live locations (`unix:///var/run/docker.sock
 * (container db HostConfig.Privileged)`, `postgres://audit@db:5432/app (pg_settings:ssl)`).
 */
import { makeSourceFile, type SourceFile } from '../../core/source.js';
import type { DiscoveredFile } from '../../discover/walk.js';
import type { LiveObservation } from '../../live/observation.js';

export interface EngineCapture {
  /** The Docker host as given (`unix:///var/run/docker.sock`, `tcp://…`): the live location's target. */
  target: string;
}

const engineCaptures = new WeakMap<SourceFile, EngineCapture>();
const liveObservations = new WeakMap<SourceFile, LiveObservation>();

/** Container objects from `GET /containers/{id}/json`, as one input whose findings point at the API objects. */
export function engineCaptureInput(target: string, containerBodies: string[]): DiscoveredFile {
  const text = `[\n${containerBodies.map((b) => b.trim()).join(',\n')}\n]\n`;
  const file = makeSourceFile(target, target, text);
  engineCaptures.set(file, { target });
  return { file, kind: 'inspect' };
}

export function engineCaptureOf(file: SourceFile): EngineCapture | undefined {
  return engineCaptures.get(file);
}

/** A live server's observation as a scan input. The text is the observation itself (no secrets in it). */
export function liveObservationInput(observation: LiveObservation): DiscoveredFile {
  const file = makeSourceFile(observation.target, observation.target, JSON.stringify(observation, null, 2) + '\n');
  liveObservations.set(file, observation);
  return { file, kind: 'inspect' };
}

export function liveObservationOf(file: SourceFile): LiveObservation | undefined {
  return liveObservations.get(file);
}
