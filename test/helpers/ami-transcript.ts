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
