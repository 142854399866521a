import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { suspiciousContext } from '../../../src/detection/rules/suspicious-context.js';
import { dayProfile, flatBaseline } from '../../helpers/profiles.js';
import { runRule, severityOf } from '../../helpers/rules.js';

const DAY = '2026-03-04';
const b = flatBaseline('anonymous', DAY);

describe('suspicious-context', () => {
  it('a single call from a non-internal context is critical and names the context (cleaned)', () => {
    const p = dayProfile('anonymous', DAY, [{ to: 'GB', calls: 1, answered: 0 }], { suspiciousContextCalls: 1, suspiciousContexts: ['default\r\nBcc: x'] });
    const hit = runRule(suspiciousContext, p, b);
    assert.equal(severityOf(hit, suspiciousContext.meta.defaultSeverity), 'critical');
    assert.match(hit!.explanation, /from context default\?\?Bcc: x, which is not one of your internal contexts/);
    assert.doesNotMatch(hit!.explanation, /[\r\n]/);
  });
  it('nothing for calls from internal contexts', () => {
    assert.equal(runRule(suspiciousContext, dayProfile('201', DAY, [{ to: 'GB', calls: 3 }]), b), null);
  });
});
