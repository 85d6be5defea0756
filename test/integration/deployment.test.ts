import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SETTINGS } from '../../src/config';
import { interpolated } from '../helpers/compose';
import { gatewayUrl, ROOT, type RunningProcess, runEntry } from '../helpers/process';
import { startRedis } from '../helpers/redis';

interface Service {
  build?: string;
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: string[] | Record<string, unknown>;
  volumes?: string[];
  profiles?: string[];
}
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const services = compose.services;
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

/** The image's default command, from the Dockerfile's final CMD. */
const imageCommand = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? '[]') as string[];
const commandOf = (s: Service) => s.command ?? (s.build ? imageCommand : []);
/** `node dist/x.js` in the image runs what `src/x.ts` compiles to. */
const sourceOf = (command: string[]) => {
  const js = command.find((part) => part.startsWith('dist/'));
  return js ? js.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts') : undefined;
};
const gateways = Object.entries(services).filter(([, s]) => sourceOf(commandOf(s)) === 'src/main.ts');

describe('docker-compose.yml', () => {
  test('has the simulator, Redis, two gateway replicas and an optional Prometheus', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['simulator', 'redis', 'prometheus']));
    expect(gateways.map(([name]) => name)).toHaveLength(2);
    expect(services.prometheus?.profiles).toEqual(['metrics']);
  });

  test('every built service runs a command whose source exists', () => {
    for (const [name, s] of Object.entries(services)) {
      if (s.build === undefined) continue;
      expect(s.build).toBe('.');
      const source = sourceOf(commandOf(s));
      expect([name, source && existsSync(join(ROOT, source))]).toEqual([name, true]);
    }
  });

  test('every environment variable is a known setting', () => {
    for (const [name, s] of Object.entries(services)) {
      if (s.build === undefined) continue;
      for (const variable of Object.keys(s.environment ?? {})) {
        expect([name, variable, variable in SETTINGS]).toEqual([name, variable, true]);
      }
    }
  });

  test('every dependency is a service and every mounted file exists', () => {
    for (const s of Object.values(services)) {
      const deps = Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {});
      for (const dep of deps) expect(Object.keys(services)).toContain(dep);
      for (const volume of s.volumes ?? [])
        expect(existsSync(join(ROOT, volume.split(':')[0] ?? ''))).toBe(true);
    }
  });

  test('Prometheus scrapes every gateway replica on its METRICS_PORT', () => {
    const prometheus = parse(readFileSync(join(ROOT, 'deploy', 'prometheus.yml'), 'utf8')) as {
      scrape_configs: { static_configs: { targets: string[] }[] }[];
    };
    const targets = prometheus.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets));
    expect(targets.sort()).toEqual(
      gateways.map(([name, s]) => `${name}:${s.environment?.METRICS_PORT}`).sort(),
    );
  });
});

describe('Dockerfile', () => {
  test('is multi-stage, runs as a non-root user, has a healthcheck and copies only what exists', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(finalStage).toMatch(/^USER (?!root\b)\w+/m);
    expect(finalStage).toMatch(/^HEALTHCHECK .*\n?.*\/health/m);
    for (const [, sources] of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const source of (sources ?? '').split(' '))
        expect([source, existsSync(join(ROOT, source))]).toEqual([source, true]);
    }
  });
});

describe('the compose topology, run natively', () => {
  const running: RunningProcess[] = [];
  const stops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const p of running) p.kill();
    for (const stop of stops) await stop();
  });

  const start = (service: Service, env: Record<string, string>) => {
    const environment = interpolated(service.environment ?? {});
    const p = runEntry(sourceOf(commandOf(service)) as string, { ...environment, ...env });
    running.push(p);
    return p;
  };

  /**
   * How each backing service runs here, as a base URL. A gateway setting that points at a compose service
   * (`http://simulator:4010`) is rewritten to it; a referenced service missing here fails the test. Redis runs
   * with one line once the gateway uses it (e.g. `redis: () => startRedisServer()`).
   */
  const natives: Record<string, () => Promise<string>> = {
    redis: async () => {
      const redis = await startRedis();
      stops.push(() => redis.stop());
      return redis.url.replace(/\/\d*$/, '');
    },
    simulator: async () => {
      const sim = start(services.simulator as Service, { SIMULATOR_PORT: '0', HOST: '127.0.0.1' });
      return String((await sim.waitForLog((e) => typeof e.url === 'string')).url);
    },
  };

  test('a simulator and two gateway replicas answer the same data and drain on SIGTERM', async () => {
    const referenced = new Set(
      gateways.flatMap(([, s]) =>
        Object.values(s.environment ?? {}).flatMap((v) =>
          [...v.matchAll(/:\/\/([a-z0-9-]+):\d+/g)].map((m) => m[1]),
        ),
      ),
    );
    const urls: Record<string, string> = {};
    for (const name of referenced) {
      const native = natives[String(name)];
      if (!native)
        throw new Error(`the gateways use compose service "${name}", which this test cannot run natively`);
      urls[String(name)] = await native();
    }
    const rewrite = (value: string) =>
      value.replace(/[a-z]+:\/\/([a-z0-9-]+):\d+/g, (whole, name: string) => urls[name] ?? whole);
    const replicas = gateways.map(([, s]) =>
      start(
        {
          ...s,
          environment: Object.fromEntries(
            Object.entries(s.environment ?? {}).map(([k, v]) => [k, rewrite(v)]),
          ),
        },
        // Free ports here; no load balancer to wait for on SIGTERM.
        { PORT: '0', METRICS_PORT: '0', HOST: '127.0.0.1', SHUTDOWN_DELAY_MS: '0' },
      ),
    );
    const bases = await Promise.all(replicas.map(gatewayUrl));
    const answers = await Promise.all(
      bases.map(async (base) => {
        const r = await fetch(`${base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-auth-token': 'demo-token' },
          body: JSON.stringify({
            query: '{ sharedRepositories(page: { size: 5 }) { totalCount nodes { name } } }',
          }),
        });
        expect((await fetch(`${base}/ready`)).status).toBe(200);
        return r.json();
      }),
    );
    expect(answers[0]).toHaveProperty('data.sharedRepositories.totalCount');
    // The same data; `extensions.cache` (status, age) says how each replica got it.
    expect((answers[1] as { data: unknown }).data).toEqual((answers[0] as { data: unknown }).data);
    for (const p of replicas) {
      const metricsUrl = String((await p.waitForLog((e) => typeof e.metricsUrl === 'string')).metricsUrl);
      expect(await (await fetch(metricsUrl)).text()).toContain('gateway_http_request_duration_seconds_count');
    }
    for (const p of running) p.child.kill('SIGTERM');
    expect(await Promise.all(running.map((p) => p.exited))).toEqual(running.map(() => 0));
  });
});
