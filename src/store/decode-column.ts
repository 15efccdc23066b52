/** JSON columns come back as text from SQLite and already parsed from Postgres' jsonb. */
export function decodeJson(value: unknown): unknown {
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
}

/** 0/1 from SQLite, a boolean from Postgres. */
export function decodeBool(value: unknown): boolean {
  return value === true || value === 1;
}

/** A JSON array of strings from SQLite, text[] from Postgres; sorted so both read the same. */
export function decodeTextList(value: unknown): string[] {
  const list = decodeJson(value);
  if (!Array.isArray(list)) return [];
  return list.filter((item): item is string => typeof item === 'string').sort();
}
