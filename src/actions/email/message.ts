// A rendered mail as tollguard sends and queues it: plain JSON (strings only),
// so the outbox can store it and the next run send it unchanged.

export interface MailAttachment {
  filename: string;
  content: string;
  contentType: string;
}

export interface MailMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  attachments?: MailAttachment[];
  headers?: Record<string, string>;
}

/** Checks that a queued value (from the outbox) still has the shape of a MailMessage. */
export function isMailMessage(value: unknown): value is MailMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    typeof m.from === 'string' &&
    Array.isArray(m.to) &&
    m.to.every((t) => typeof t === 'string') &&
    typeof m.subject === 'string' &&
    typeof m.text === 'string' &&
    typeof m.html === 'string' &&
    (m.attachments === undefined || Array.isArray(m.attachments))
  );
}
