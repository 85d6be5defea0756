import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printGatewaySchema } from '../src/schema/print';

writeFileSync(join(__dirname, '..', 'schema.graphql'), printGatewaySchema());
process.stdout.write('schema.graphql written\n');
