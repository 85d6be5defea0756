import type { GraphiQLOptions } from 'graphql-yoga';
import { ASSET_BASE } from './assets';

/**
 * The page's Content-Security-Policy: everything from the gateway's own origin, nothing from anywhere else.
 * - `style-src 'unsafe-inline'`: Monaco and GraphiQL's UI library inject `<style>` elements at run time
 *   (editor themes, decorations, popover positioning) and offer no nonce hook; without it the editors render
 *   unstyled. Inline styles cannot run code, and scripts stay strictly 'self'.
 * - `data:` for fonts and images: the stylesheet embeds its fonts and icons as data: URLs.
 * - workers: the editor workers load from our own URLs (see boot.ts), so `worker-src 'self'` suffices.
 */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * GraphiQL's page, self-hosted: the same bundle yoga's stock page loads from a CDN, served by the gateway (see
 * assets.ts). Options travel as a JSON data block (`<` escaped so no value can close the script element).
 */
export function renderGraphiQLPage(options: GraphiQLOptions): string {
  const title = escapeHtml(options.title ?? 'GraphiQL');
  const json = JSON.stringify(options).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${ASSET_BASE}graphiql.css">
</head>
<body>
<noscript>GraphiQL needs JavaScript.</noscript>
<div id="root">Loading ${title}…</div>
<script type="application/json" id="graphiql-options">${json}</script>
<script src="${ASSET_BASE}boot.js"></script>
<script src="${ASSET_BASE}yoga-graphiql.umd.js"></script>
</body>
</html>
`;
}
