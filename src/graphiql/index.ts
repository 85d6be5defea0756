import type { GraphiQLOptions } from 'graphql-yoga';
import { exampleTabs } from './exampleTabs';

export { renderGraphiQLPage } from './page';
export { useGraphiQLAssets } from './plugin';

export interface GraphiQLSetup {
  /** Prefilled in every tab's headers editor (embedded-simulator mode only). */
  token?: string | undefined;
  /** A namespace the token owns, for the single-namespace example; a placeholder when unknown. */
  namespace?: string | undefined;
}

/**
 * What the page hands to the GraphiQL bundle. `query` is not in yoga's type, but the bundle reads it: it is the
 * first tab's editor content, and without it the bundle shows its welcome text instead of `defaultQuery`.
 */
export type GraphiQLPageOptions = GraphiQLOptions & { query?: string | undefined };

/** GraphiQL's options: title, the example tabs (the default operation first) and the prefilled headers. */
export function graphiqlOptions(setup: GraphiQLSetup): GraphiQLPageOptions {
  const headers = JSON.stringify(setup.token ? { 'X-Auth-Token': setup.token } : {}, null, 2);
  const tabs = exampleTabs(setup.namespace ?? 'my-organization');
  return {
    title: 'SWR shared images — GraphQL',
    query: tabs[0]?.query,
    defaultQuery: tabs[0]?.query,
    defaultTabs: tabs.map((tab) => ({ ...tab, headers })),
    headers,
    defaultHeaders: headers,
    // The headers editor starts open so the token (or where to put one) is the first thing seen.
    defaultEditorToolsVisibility: 'headers',
    // A real IAM token typed into the headers editor stays in the tab, not in localStorage (the bundle's
    // default is to persist it).
    shouldPersistHeaders: false,
  };
}
