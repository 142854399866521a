// Passwords never survive redaction, wherever they sit in a URL or a message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactConfig, redactUrl } from '../../src/config/load.js';

test('redactUrl hides passwords in the user part, after the last @, and in the query', () => {
  const cases: [string, string][] = [
    ['postgres://tg:s3cret@db.example:5432/tollguard', 'postgres://tg:********@db.example:5432/tollguard'],
    ['postgresql://u:p@ss@db/x', 'postgresql://u:********@db/x'],
    ['postgres://tg@127.0.0.1/ast?password=hunter2&sslmode=require', 'postgres://tg@127.0.0.1/ast?password=********&sslmode=require'],
    ['postgres://h/db?sslpassword=x', 'postgres://h/db?sslpassword=********'],
    ['smtp://user@mail.example:587', 'smtp://user@mail.example:587'],
    ['cannot read input: cdr_pgsql cdr at postgres://a:b@h/db, refused', 'cannot read input: cdr_pgsql cdr at postgres://a:********@h/db, refused'],
  ];
  for (const [input, want] of cases) assert.equal(redactUrl(input), want, input);
});

test('redactConfig hides password and secret keys and URLs inside the configuration', () => {
  const out = JSON.stringify(redactConfig({ ami: { secret: 'hunter2' }, email: { smtp: { password: 'pw1', url: 'smtps://u:pw2@mail/' } }, store: { databaseUrl: 'postgres://x:pw3@h/d' } }));
  for (const secret of ['hunter2', 'pw1', 'pw2', 'pw3']) assert.doesNotMatch(out, new RegExp(secret));
});
