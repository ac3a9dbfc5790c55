// What every route plugin under /api is given when it is registered: the database and the
// shared per-app services. Each plugin keeps what only it uses (the sync gate, the login
// address limiter) to itself.
import type { authHooks } from '../../auth-hooks.js';
import type { Store } from '../../db/database.js';
import type { CertificateSettings } from '../../services/certificates/settings.js';
import type { Metrics } from '../../services/metrics.js';
import type { ProgressKeeper } from '../../services/progress.js';

export interface ApiOptions {
  store: Store;
  hooks: ReturnType<typeof authHooks>;
  /** Woken after a sync stores events, so kept progress follows soon (services/progress.ts). */
  progress: ProgressKeeper;
  /** The yearly JP target the JP report uses when the request names none. */
  jpTarget: number;
  /** Where certificates' QR codes lead, and whom they name as issuer and signer. */
  certificates: CertificateSettings;
  /** What the routes count for GET /metrics. */
  metrics: Metrics;
}

/**
 * What a folder's plugin hands on to its own children: register() puts its own options (the
 * prefix) into what a plugin receives, and handing those on would prefix the children twice.
 */
export const handOn = ({ store, hooks, progress, jpTarget, certificates, metrics }: ApiOptions): ApiOptions => ({
  store,
  hooks,
  progress,
  jpTarget,
  certificates,
  metrics,
});
