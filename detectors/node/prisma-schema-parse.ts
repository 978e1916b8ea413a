import { getSchema, type Schema } from '@mrleebo/prisma-ast';

/**
 * Parses a Prisma schema. Callers load this module with `import()`: the parser (chevrotain and lodash) builds its
 * grammar when loaded, which would cost every run without a schema as much as the rest of a generation.
 */
export function parsePrismaSchema(text: string): Schema {
  return getSchema(text);
}
