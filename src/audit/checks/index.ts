// The shipped audit checks, in the order the README lists them.
import type { AuditCheck } from '../check.js';
import { configFile } from './config-file.js';
import { dialplanUnauthenticatedTrunk } from './dialplan-unauthenticated-trunk.js';
import { iaxPlaintextAuth } from './iax-plaintext-auth.js';
import { noSecret } from './no-secret.js';
import { pjsipMaxContacts } from './pjsip-max-contacts.js';
import { pjsipOpenTransport } from './pjsip-open-transport.js';
import { pjsipUnauthenticatedEndpoint } from './pjsip-unauthenticated-endpoint.js';
import { pjsipUnauthenticatedOptions } from './pjsip-unauthenticated-options.js';
import { sipAllowguest } from './sip-allowguest.js';
import { sipAlwaysauthreject } from './sip-alwaysauthreject.js';
import { sipInsecureInvite } from './sip-insecure-invite.js';
import { weakSecret } from './weak-secret.js';

export const CHECKS: AuditCheck[] = [
  dialplanUnauthenticatedTrunk,
  pjsipUnauthenticatedEndpoint,
  weakSecret,
  pjsipOpenTransport,
  pjsipUnauthenticatedOptions,
  pjsipMaxContacts,
  sipAllowguest,
  sipAlwaysauthreject,
  sipInsecureInvite,
  noSecret,
  iaxPlaintextAuth,
  configFile,
];
