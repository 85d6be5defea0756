/** A token the embedded simulator accepts, for demos and the README. */
export const DEMO_TOKEN = 'demo-token';
