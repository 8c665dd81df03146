/**
 * Regenerates server/schemas/socklint.config.schema.json from the rules' metadata, so the schema
 * editors validate socklint.config.json with always matches the rules that ship.
 * Run: `npm run schema` (node --import tsx scripts/write-schema.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildConfigSchema } from '../server/src/core/config';
import { rules } from '../server/src/rules/index';

export const SCHEMA_PATH = path.join(__dirname, '..', 'server', 'schemas', 'socklint.config.schema.json');

export function schemaText(): string {
  return `${JSON.stringify(buildConfigSchema(rules), null, 2)}\n`;
}

if (require.main === module) {
  fs.mkdirSync(path.dirname(SCHEMA_PATH), { recursive: true });
  fs.writeFileSync(SCHEMA_PATH, schemaText());
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_PATH)} (${rules.length} rules)`);
}
