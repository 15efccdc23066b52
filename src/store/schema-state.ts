/** How the database's schema compares with this code's migrations. */
export type SchemaState =
  | { readonly state: 'ok' }
  /** Migrations this code has that the database has not run: `luthien db migrate` fixes it. */
  | { readonly state: 'behind'; readonly pending: readonly string[]; readonly message: string }
  /** Migrations the database has run that this code does not know: a newer Luthien migrated it. */
  | { readonly state: 'ahead'; readonly unknown: readonly string[]; readonly message: string };
