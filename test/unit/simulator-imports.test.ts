import { readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { ROOT } from '../helpers/process';

/**
 * The simulator stands in for SWR: whatever it shares with the gateway's client, a mistake in it would be emitted
 * by the fake, accepted by the client and confirmed by the tests. So it may import only its own files, Node's
 * built-ins and the packages it ships with.
 */
const SIMULATOR = join(ROOT, 'src', 'simulator');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

/**
 * The standalone entry (`npm run simulator`) runs as its own process: it takes its port and log level from the
 * gateway's validated settings and logs through the gateway's redacting logger, and nothing else.
 */
const ENTRY_EXCEPTIONS: Readonly<Record<string, readonly string[]>> = {
  'main.ts': ['src/config', 'src/logger'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module a file names: static and type-only imports, re-exports, `import()` and `require()`. */
function specifiers(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map((imported) => imported.fileName);
}

/** `@scope/name/sub` and `name/sub` belong to the packages `@scope/name` and `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/** Why `specifier` may not be imported from `file`, or undefined when it may. */
function violation(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) {
    const target = resolve(dirname(file), specifier);
    if (target === SIMULATOR || target.startsWith(`${SIMULATOR}${sep}`)) return undefined;
    const fromRoot = relative(ROOT, target).split(sep).join('/');
    const allowed = ENTRY_EXCEPTIONS[relative(SIMULATOR, file).split(sep).join('/')] ?? [];
    return allowed.includes(fromRoot) ? undefined : `outside the simulator: ${fromRoot}`;
  }
  if (isBuiltin(specifier)) return undefined;
  const name = packageOf(specifier);
  return Object.hasOwn(PACKAGE.dependencies, name) ? undefined : `not a shipped dependency: ${name}`;
}

test('no file under src/simulator imports from src/swr or anything else outside the simulator', () => {
  const found = sourceFiles(SIMULATOR).flatMap((file) =>
    specifiers(file).flatMap((specifier) => {
      const why = violation(file, specifier);
      return why === undefined ? [] : [`${relative(ROOT, file)} imports '${specifier}' (${why})`];
    }),
  );
  expect(found).toEqual([]);
});

test('the check sees every kind of import, and tells the simulator from the rest', () => {
  const text = [
    "import a from './a';",
    "import type { B } from '../swr/wire';",
    "export { c } from '../c';",
    "const d = require('../d');",
    "const e = import('node:fs');",
  ].join('\n');
  const named = ts.preProcessFile(text, true, true).importedFiles.map((imported) => imported.fileName);
  expect(named).toEqual(['./a', '../swr/wire', '../c', '../d', 'node:fs']);
  const file = join(SIMULATOR, 'answer.ts');
  expect(named.map((specifier) => violation(file, specifier))).toEqual([
    undefined,
    'outside the simulator: src/swr/wire',
    'outside the simulator: src/c',
    'outside the simulator: src/d',
    undefined,
  ]);
  expect(violation(file, 'pino')).toBeUndefined();
  expect(violation(file, 'fast-check')).toBe('not a shipped dependency: fast-check');
  expect(violation(join(SIMULATOR, 'main.ts'), '../config')).toBeUndefined();
  expect(violation(file, '../config')).toBe('outside the simulator: src/config');
});
