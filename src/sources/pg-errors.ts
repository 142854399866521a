// Plain words for what went wrong talking to PostgreSQL, for the CDR source and
// the state store. pg's messages never hold the password; callers show URLs
// through redactUrl.

const BY_CODE: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is PostgreSQL running and listening on that host and port?)',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ECONNRESET: 'connection reset by the server',
  '28P01': 'authentication failed',
  '28000': 'connection not authorised (pg_hba.conf)',
  '3D000': 'database does not exist',
  '42P01': 'table does not exist',
  '42703': 'column does not exist',
  '42501': 'permission denied',
  '53300': 'too many connections',
  '57P01': 'server shut down',
  '57P03': 'server is starting up or shutting down',
};

export function describePgError(e: unknown): string {
  const err = e as { code?: string; message?: string; errors?: { message?: string }[] };
  let message = err?.message || err?.errors?.[0]?.message || String(e);
  if (/timeout expired|Connection terminated due to connection timeout/i.test(message)) return `connection timed out (${message})`;
  // The server's own words are clear enough; only a few get a hint.
  if (err?.code === '28000') return `${message} (pg_hba.conf)`;
  if (err?.code && /^[0-9A-Z]{5}$/.test(err.code) && err.code !== '28P01') return message;
  const plain = err?.code ? BY_CODE[err.code] : undefined;
  if (!plain) return message;
  message = message.replace(/^connect /, '');
  return message.toLowerCase().includes(plain) ? message : `${plain}: ${message}`;
}
