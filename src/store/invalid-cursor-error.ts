/** A paging cursor this code did not make (an API answers 400). */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}
