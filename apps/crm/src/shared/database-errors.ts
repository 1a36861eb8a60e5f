import type { FieldProblem } from '@app/contracts';
import { badRequest } from '@app/platform';

/** PostgreSQL error codes this service turns into answers instead of internal errors. */
export const PG = {
  foreignKeyViolation: '23503',
  /** "invalid byte sequence": a NUL character, which PostgreSQL text cannot hold. */
  characterNotInRepertoire: '22021',
  untranslatableCharacter: '22P05',
} as const;

export function pgErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The name of the constraint a PostgreSQL error is about, when it is about one. */
export function pgConstraint(error: unknown): string | undefined {
  const constraint = (error as { constraint?: unknown } | null)?.constraint;
  return typeof constraint === 'string' ? constraint : undefined;
}

/** True when PostgreSQL refused text it cannot store (a NUL character): bad input, not a fault. */
export function isUnstorableText(error: unknown): boolean {
  const code = pgErrorCode(error);
  return code === PG.characterNotInRepertoire || code === PG.untranslatableCharacter;
}

/** The dotted paths of the strings in `value` that contain a NUL character, for the 400 answer. */
export function nulCharacterPaths(value: unknown, prefix = ''): FieldProblem[] {
  if (typeof value === 'string')
    return value.includes('\u0000')
      ? [{ path: prefix, message: 'must not contain the NUL character (\\u0000)' }]
      : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    nulCharacterPaths(inner, prefix ? `${prefix}.${key}` : key),
  );
}

/**
 * Rethrows a refusal of unstorable text as a 400 naming the offending fields of `payload` (paths
 * as the validation reports them); any other error unchanged. The transaction has rolled back.
 */
export function rethrowAsBadInput(error: unknown, payload: unknown): never {
  if (isUnstorableText(error)) {
    const errors = nulCharacterPaths(payload);
    throw badRequest(
      'The request contains text that cannot be stored',
      errors.length ? errors : [{ path: '', message: 'text must not contain the NUL character (\\u0000)' }],
    );
  }
  throw error;
}
