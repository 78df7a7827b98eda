import { type ResponseIssue, ResponseValidationError } from '../errors.js';
import type { Logger } from '../logger.js';

/**
 * The Standard Schema interface (https://standardschema.dev), declared here so
 * core depends on no schema library: zod, valibot and arktype schemas fit it.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (
      value: unknown,
    ) => StandardSchemaResult<Output> | Promise<StandardSchemaResult<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

export type StandardSchemaResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardSchemaIssue> };

export interface StandardSchemaIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/**
 * What a response that breaks its endpoint's schema does: nothing (`off`, the
 * default), one redacted `response.invalid` warn line naming the paths
 * (`warn`), or a `ResponseValidationError` (`strict`).
 */
export type ResponseValidationMode = 'off' | 'warn' | 'strict';

const toPath = (issue: StandardSchemaIssue): Array<string | number> =>
  (issue.path ?? []).map((segment) => {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
    return typeof key === 'number' ? key : String(key);
  });

/**
 * Checks `data` against `schema`; the data itself is returned untouched (a
 * schema that strips unknown keys must not hide a provider's new field).
 */
export async function checkResponse<T>(
  data: T,
  schema: StandardSchemaV1 | undefined,
  context: {
    mode: ResponseValidationMode;
    provider: string;
    operation: string;
    status: number;
    requestId: string | undefined;
    logger: Logger;
  },
): Promise<T> {
  if (!schema || context.mode === 'off') return data;
  const result = await schema['~standard'].validate(data);
  if (!result.issues || result.issues.length === 0) return data;
  // Messages of some libraries quote the received value; only paths leave here.
  const issues: ResponseIssue[] = result.issues.map((issue) => ({
    path: toPath(issue),
    message: 'does not match the schema',
  }));
  if (context.mode === 'strict') {
    throw new ResponseValidationError(issues, {
      provider: context.provider,
      operation: context.operation,
      status: context.status,
      requestId: context.requestId,
    });
  }
  context.logger.warn(
    {
      event: 'response.invalid',
      provider: context.provider,
      operation: context.operation,
      requestId: context.requestId,
      paths: issues.map((issue) => issue.path.join('.') || '(root)'),
    },
    `The response of ${context.operation} does not match its schema`,
  );
  return data;
}
