/**
 * OpenTelemetry tracing: the standard `OTEL_*` variables the gateway reads, validated like every other setting, and
 * the tracing configuration they make (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/).
 * Tracing is on when `OTEL_TRACES_EXPORTER` names otlp or console, or an OTLP endpoint is set; off otherwise, and
 * then nothing of the SDK is loaded. The SDK is given these values explicitly, so what is validated is what runs.
 */

import { bool, int, list, oneOf, optionalOneOf, optionalText, optionalUrl, type Setting } from './kinds';
import { Secret } from './secret';
import type { Parsed } from './settings';

export const TRACE_EXPORTERS = ['otlp', 'console', 'none'] as const;
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export const TRACE_SAMPLERS = [
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
  'always_on',
  'always_off',
  'traceidratio',
] as const;

export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];
export type TraceSamplerName = (typeof TRACE_SAMPLERS)[number];

export interface TracingConfig {
  /** Where finished spans go, each exporter behind its own batch processor. */
  exporters: ('otlp' | 'console')[];
  otlp: {
    /** The full URL spans are posted to. */
    url: string;
    protocol: OtlpProtocol;
    /** Sent with every export (collectors' API keys travel here): held as secrets. */
    headers: ReadonlyMap<string, Secret>;
  };
  serviceName: string;
  /** OTEL_RESOURCE_ATTRIBUTES as given (service.name included when it was there). */
  resourceAttributes: Readonly<Record<string, string>>;
  sampler: { name: TraceSamplerName; ratio: number };
  batch: {
    scheduledDelayMillis: number;
    exportTimeoutMillis: number;
    maxQueueSize: number;
    maxExportBatchSize: number;
  };
}

const DEFAULT_SERVICE_NAME = 'swr-graphql-gateway';
/** The specification's default: an OTLP/HTTP collector on this host. */
const DEFAULT_TRACES_URL = 'http://localhost:4318/v1/traces';
/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * `key=value` pairs, comma-separated, values URL-encoded: the W3C Baggage format that OTEL_RESOURCE_ATTRIBUTES and
 * the OTLP headers share. Undefined when any entry is malformed (the specification discards the whole value then).
 */
export function keyValueList(raw: string): [string, string][] | undefined {
  const pairs: [string, string][] = [];
  for (const item of raw.split(',')) {
    const entry = item.trim();
    if (entry === '') continue;
    const eq = entry.indexOf('=');
    const key = entry.slice(0, eq).trim();
    if (eq === -1 || key === '') return undefined;
    try {
      pairs.push([key, decodeURIComponent(entry.slice(eq + 1).trim())]);
    } catch {
      return undefined;
    }
  }
  return pairs;
}

/** OTLP export headers: problems name the setting, never a value (collectors' API keys travel here). */
function otlpHeaders(doc: string): Setting<[string, Secret][]> {
  return {
    doc: `${doc} (key=value, comma-separated, values URL-encoded; secret)`,
    example: '',
    parse(raw, problems, name) {
      if (raw === undefined) return [];
      const pairs = keyValueList(raw);
      if (
        pairs === undefined ||
        pairs.some(([key, value]) => !HEADER_NAME.test(key) || /[\r\n]/.test(value))
      ) {
        problems.push(`${name} must be key=value pairs separated by commas, with header names as keys`);
        return [];
      }
      return pairs.map(([key, value]) => [key.toLowerCase(), new Secret(value)]);
    },
  };
}

function resourceAttributes(doc: string): Setting<[string, string][]> {
  return {
    doc: `${doc} (key=value, comma-separated, values URL-encoded)`,
    example: '',
    parse(raw, problems, name) {
      if (raw === undefined) return [];
      const pairs = keyValueList(raw);
      if (pairs === undefined) {
        problems.push(`${name} must be key=value pairs separated by commas, with URL-encoded values`);
        return [];
      }
      return pairs;
    },
  };
}

/** A probability from 0 to 1. */
function ratio(doc: string): Setting<number | undefined> {
  return {
    doc: `${doc} (a number from 0 to 1)`,
    example: '',
    parse(raw, problems, name) {
      if (raw === undefined) return undefined;
      const value = Number(raw);
      if (!/^\d*\.?\d+$/.test(raw) || value < 0 || value > 1) {
        problems.push(`${name} must be a number from 0 to 1, got "${raw}"`);
        return undefined;
      }
      return value;
    },
  };
}

/** The OpenTelemetry variables, as they appear in the settings table (and so in `.env.example` and the docs). */
export const TRACING_SETTINGS = {
  OTEL_SDK_DISABLED: bool('OpenTelemetry: true turns tracing off, whatever else is set', false),
  OTEL_TRACES_EXPORTER: list(
    'OpenTelemetry: where spans go. Tracing is on with otlp or console, or when an OTLP endpoint is set; off when unset or none',
    [],
    TRACE_EXPORTERS,
  ),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl(
    'OpenTelemetry: base URL of an OTLP/HTTP collector, e.g. http://otel-collector:4318 (spans go to its /v1/traces); setting it turns tracing on',
    {},
  ),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalUrl(
    'OpenTelemetry: full URL spans are posted to, used as is (e.g. http://tempo:4318/v1/traces); wins over OTEL_EXPORTER_OTLP_ENDPOINT; setting it turns tracing on',
    {},
  ),
  OTEL_EXPORTER_OTLP_PROTOCOL: oneOf('OpenTelemetry: OTLP encoding', 'http/protobuf', OTLP_PROTOCOLS),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: optionalOneOf(
    'OpenTelemetry: OTLP encoding of spans; wins over OTEL_EXPORTER_OTLP_PROTOCOL',
    OTLP_PROTOCOLS,
  ),
  OTEL_EXPORTER_OTLP_HEADERS: otlpHeaders(
    'OpenTelemetry: headers of every export, e.g. a collector API key (x-api-key=...)',
  ),
  OTEL_EXPORTER_OTLP_TRACES_HEADERS: otlpHeaders(
    'OpenTelemetry: headers of span exports, added to OTEL_EXPORTER_OTLP_HEADERS (winning for the same name)',
  ),
  OTEL_SERVICE_NAME: optionalText(
    'OpenTelemetry: service.name of the spans. Default: service.name of OTEL_RESOURCE_ATTRIBUTES, else swr-graphql-gateway',
  ),
  OTEL_RESOURCE_ATTRIBUTES: resourceAttributes(
    'OpenTelemetry: attributes of the resource (every span), e.g. deployment.environment.name=prod',
  ),
  OTEL_TRACES_SAMPLER: oneOf(
    "OpenTelemetry: which requests are traced; parentbased_* follow the caller's sampled flag when it sends a traceparent",
    'parentbased_always_on',
    TRACE_SAMPLERS,
  ),
  OTEL_TRACES_SAMPLER_ARG: ratio(
    'OpenTelemetry: with a traceidratio sampler, the share of traces kept (default 1)',
  ),
  OTEL_BSP_SCHEDULE_DELAY: int('OpenTelemetry: ms between two exports of finished spans', 5000, 1, 600_000),
  OTEL_BSP_EXPORT_TIMEOUT: int('OpenTelemetry: ms one export may take', 30_000, 1, 600_000),
  OTEL_BSP_MAX_QUEUE_SIZE: int(
    'OpenTelemetry: finished spans held for export; beyond that, new ones are dropped',
    2048,
    1,
    1_000_000,
  ),
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE: int(
    'OpenTelemetry: most spans per export (at most OTEL_BSP_MAX_QUEUE_SIZE)',
    512,
    1,
    1_000_000,
  ),
} as const;

/** The specification's rule: a signal's own endpoint as is; else the base endpoint with the signal's path. */
function tracesUrl(p: Parsed): string {
  if (p.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return p.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT.href;
  const base = p.OTEL_EXPORTER_OTLP_ENDPOINT;
  return base ? `${base.href.replace(/\/+$/, '')}/v1/traces` : DEFAULT_TRACES_URL;
}

/** Which exporters run: the listed ones, otlp when only an endpoint says so, none when tracing is off. */
function chosenExporters(p: Parsed, problems: string[]): TracingConfig['exporters'] {
  const listed = p.OTEL_TRACES_EXPORTER;
  if (listed.includes('none')) {
    if (listed.length > 1) problems.push('OTEL_TRACES_EXPORTER=none cannot be combined with other exporters');
    return [];
  }
  if (p.OTEL_SDK_DISABLED) return [];
  const endpoint = p.OTEL_EXPORTER_OTLP_ENDPOINT ?? p.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (listed.length === 0) return endpoint ? ['otlp'] : [];
  return [...new Set(listed as ('otlp' | 'console')[])];
}

/** The tracing configuration, or undefined when tracing is off; problems are appended. */
export function tracingConfig(p: Parsed, problems: string[]): TracingConfig | undefined {
  if (p.OTEL_BSP_MAX_EXPORT_BATCH_SIZE > p.OTEL_BSP_MAX_QUEUE_SIZE) {
    problems.push(
      `OTEL_BSP_MAX_EXPORT_BATCH_SIZE (${p.OTEL_BSP_MAX_EXPORT_BATCH_SIZE}) must not exceed OTEL_BSP_MAX_QUEUE_SIZE (${p.OTEL_BSP_MAX_QUEUE_SIZE})`,
    );
  }
  const exporters = chosenExporters(p, problems);
  if (exporters.length === 0) return undefined;
  const resourceAttributes = Object.fromEntries(p.OTEL_RESOURCE_ATTRIBUTES);
  return {
    exporters,
    otlp: {
      url: tracesUrl(p),
      protocol: p.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? p.OTEL_EXPORTER_OTLP_PROTOCOL,
      headers: new Map([...p.OTEL_EXPORTER_OTLP_HEADERS, ...p.OTEL_EXPORTER_OTLP_TRACES_HEADERS]),
    },
    serviceName: p.OTEL_SERVICE_NAME ?? resourceAttributes['service.name'] ?? DEFAULT_SERVICE_NAME,
    resourceAttributes,
    sampler: { name: p.OTEL_TRACES_SAMPLER, ratio: p.OTEL_TRACES_SAMPLER_ARG ?? 1 },
    batch: {
      scheduledDelayMillis: p.OTEL_BSP_SCHEDULE_DELAY,
      exportTimeoutMillis: p.OTEL_BSP_EXPORT_TIMEOUT,
      maxQueueSize: p.OTEL_BSP_MAX_QUEUE_SIZE,
      maxExportBatchSize: p.OTEL_BSP_MAX_EXPORT_BATCH_SIZE,
    },
  };
}
