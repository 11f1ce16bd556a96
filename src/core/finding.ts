import type { Loc, RelatedLoc } from './location.js';
import type { Severity } from './severity.js';
import type { EnvName } from '../model/deployment.js';

export interface Suppression {
  kind: 'inSource' | 'external';
  justification: string;
  /** Where the suppression is written (inline comment, config file entry, baseline). */
  loc?: Loc;
  expires?: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  env: EnvName;
  envReason: string;
  message: string;
  loc: Loc;
  related: RelatedLoc[];
  /** The deployment the finding is about, when there is one. */
  deploymentId?: string;
  /** Where in the model: `ports[0].hostIp`, `env.POSTGRES_PASSWORD`, `hba[3]`. */
  modelPath?: string;
  /** Stable identity that survives line moves: rule + deployment + model path + value hash. */
  fingerprint: string;
  /** How to fix it here: a concrete suggestion (text, SQL). */
  suggestion?: string;
  suppressions?: Suppression[];
}
