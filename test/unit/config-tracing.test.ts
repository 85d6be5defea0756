import { loadConfig } from '../../src/config';
import { problemsOf } from '../helpers/configProblems';

describe('when tracing is on', () => {
  test('off without any OpenTelemetry variable, and with OTEL_TRACES_EXPORTER=none', () => {
    expect(loadConfig({}).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'none' }).tracing).toBeUndefined();
    expect(
      loadConfig({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }).tracing,
    ).toBeUndefined();
  });

  test('on with OTEL_TRACES_EXPORTER=otlp or console, with the specification defaults', () => {
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'otlp' }).tracing).toMatchObject({
      exporters: ['otlp'],
      otlp: { url: 'http://localhost:4318/v1/traces', protocol: 'http/protobuf' },
      serviceName: 'swr-graphql-gateway',
      sampler: { name: 'parentbased_always_on', ratio: 1 },
      batch: {
        scheduledDelayMillis: 5000,
        exportTimeoutMillis: 30000,
        maxQueueSize: 2048,
        maxExportBatchSize: 512,
      },
    });
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'console' }).tracing?.exporters).toEqual(['console']);
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'otlp,console' }).tracing?.exporters).toEqual([
      'otlp',
      'console',
    ]);
  });

  test('on when only an OTLP endpoint is set', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing?.exporters).toEqual([
      'otlp',
    ]);
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://tempo:4318/v1/traces' }).tracing?.exporters,
    ).toEqual(['otlp']);
  });

  test('OTEL_SDK_DISABLED=true turns it off whatever else is set', () => {
    expect(
      loadConfig({
        OTEL_SDK_DISABLED: 'true',
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      }).tracing,
    ).toBeUndefined();
  });
});

describe('where spans go', () => {
  const urlOf = (env: Record<string, string>) => loadConfig(env).tracing?.otlp.url;

  test('the base endpoint gets /v1/traces appended, with or without a trailing slash or a path', () => {
    expect(urlOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(
      'http://collector:4318/v1/traces',
    );
    expect(urlOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otlp.example.com/otlp/' })).toBe(
      'https://otlp.example.com/otlp/v1/traces',
    );
  });

  test('the traces endpoint is a full URL, used as is, and wins over the base', () => {
    expect(
      urlOf({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://tempo:4318/custom/path',
      }),
    ).toBe('http://tempo:4318/custom/path');
  });

  test('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL wins over OTEL_EXPORTER_OTLP_PROTOCOL', () => {
    const on = { OTEL_TRACES_EXPORTER: 'otlp' };
    expect(loadConfig({ ...on, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).tracing?.otlp.protocol).toBe(
      'http/json',
    );
    expect(
      loadConfig({
        ...on,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
      }).tracing?.otlp.protocol,
    ).toBe('http/protobuf');
  });

  test('export headers are secrets: held redacted, and never echoed in a problem', () => {
    const tracing = loadConfig({
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_HEADERS: 'X-Api-Key=collector%20key,tenant=a',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'tenant=b',
    }).tracing;
    const headers = tracing?.otlp.headers ?? new Map();
    expect([...headers.keys()]).toEqual(['x-api-key', 'tenant']);
    expect(headers.get('x-api-key')?.reveal()).toBe('collector key');
    expect(headers.get('tenant')?.reveal()).toBe('b');
    expect(JSON.stringify([...headers])).not.toContain('collector');
    const problems = problemsOf({ OTEL_EXPORTER_OTLP_HEADERS: 'secret-value-without-a-name' }).join('\n');
    expect(problems).toContain('OTEL_EXPORTER_OTLP_HEADERS');
    expect(problems).not.toContain('secret-value');
  });
});

describe('resource and sampling', () => {
  test('resource attributes are URL-decoded; service.name: OTEL_SERVICE_NAME, then the attributes, then the default', () => {
    const attributes = 'deployment.environment.name=prod,service.name=from%20attributes';
    expect(
      loadConfig({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_RESOURCE_ATTRIBUTES: attributes }).tracing,
    ).toMatchObject({
      serviceName: 'from attributes',
      resourceAttributes: { 'deployment.environment.name': 'prod', 'service.name': 'from attributes' },
    });
    expect(
      loadConfig({
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_RESOURCE_ATTRIBUTES: attributes,
        OTEL_SERVICE_NAME: 'gateway-eu',
      }).tracing?.serviceName,
    ).toBe('gateway-eu');
  });

  test('a sampler with its ratio', () => {
    expect(
      loadConfig({
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
      }).tracing?.sampler,
    ).toEqual({ name: 'parentbased_traceidratio', ratio: 0.25 });
  });

  test('every malformed OpenTelemetry variable is reported, with the rest', () => {
    const problems = problemsOf({
      OTEL_TRACES_EXPORTER: 'otlp,none',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_RESOURCE_ATTRIBUTES: 'broken%ZZ=1,=nokey',
      OTEL_TRACES_SAMPLER: 'jaeger_remote',
      OTEL_TRACES_SAMPLER_ARG: '1.5',
      OTEL_BSP_MAX_QUEUE_SIZE: '100',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '200',
      PORT: 'x',
    }).join('\n');
    for (const name of [
      'OTEL_TRACES_EXPORTER',
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTEL_EXPORTER_OTLP_PROTOCOL',
      'OTEL_RESOURCE_ATTRIBUTES',
      'OTEL_TRACES_SAMPLER',
      'OTEL_TRACES_SAMPLER_ARG',
      'OTEL_BSP_MAX_EXPORT_BATCH_SIZE',
      'PORT',
    ])
      expect(problems).toContain(name);
  });
});
