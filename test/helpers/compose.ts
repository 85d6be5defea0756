/**
 * A service's environment as its container gets it: Compose replaces `${NAME:-default}` with NAME from the shell
 * that runs `docker compose`, else with the default.
 */
export function interpolated(
  env: Record<string, string>,
  shell: Record<string, string> = {},
): Record<string, string> {
  const value = (v: string) =>
    v.replace(/\$\{([A-Z0-9_]+):-([^}]*)\}/g, (_, name: string, fallback: string) => shell[name] ?? fallback);
  return Object.fromEntries(Object.entries(env).map(([name, v]) => [name, value(v)]));
}
