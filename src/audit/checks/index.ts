// The shipped audit checks, in the order the README lists them.
import { validateOptionSettings } from '../../config/option-settings.js';
import type { AuditCheck } from '../check.js';
import { cdrDisabled } from './cdr-disabled.js';
import { cdrGmt } from './cdr-gmt.js';
import { configFile } from './config-file.js';
import { dialplanDisa } from './dialplan-disa.js';
import { dialplanLockCheck } from './dialplan-lock-check.js';
import { dialplanOpenInternational } from './dialplan-open-international.js';
import { dialplanUnauthenticatedTrunk } from './dialplan-unauthenticated-trunk.js';
import { httpExposed } from './http-exposed.js';
import { iaxPlaintextAuth } from './iax-plaintext-auth.js';
import { managerExposed } from './manager-exposed.js';
import { managerNoPermit } from './manager-no-permit.js';
import { managerTollguardUser } from './manager-tollguard-user.js';
import { managerWriteAll } from './manager-write-all.js';
import { noSecret } from './no-secret.js';
import { pjsipMaxContacts } from './pjsip-max-contacts.js';
import { pjsipOpenTransport } from './pjsip-open-transport.js';
import { pjsipUnauthenticatedEndpoint } from './pjsip-unauthenticated-endpoint.js';
import { pjsipUnauthenticatedOptions } from './pjsip-unauthenticated-options.js';
import { sipAllowguest } from './sip-allowguest.js';
import { sipAlwaysauthreject } from './sip-alwaysauthreject.js';
import { sipInsecureInvite } from './sip-insecure-invite.js';
import { voicemailDialout } from './voicemail-dialout.js';
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
  dialplanOpenInternational,
  dialplanDisa,
  voicemailDialout,
  dialplanLockCheck,
  managerExposed,
  managerNoPermit,
  managerWriteAll,
  managerTollguardUser,
  httpExposed,
  cdrDisabled,
  cdrGmt,
  configFile,
];

export function findCheck(id: string): AuditCheck | undefined {
  return CHECKS.find((c) => c.meta.id === id);
}

/** Problems with configured check settings: unknown check ids, options that fail a check's schema. */
export function validateCheckSettings(settings: Record<string, { options: Record<string, unknown> }>): { path: string[]; message: string }[] {
  return validateOptionSettings(settings, findCheck, CHECKS.map((c) => c.meta.id), 'audit check');
}
