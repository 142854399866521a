import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pbxSchema } from '../../src/config/pbx.js';
import { resolveDiallingPlan, type DiallingPlan } from '../../src/enrichment/dialling-plan.js';
import { normaliseNumber } from '../../src/enrichment/number.js';

function plan(pbx: object = {}): DiallingPlan {
  return resolveDiallingPlan(pbxSchema.parse(pbx));
}

const US = plan();
const US9 = plan({ trunkAccessCodes: ['9'] });
const US_011_ONLY = plan({ internationalPrefixes: ['011'] });
const GB = plan({ homeCountry: 'GB' });
const DE = plan({ homeCountry: 'DE' });
const DE0 = plan({ homeCountry: 'DE', trunkAccessCodes: ['0'] });
const AU = plan({ homeCountry: 'au' });
const IT = plan({ homeCountry: 'IT' });

type Case = [name: string, p: DiallingPlan, dialled: string, e164: string | null, kind: string];

const cases: Case[] = [
  // NANP
  ['US 10 digits', US, '2125551234', '+12125551234', 'national'],
  ['US 11 digits with 1', US, '12125551234', '+12125551234', 'national'],
  ['US +1', US, '+1 (212) 555-1234', '+12125551234', 'national'],
  ['US dots and dashes', US, '212.555.1234', '+12125551234', 'national'],
  ['US 011 international', US, '011 44 20 7946 0000', '+442079460000', 'international'],
  ['US 011 +882 (fixture)', US, '0118821234567', '+8821234567', 'international'],
  ['US 011 +882 second (fixture)', US, '0118821234563', '+8821234563', 'international'],
  ['US 011 Latvia (fixture)', US, '0113716123452', '+3716123452', 'international'],
  ['US 1-900 (fixture)', US, '19005551234', '+19005551234', 'national'],
  ['US 1-800', US, '18005551234', '+18005551234', 'national'],
  ['US 7-digit local: national without area code', US, '5551234', null, 'national'],
  ['US Caribbean 1-876 is international', US, '18765551234', '+18765551234', 'international'],
  ['US Caribbean 809 in 10 digits', US, '8095551234', '+18095551234', 'international'],
  ['US Canada is billed as domestic', US, '14165551234', '+14165551234', 'national'],
  ['US 911', US, '911', null, 'emergency'],
  ['US 112', US, '112', null, 'emergency'],
  ['US 411 short code', US, '411', null, 'short-code'],
  ['US 988 short code', US, '988', null, 'short-code'],
  ['US feature code *97', US, '*97', null, 'short-code'],
  ['US feature code *72#', US, '*72#', null, 'short-code'],
  ['US default plan reads 00 as international (no NANP number starts with 0)', US, '00447911123456', '+447911123456', 'international'],
  ['US with only 011 configured: 00 is invalid', US_011_ONLY, '00447911123456', null, 'invalid'],
  ['US 10 digits starting 0 is invalid', US_011_ONLY, '0123456789', null, 'invalid'],
  // trunk access code 9
  ['9: 917 is an area code, not 9 + 17...', US9, '9175551234', '+19175551234', 'national'],
  ['9: 9 + 1-212', US9, '912125551234', '+12125551234', 'national'],
  ['9: 9 + 10 digits', US9, '92125551234', '+12125551234', 'national'],
  ['9: 9 + 011 44', US9, '9011441234567890', '+441234567890', 'international'],
  ['9: 9 + 011 882', US9, '90118821234567', '+8821234567', 'international'],
  ['9: 9 + 911', US9, '9911', null, 'emergency'],
  ['9: 9 + 7-digit local', US9, '95551234', null, 'national'],
  // GB
  ['GB 00 international', GB, '0012125551234', '+12125551234', 'international'],
  ['GB 00 to its own code', GB, '00447911123456', '+447911123456', 'national'],
  ['GB national mobile (a Guernsey range, still domestic)', GB, '07911 123456', '+447911123456', 'national'],
  ['GB national London', GB, '020 7946 0000', '+442079460000', 'national'],
  ['GB premium 09x', GB, '09012345678', '+449012345678', 'national'],
  ['GB 999', GB, '999', null, 'emergency'],
  ['GB 112', GB, '112', null, 'emergency'],
  ['GB 911 always emergency', GB, '911', null, 'emergency'],
  ['GB directory enquiries short code', GB, '118118', null, 'short-code'],
  ['GB + Jamaica', GB, '+18765551234', '+18765551234', 'international'],
  // DE, AU, IT
  ['DE national Berlin', DE, '030 123456', '+4930123456', 'national'],
  ['DE 110 emergency', DE, '110', null, 'emergency'],
  ['DE 00 Cuba', DE, '0053 51234567', '+5351234567', 'international'],
  ['DE with outside-line 0: 0 + 030...', DE0, '0030123456', '+4930123456', 'national'],
  ['DE with outside-line 0: 0 + 00 44', DE0, '000441234567890', '+441234567890', 'international'],
  ['AU 0011 international', AU, '0011 44 1234 567890', '+441234567890', 'international'],
  ['AU national', AU, '02 9123 4567', '+61291234567', 'national'],
  ['AU 000 emergency', AU, '000', null, 'emergency'],
  ['IT keeps the leading 0 (no national prefix)', IT, '06 1234 5678', '+390612345678', 'national'],
  // junk
  ['empty', US, '', null, 'invalid'],
  ['letters', US, 'abc123', null, 'invalid'],
  ['s extension', US, 's', null, 'invalid'],
  ['feature code with junk', US, '*97abc', null, 'invalid'],
  ['+ with too few digits', US, '+12345', null, 'invalid'],
  ['+ unassigned calling code', US, '+99912345678', null, 'invalid'],
  ['the international prefix alone', US, '011', null, 'invalid'],
  ['too many digits', US, '1234567890123456789012345', null, 'invalid'],
  ['embedded plus', US, '1+2125551234', null, 'invalid'],
];

for (const [name, p, dialled, e164, kind] of cases) {
  test(`normalise: ${name} (${JSON.stringify(dialled)})`, () => {
    assert.deepEqual({ ...normaliseNumber(dialled, p) }, { e164, kind });
  });
}

test('dialling plan defaults come from the country', () => {
  assert.deepEqual([US.callingCode, US.internationalPrefixes, US.nationalPrefix], ['1', ['011', '00'], '1']);
  assert.deepEqual([GB.callingCode, GB.internationalPrefixes, GB.nationalPrefix], ['44', ['00'], '0']);
  assert.deepEqual([AU.homeCountry, AU.internationalPrefixes, AU.nationalPrefix], ['AU', ['0011'], '0']);
  assert.equal(IT.nationalPrefix, '');
  assert.ok(GB.emergencyNumbers.has('999') && GB.emergencyNumbers.has('112') && GB.emergencyNumbers.has('911'));
  assert.ok(!US.emergencyNumbers.has('999'));
  const custom = plan({ homeCountry: 'GB', internationalPrefixes: ['00', '0044'], nationalPrefix: '', trunkAccessCodes: ['9', '90'] });
  assert.deepEqual([custom.internationalPrefixes, custom.nationalPrefix, custom.trunkAccessCodes], [['0044', '00'], '', ['90', '9']]);
});

test('an unknown home country is refused', () => {
  assert.throws(() => plan({ homeCountry: 'XX' }), /not a country libphonenumber knows/);
});
