import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';

/** A validator of the OASIS SARIF 2.1.0 schema (draft-04), as shipped by @microsoft/jest-sarif. */
export function sarifValidator(): ValidateFunction {
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  // Ajv 8 speaks draft-07+: the draft-04 `id` becomes `$id`; the schema uses no other draft-04-only keyword.
  const { $schema: _draft, id, ...rest } = schema;
  // unicodeRegExp off: the schema's language pattern is not valid with the u flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', (v: string) => URL.canParse(v));
  ajv.addFormat('uri-reference', (v: string) => URL.canParse(v, 'file:///'));
  ajv.addFormat('date-time', (v: string) => !Number.isNaN(Date.parse(v)));
  return ajv.compile({ ...rest, $id: String(id) });
}
