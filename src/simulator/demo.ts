/** A token the embedded simulator accepts, for demos and the docs. */
export const DEMO_TOKEN = 'demo-token';
