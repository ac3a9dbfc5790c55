// Configuration comes from the environment only (README.md, "Configuration"), and is read
// here, once, at startup; the rest of the server is handed what it needs. A value that
// cannot be meant stops the start with a message naming the variable, rather than serving
// with a setting nobody chose (a TRUST_PROXY=yes that quietly meant "no").

/** Pino's level names. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  demo: boolean;
  /** Folder holding the built app (index.html, sw.js, assets/). */
  staticDir: string;
  /** Folder of sample courses imported in demo mode. */
  coursesDir: string;
  /** Behind a load balancer, trust X-Forwarded-For so per-address limits see the client. */
  trustProxy: boolean;
  logLevel: LogLevel;
  /** PostgreSQL connections per server process. */
  databasePoolSize: number;
  /** The yearly JP target of the JP report when a request names none (docs/evaluation.md). */
  jpTarget: number;
  /**
   * Where learners and verifiers reach this server, e.g. https://sinau.example.go.id: a
   * certificate's QR leads to <publicUrl>/v/<code>. Unset, http://localhost:<port>.
   */
  publicUrl: string;
  /** The agency named on certificates as their issuer. */
  agency: string;
  /** Who signs certificates, by name and title; empty prints no signature line. */
  signerName: string;
  signerTitle: string;
  /** Bearer token for GET /metrics; unset, /metrics answers 404. */
  metricsToken: string | undefined;
}

export const DEFAULTS: Config = {
  port: 8080,
  host: '0.0.0.0',
  databaseUrl: 'sqlite:./data/sinau.db',
  demo: false,
  staticDir: 'dist',
  coursesDir: 'courses',
  trustProxy: false,
  logLevel: 'info',
  databasePoolSize: 10,
  jpTarget: 20,
  publicUrl: 'http://localhost:8080',
  agency: 'BKPSDM',
  signerName: '',
  signerTitle: '',
  metricsToken: undefined,
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const bad = (name: string, what: string) => problems.push(`${name} must be ${what}, not "${env[name]}"`);

  const number = (name: string, fallback: number, what: string, ok: (n: number) => boolean) => {
    const raw = env[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    // Number('') and Number(' ') are 0: a blank is a mistake, not a zero.
    if (raw.trim() === '' || !ok(n)) bad(name, what);
    return n;
  };
  const text = (name: string, fallback: string, what: string) => {
    const raw = env[name];
    if (raw !== undefined && raw.trim() === '') bad(name, what);
    return raw ?? fallback;
  };
  // Set to 1 to turn on; unset, empty or 0 is off.
  const flag = (name: string) => {
    const raw = env[name];
    if (raw !== undefined && !['', '0', '1'].includes(raw)) bad(name, '1 or 0');
    return raw === '1';
  };

  // In the README's order, so that the message lists problems as the table does.
  const port = number('PORT', DEFAULTS.port, 'a port number', (n) => Number.isInteger(n) && n >= 0 && n <= 65535);
  const host = text('HOST', DEFAULTS.host, 'an address to listen on');
  const databaseUrl = text('DATABASE_URL', DEFAULTS.databaseUrl, 'a database URL');
  if (databaseUrl.trim() !== '' && !/^(sqlite:|postgres:\/\/|postgresql:\/\/)/.test(databaseUrl))
    problems.push(`DATABASE_URL must start with sqlite: or postgres://, not "${databaseUrl}"`);
  const demo = flag('SINAU_DEMO');
  const trustProxy = flag('TRUST_PROXY');
  const logLevel = env.LOG_LEVEL ?? DEFAULTS.logLevel;
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) bad('LOG_LEVEL', `one of ${LOG_LEVELS.join(', ')}`);
  const databasePoolSize = number(
    'DATABASE_POOL_SIZE',
    DEFAULTS.databasePoolSize,
    'a whole number from 1 to 1000',
    (n) => Number.isInteger(n) && n >= 1 && n <= 1000,
  );
  // The JP report's own `target` query takes 0 to 1000 as well.
  const jpTarget = number('SINAU_JP_TARGET', DEFAULTS.jpTarget, 'a number of hours from 0 to 1000', (n) => n >= 0 && n <= 1000);
  const staticDir = text('SINAU_STATIC_DIR', DEFAULTS.staticDir, 'a folder');
  const coursesDir = text('SINAU_COURSES_DIR', DEFAULTS.coursesDir, 'a folder');
  const publicUrl = text('SINAU_PUBLIC_URL', `http://localhost:${port}`, 'an http(s) origin with no path').replace(/\/+$/, '');
  if (publicUrl.trim() !== '' && !/^https?:\/\/[^/\s]+$/.test(publicUrl)) bad('SINAU_PUBLIC_URL', 'an http(s) origin with no path');
  const agency = text('SINAU_AGENCY', DEFAULTS.agency, "the agency's name");
  const signerName = env.SINAU_SIGNER_NAME?.trim() ?? DEFAULTS.signerName;
  const signerTitle = env.SINAU_SIGNER_TITLE?.trim() ?? DEFAULTS.signerTitle;
  const metricsToken = env.METRICS_TOKEN;
  if (metricsToken !== undefined && metricsToken.trim().length < 16) bad('METRICS_TOKEN', 'a token of at least 16 characters');
  if (problems.length > 0) throw new Error(problems.join('; '));
  return {
    port,
    host,
    databaseUrl,
    demo,
    staticDir,
    coursesDir,
    trustProxy,
    logLevel: logLevel as LogLevel,
    databasePoolSize,
    jpTarget,
    publicUrl,
    agency,
    signerName,
    signerTitle,
    metricsToken,
  };
}
