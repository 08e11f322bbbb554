/**
 * Validates a SARIF log against the official SARIF 2.1.0 (rtm.5) JSON schema, the copy Microsoft
 * ships in @microsoft/jest-sarif, with the ajv 6 that package brings (the schema is draft-04,
 * which ajv 6 reads). Its jest matcher itself is not used: vitest is not jest.
 */
import { createRequire } from 'node:module';

interface SchemaError {
  dataPath?: string;
  message?: string;
  params?: unknown;
}
type ValidateFunction = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };
interface Ajv6 {
  addMetaSchema(schema: unknown): unknown;
  compile(schema: unknown): ValidateFunction;
}

function isConstructor(value: unknown): value is new (options: object) => Ajv6 {
  return typeof value === 'function';
}

const packageRequire = createRequire(createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/build-matcher.js'));
const AjvClass: unknown = packageRequire('ajv');
if (!isConstructor(AjvClass)) throw new Error('@microsoft/jest-sarif: its ajv is not a constructor');
const ajv = new AjvClass({ schemaId: 'auto', validateSchema: false, allErrors: true });
ajv.addMetaSchema(packageRequire('ajv/lib/refs/json-schema-draft-04.json'));
const validate = ajv.compile(packageRequire('./schemas/sarif-2.1.0-rtm.5.json'));

/** Null when the log is valid SARIF 2.1.0; else the schema's complaints, one per line. */
export function sarifSchemaProblems(log: unknown): string | null {
  if (validate(log)) return null;
  return (validate.errors ?? []).map((e) => `${e.dataPath ?? ''} ${e.message ?? ''} ${JSON.stringify(e.params ?? {})}`).join('\n');
}
