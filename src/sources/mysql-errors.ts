// Plain words for what went wrong talking to MariaDB/MySQL, with what to do.
// The server's messages name the user and host but never the password; callers
// show URLs through redactUrl.

const HINTS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is MariaDB/MySQL running and listening on that host and port?)',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ECONNRESET: 'connection reset by the server',
  PROTOCOL_CONNECTION_LOST: 'the server closed the connection',
  ER_ACCESS_DENIED_ERROR: 'access denied (check the user and password in CDR_DATABASE_URL, and that this user may connect from this host)',
  ER_DBACCESS_DENIED_ERROR: 'access denied to the database (the user needs GRANT SELECT ON asteriskcdrdb.cdr, or the database in the URL is wrong)',
  ER_BAD_DB_ERROR: 'unknown database (the database in CDR_DATABASE_URL, e.g. asteriskcdrdb)',
  ER_NO_DB_ERROR: 'no database given (put it in CDR_DATABASE_URL, e.g. mysql://tollguard:...@127.0.0.1:3306/asteriskcdrdb, or set CDR_TABLE=asteriskcdrdb.cdr)',
  ER_NO_SUCH_TABLE: 'table does not exist (set CDR_TABLE, e.g. cdr or asteriskcdrdb.cdr)',
  ER_TABLEACCESS_DENIED_ERROR: 'permission denied: the user may not SELECT from the table (GRANT SELECT ON asteriskcdrdb.cdr TO the user)',
  ER_COLUMNACCESS_DENIED_ERROR: 'permission denied on a column (GRANT SELECT ON asteriskcdrdb.cdr TO the user)',
  ER_BAD_FIELD_ERROR: 'unknown column (map it with CDR_COLUMN_MAP)',
  ER_CON_COUNT_ERROR: 'too many connections',
  ER_SERVER_SHUTDOWN: 'server shutting down',
};

export function describeMysqlError(e: unknown): string {
  const err = e as { code?: string; message?: string; errors?: { message?: string; code?: string }[] };
  // A host name with several addresses fails with an AggregateError whose parts say why.
  const code = err?.code ?? err?.errors?.[0]?.code;
  const message = (err?.message || err?.errors?.[0]?.message || String(e)).replace(/^connect /, '');
  const hint = code ? HINTS[code] : undefined;
  if (!hint) return message;
  return `${hint}: ${message}`;
}
