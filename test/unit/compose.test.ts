import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig, SETTINGS } from '../../src/config';
import { interpolated } from '../helpers/compose';

interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, unknown> | string[];
  profiles?: string[];
  volumes?: string[];
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
    const config = loadConfig(interpolated(env));
    expect(config.cache.redis).toBeDefined();
    // Hosts named in URLs are services of this file.
    for (const url of [env.REDIS_URL, env.SWR_ENDPOINT])
      expect(Object.keys(services)).toContain(new URL(url as string).hostname);
  }
  for (const [, s] of gateways)
    expect(Object.keys(s.depends_on ?? {})).toEqual(expect.arrayContaining(['redis', 'simulator']));
});

test('the tracing profile: a collector forwarding to Jaeger, which the gateways trace to only when told', () => {
  const collector = services['otel-collector'];
  expect(collector?.profiles).toEqual(['tracing']);
  expect(services.jaeger?.profiles).toEqual(['tracing']);
  const mount = collector?.volumes?.[0]?.split(':') ?? [];
  const pipeline = parse(readFileSync(join(__dirname, '..', '..', mount[0] ?? ''), 'utf8')) as {
    receivers: { otlp: { protocols: { http: { endpoint: string } } } };
    exporters: Record<string, { endpoint: string }>;
    service: { pipelines: { traces: { receivers: string[]; exporters: string[] } } };
  };
  expect(pipeline.receivers.otlp.protocols.http.endpoint).toBe('0.0.0.0:4318');
  const [exporter] = pipeline.service.pipelines.traces.exporters;
  expect(pipeline.exporters[exporter ?? '']?.endpoint).toBe('jaeger:4317');
  for (const [, s] of gateways) {
    const env = s.environment ?? {};
    expect(loadConfig(interpolated(env)).tracing).toBeUndefined();
    // As docs/tracing.md starts it: the collector is a service of this file, reached over OTLP/HTTP.
    const traced = loadConfig(
      interpolated(env, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318' }),
    ).tracing;
    expect(traced?.otlp.url).toBe('http://otel-collector:4318/v1/traces');
    expect(Object.keys(services)).toContain(new URL(traced?.otlp.url ?? '').hostname);
  }
});
