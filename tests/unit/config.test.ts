import { describe, expect, it } from 'vitest';
import { DEFAULTS, loadConfig } from '../../src/server/config.js';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
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
    });
    expect(loadConfig({})).toEqual(DEFAULTS);
  });

  it('reads every variable', () => {
    expect(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: 'postgres://sinau:rahasia@db:5432/sinau',
        SINAU_DEMO: '1',
        SINAU_STATIC_DIR: '/srv/sinau/dist',
        SINAU_COURSES_DIR: '/srv/sinau/courses',
        TRUST_PROXY: '1',
        LOG_LEVEL: 'warn',
        DATABASE_POOL_SIZE: '25',
        SINAU_JP_TARGET: '32.5',
        SINAU_PUBLIC_URL: 'https://sinau.example.go.id/',
        SINAU_AGENCY: 'BKPSDM Kabupaten Contoh',
        SINAU_SIGNER_NAME: 'Dra. Sri Wahyuni, M.Si.',
        SINAU_SIGNER_TITLE: 'Kepala BKPSDM',
        METRICS_TOKEN: 'a-long-enough-metrics-token',
      }),
    ).toEqual({
      port: 0,
      host: '127.0.0.1',
      databaseUrl: 'postgres://sinau:rahasia@db:5432/sinau',
      demo: true,
      staticDir: '/srv/sinau/dist',
      coursesDir: '/srv/sinau/courses',
      trustProxy: true,
      logLevel: 'warn',
      databasePoolSize: 25,
      jpTarget: 32.5,
      publicUrl: 'https://sinau.example.go.id',
      agency: 'BKPSDM Kabupaten Contoh',
      signerName: 'Dra. Sri Wahyuni, M.Si.',
      signerTitle: 'Kepala BKPSDM',
      metricsToken: 'a-long-enough-metrics-token',
    });
  });

  it('takes 0 and an empty value as off for the switches', () => {
    const off = loadConfig({ SINAU_DEMO: '0', TRUST_PROXY: '' });
    expect([off.demo, off.trustProxy]).toEqual([false, false]);
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:' }).databaseUrl).toBe('sqlite::memory:');
    expect(loadConfig({ DATABASE_URL: 'postgresql://localhost/sinau' }).databaseUrl).toBe('postgresql://localhost/sinau');
  });

  it.each([
    ['PORT', 'http', 'PORT must be a port number, not "http"'],
    ['PORT', '70000', 'PORT must be a port number, not "70000"'],
    ['PORT', '80.5', 'PORT must be a port number, not "80.5"'],
    ['PORT', '', 'PORT must be a port number, not ""'],
    ['HOST', ' ', 'HOST must be an address to listen on, not " "'],
    ['DATABASE_URL', 'mysql://localhost/sinau', 'DATABASE_URL must start with sqlite: or postgres://, not "mysql://localhost/sinau"'],
    ['DATABASE_URL', '', 'DATABASE_URL must be a database URL, not ""'],
    ['SINAU_DEMO', 'true', 'SINAU_DEMO must be 1 or 0, not "true"'],
    ['SINAU_STATIC_DIR', '', 'SINAU_STATIC_DIR must be a folder, not ""'],
    ['SINAU_COURSES_DIR', '', 'SINAU_COURSES_DIR must be a folder, not ""'],
    ['TRUST_PROXY', 'yes', 'TRUST_PROXY must be 1 or 0, not "yes"'],
    ['LOG_LEVEL', 'verbose', 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "verbose"'],
    ['DATABASE_POOL_SIZE', '0', 'DATABASE_POOL_SIZE must be a whole number from 1 to 1000, not "0"'],
    ['DATABASE_POOL_SIZE', 'ten', 'DATABASE_POOL_SIZE must be a whole number from 1 to 1000, not "ten"'],
    ['SINAU_JP_TARGET', '-1', 'SINAU_JP_TARGET must be a number of hours from 0 to 1000, not "-1"'],
    ['SINAU_PUBLIC_URL', 'sinau.example.go.id', 'SINAU_PUBLIC_URL must be an http(s) origin with no path, not "sinau.example.go.id"'],
    [
      'SINAU_PUBLIC_URL',
      'https://example.go.id/sinau',
      'SINAU_PUBLIC_URL must be an http(s) origin with no path, not "https://example.go.id/sinau"',
    ],
    ['SINAU_AGENCY', ' ', 'SINAU_AGENCY must be the agency\'s name, not " "'],
    ['METRICS_TOKEN', 'short', 'METRICS_TOKEN must be a token of at least 16 characters, not "short"'],
    ['SINAU_JP_TARGET', '20 JP', 'SINAU_JP_TARGET must be a number of hours from 0 to 1000, not "20 JP"'],
  ])('refuses %s=%j, naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('names every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'loud' })).toThrow(
      'PORT must be a port number, not "x"; LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "loud"',
    );
  });
});
