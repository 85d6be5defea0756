import type { Plugin } from 'graphql-yoga';
import { ASSET_BASE, loadAsset } from './assets';
import { GRAPHIQL_CSP } from './page';

/** A year: asset URLs carry a version segment, so a changed file is a new URL. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves GraphiQL's assets under `ASSET_BASE` and puts the CSP on the GraphiQL page. The page itself is
 * rendered by yoga (its `renderGraphiQL` option); the only HTML this gateway sends is that page.
 */
export function useGraphiQLAssets(): Plugin {
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith(ASSET_BASE)) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      const asset = await loadAsset(url.pathname.slice(ASSET_BASE.length));
      if (!asset) {
        endResponse(new fetchAPI.Response(null, { status: 404 }));
        return;
      }
      endResponse(
        new fetchAPI.Response(request.method === 'HEAD' ? null : asset.body, {
          status: 200,
          headers: {
            'content-type': asset.contentType,
            'content-length': String(asset.body.byteLength),
            'cache-control': IMMUTABLE,
            'x-content-type-options': 'nosniff',
            'cross-origin-resource-policy': 'same-origin',
          },
        }),
      );
    },
    onResponse({ response }) {
      if (!response.headers.get('content-type')?.startsWith('text/html')) return;
      response.headers.set('content-type', 'text/html; charset=utf-8');
      response.headers.set('content-security-policy', GRAPHIQL_CSP);
      response.headers.set('x-content-type-options', 'nosniff');
      response.headers.set('referrer-policy', 'no-referrer');
      // The page may carry the demo token in its headers editor: keep it out of shared caches.
      response.headers.set('cache-control', 'no-store');
    },
  };
}
