import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configurationDoc, envExample } from './config-docs';

/** `npm run config:docs`: rewrites `.env.example` and `docs/configuration.md` from the settings. */
const root = join(__dirname, '..');
writeFileSync(join(root, '.env.example'), envExample());
writeFileSync(join(root, 'docs', 'configuration.md'), configurationDoc());
process.stdout.write('wrote .env.example and docs/configuration.md\n');
