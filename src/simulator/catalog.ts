/**
 * Word pools the tenant dataset draws from. Names are chosen to exercise clients: separators of every
 * kind, a `/` inside a repository name, digits, and the same repository name in several namespaces.
 */

/** Namespace stems; a per-account hex tag is appended so that tenants never share an organization. */
export const NAMESPACE_STEMS = [
  'team',
  'ml_ops',
  'infra',
  'web-apps',
  'data__lake',
  'platform.core',
  'devops',
  'qa.tools',
  'edge-ai',
  'bigdata',
  'mobile_backend',
  'sec-ops',
] as const;

/** Repository names by category, so that a `windows` repository looks like one. */
export const REPOSITORY_NAMES: Readonly<Record<string, readonly string[]>> = {
  app_server: ['nginx', 'tomcat', 'httpd', 'envoy-proxy', 'traefik', 'caddy'],
  linux: ['ubuntu', 'alpine', 'centos', 'debian-slim', 'busybox', 'euleros'],
  framework_app: [
    'spring-boot',
    'django_app',
    'rails.web',
    'express-api',
    'flask_svc',
    'nextjs-frontend',
    'portal-web',
  ],
  database: ['redis', 'mysql', 'postgres', 'mongo', 'mariadb', 'etcd'],
  lang: ['python3.11', 'node-runtime', 'golang', 'openjdk', 'rust-toolchain', 'ruby'],
  arm: ['arm64-base', 'ubuntu-arm64', 'kunpeng.runtime', 'alpine_aarch64'],
  windows: ['windows-servercore', 'win-iis', 'dotnet/runtime', 'nanoserver', 'mssql-windows'],
  other: [
    'tools/builder',
    'ml/trainer',
    'data__loader',
    'ci-runner',
    'grafana',
    'prometheus',
    'sidecar.logger',
  ],
};

export const DESCRIPTIONS = [
  'Base image maintained by the platform team',
  'Production build, rebuilt nightly',
  'Do not use in production: experimental',
  'Mirror of the upstream official image',
  'Internal service image (see wiki for deployment notes)',
  '镜像说明：生产环境使用',
  'Hardened image with CIS benchmark applied',
] as const;

/** The region every simulated repository lives in; `path` and `internal_path` are built from it. */
export const REGISTRY_HOST = 'swr.cn-north-4.myhuaweicloud.com';
export const INTERNAL_REGISTRY_HOST = '100.125.0.198:20202';
