// The lab's AMI transcripts (test/fixtures/.../ami*.txt): `>>> client sends` /
// `<<< server sends` marker lines around the raw bytes. A `<<< server sends`
// chunk is one TCP read as it happened (it may end inside a message).
import { readFileSync } from 'node:fs';
import { AmiMessage, AmiParser } from '../../src/actions/lockout/ami-message.js';

export interface TranscriptChunk {
  from: 'server' | 'client';
  bytes: string;
}

export function readTranscript(path: string): TranscriptChunk[] {
  const text = readFileSync(path, 'utf8');
  const chunks: TranscriptChunk[] = [];
  let current: TranscriptChunk | null = null;
  for (const line of text.split(/(?<=\n)/)) {
    const marker = /^(<<<|>>>) (server sends|client sends|server closes the connection)\r?\n$/.exec(line);
    if (marker) {
      if (current) chunks.push(current);
      current = marker[2] === 'server closes the connection' ? null : { from: marker[1] === '<<<' ? 'server' : 'client', bytes: '' };
      continue;
    }
    if (current) current.bytes += line;
  }
  if (current) chunks.push(current);
  return chunks;
}

/** What the server sent, as one stream. */
export function serverStream(path: string): string {
  return readTranscript(path).filter((c) => c.from === 'server').map((c) => c.bytes).join('');
}

/** The server's messages after the banner (and the login reply), parsed as the client parses them. */
export function serverMessages(path: string): AmiMessage[] {
  const out: AmiMessage[] = [];
  const parser = new AmiParser((m) => out.push(m));
  parser.push(serverStream(path));
  return out;
}

/**
 * What a watcher got after its Login, as the TCP reads that carried it: the
 * server's chunks after the login reply (which is cut off), up to the client's
 * next action. These are what an AMI peer sends to replay the capture.
 */
export function eventChunks(path: string): string[] {
  const chunks = readTranscript(path);
  const login = chunks.findIndex((c) => c.from === 'client' && /^Action: Login\r\n/m.test(c.bytes));
  const out: string[] = [];
  let first = true;
  for (const c of chunks.slice(login + 1)) {
    if (c.from === 'client') break;
    let bytes = c.bytes;
    if (first) {
      bytes = bytes.slice(bytes.indexOf('\r\n\r\n') + 4); // the login reply
      first = false;
    }
    if (bytes) out.push(bytes);
  }
  return out;
}
