// The floor for any JavaScript reader: stream the file, decode each chunk and
// cut it into line strings, nothing more. Prints the line count.
import { createReadStream } from 'node:fs';

let lines = 0;
let carry = '';
for await (const chunk of createReadStream(process.argv[2], { highWaterMark: 1 << 16 })) {
  const text = carry + chunk.toString('latin1');
  let i = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', i)) {
    if (text.slice(i, nl).length >= 0) lines++;
    i = nl + 1;
  }
  carry = text.slice(i);
}
if (carry) lines++;
process.stdout.write(`${lines}\n`);
