/** The database's schema does not match this code; the message says what to do. Start-up stops on it. */
export class StoreSchemaError extends Error {
  override readonly name = 'StoreSchemaError';
}
