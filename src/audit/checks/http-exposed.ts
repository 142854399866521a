// Asterisk's HTTP server (ARI, AMI over HTTP, WebSocket phones) on an address
// other than loopback: plain HTTP carries ARI and AMI passwords in the clear.
import { z } from 'zod';
import { defineAuditCheck } from '../check.js';
import { category, isTrue, lastVar, objects, value } from '../config/types.js';
import { at, sentences } from './describe.js';
import { isLoopback } from './manager.js';

export const httpExposed = defineAuditCheck({
  meta: {
    id: 'http-exposed',
    description: 'http.conf: the HTTP server enabled on an address other than loopback (ARI, AMI over HTTP), with or without TLS beside it.',
    defaultSeverity: 'warning',
    files: ['http.conf', 'ari.conf', 'manager.conf'],
  },
  options: z.object({}),
  check({ pbx }) {
    const general = category(pbx.files['http.conf'], 'general');
    if (!general || !isTrue(value(general, 'enabled'))) return [];
    const bind = lastVar(general, 'bindaddr');
    // http.c starts no plain server without a bindaddr it can resolve.
    if (!bind || !bind.value.trim() || isLoopback(bind.value)) return [];
    const tls = isTrue(value(general, 'tlsenable'));
    const ariGeneral = category(pbx.files['ari.conf'], 'general');
    const ari = pbx.modules.loaded('res_ari.so') && pbx.files['ari.conf']?.present && (ariGeneral ? value(ariGeneral, 'enabled') === undefined || isTrue(value(ariGeneral, 'enabled')) : true);
    const ariUsers = objects(pbx.files['ari.conf']).filter((c) => (value(c, 'type') ?? '').toLowerCase() === 'user').length;
    const manager = category(pbx.files['manager.conf'], 'general');
    const amiHttp = manager !== undefined && isTrue(value(manager, 'webenabled'));
    const what = [ari && `ARI${ariUsers ? ` (${ariUsers} user${ariUsers === 1 ? '' : 's'})` : ''}`, amiHttp && 'AMI over HTTP (webenabled)'].filter(Boolean);
    return [{
      file: bind.file,
      line: bind.line,
      title: `Asterisk's HTTP server listens on ${bind.value.trim()} in plain HTTP`,
      explanation: sentences(
        `http.conf enables the HTTP server on bindaddr=${bind.value.trim()} (${at(bind)})${what.length ? `, serving ${what.join(' and ')}` : ''}`,
        'Passwords sent to it cross the network in the clear',
        tls && 'TLS is enabled too, but the plain-HTTP listener stays open beside it',
      ),
      fix: 'Set bindaddr=127.0.0.1 (put a reverse proxy with TLS in front if other hosts need it), or serve other hosts only through tlsenable=yes with tlsbindaddr; then: asterisk -rx "module reload http"',
    }];
  },
});
