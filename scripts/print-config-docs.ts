import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SETTINGS } from '../src/config';

/** Writes `.env.example` from the settings and prints the README's configuration table. */
let example = '# swr-graphql-gateway settings. Every one is optional; an empty value counts as unset.\n';
example += '# The gateway reads the process environment only (export these, or use an env_file).\n\n';
let table = '| Variable | Default | Meaning |\n|---|---|---|\n';
for (const [name, setting] of Object.entries(SETTINGS)) {
  const unset = setting.example === '';
  example += `# ${setting.doc}\n${unset ? '# ' : ''}${name}=${setting.example}\n\n`;
  table += `| \`${name}\` | ${unset ? '(unset)' : `\`${setting.example}\``} | ${setting.doc} |\n`;
}
writeFileSync(join(__dirname, '..', '.env.example'), example);
process.stdout.write(table);
