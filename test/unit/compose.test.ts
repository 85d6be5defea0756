import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig, SETTINGS } from '../../src/config';

interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, unknown>;
}

const compose = parse(readFileSync(join(__dirname, '..', '..', 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as { services: Record<string, Service> };
const services = compose.services;
const gateways = Object.entries(services).filter(([name]) => name.startsWith('gateway'));

test('docker-compose runs two gateway replicas sharing one Redis and one HMAC secret', () => {
  expect(services.redis?.image).toMatch(/^redis:/);
  expect(gateways).toHaveLength(2);
  const envs = gateways.map(([, s]) => s.environment ?? {});
  expect(new Set(envs.map((e) => e.REDIS_URL)).size).toBe(1);
  expect(new Set(envs.map((e) => e.CACHE_HMAC_SECRET)).size).toBe(1);
  for (const env of envs) {
    // Every variable is a real setting, and the whole set passes the gateway's own validation.
    for (const name of Object.keys(env)) expect(Object.keys(SETTINGS)).toContain(name);
    const config = loadConfig(env);
    expect(config.cache.redis).toBeDefined();
    // Hosts named in URLs are services of this file.
    for (const url of [env.REDIS_URL, env.SWR_ENDPOINT])
      expect(Object.keys(services)).toContain(new URL(url as string).hostname);
  }
  for (const [, s] of gateways)
    expect(Object.keys(s.depends_on ?? {})).toEqual(expect.arrayContaining(['redis', 'simulator']));
});
