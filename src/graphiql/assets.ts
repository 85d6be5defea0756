import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BOOT_SCRIPT } from './boot';

/** The installed `@graphql-yoga/graphiql`: its `dist/` holds the bundle, stylesheet and editor workers. */
const packageJson = require.resolve('@graphql-yoga/graphiql/package.json');
const dist = join(dirname(packageJson), 'dist');
const { version } = require(packageJson) as { version: string };

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

interface Asset {
  contentType: string;
  load(): Promise<Buffer>;
}

function fromDist(file: string, contentType: string): Asset {
  return { contentType, load: () => readFile(join(dist, file)) };
}

/**
 * Everything the page loads, by path below `ASSET_BASE`. An allow-list, not a directory: no other file of the
 * package (or of the disk) can be requested.
 */
const ASSETS: Readonly<Record<string, Asset>> = {
  'boot.js': { contentType: JS, load: async () => Buffer.from(BOOT_SCRIPT) },
  'graphiql.css': fromDist('graphiql.css', CSS),
  'yoga-graphiql.umd.js': fromDist('yoga-graphiql.umd.js', JS),
  'monacoeditorwork/editor.worker.bundle.js': fromDist('monacoeditorwork/editor.worker.bundle.js', JS),
  'monacoeditorwork/json.worker.bundle.js': fromDist('monacoeditorwork/json.worker.bundle.js', JS),
  // The double dot is the package's own file name.
  'monacoeditorwork/graphql.worker..bundle.js': fromDist('monacoeditorwork/graphql.worker..bundle.js', JS),
};

/**
 * Where the assets live. The version segment changes with the package and with our boot script, so the files
 * can be cached as immutable: a new release is a new URL.
 */
export const ASSET_BASE = `/graphiql/assets/${createHash('sha256').update(version).update(BOOT_SCRIPT).digest('hex').slice(0, 12)}/`;

export interface LoadedAsset {
  contentType: string;
  body: Uint8Array<ArrayBuffer>;
}

const loaded = new Map<string, Promise<LoadedAsset>>();

/** The asset at `path` (relative to `ASSET_BASE`), read once and kept in memory; undefined when unknown. */
export function loadAsset(path: string): Promise<LoadedAsset> | undefined {
  const asset = Object.hasOwn(ASSETS, path) ? ASSETS[path] : undefined;
  if (!asset) return undefined;
  let entry = loaded.get(path);
  if (!entry) {
    // One copy at load: a plain Uint8Array is what a Response body takes.
    entry = asset.load().then((data) => ({ contentType: asset.contentType, body: new Uint8Array(data) }));
    // A failed read (package missing files) is retried on the next request rather than cached.
    entry.catch(() => loaded.delete(path));
    loaded.set(path, entry);
  }
  return entry;
}
