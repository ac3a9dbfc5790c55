// Configuration comes from the environment only (README.md, "Configuration").
export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  demo: boolean;
  /** Folder holding the built app (index.html, sw.js, assets/). */
  staticDir: string;
  /** Folder of sample courses imported in demo mode. */
  coursesDir: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL ?? 'sqlite:./data/sinau.db',
    demo: env.SINAU_DEMO === '1',
    staticDir: env.SINAU_STATIC_DIR ?? 'dist',
    coursesDir: env.SINAU_COURSES_DIR ?? 'courses',
  };
}
