import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pbxSchema } from '../../src/config/pbx.js';
import type { Destination } from '../../src/enrichment/call.js';
import { createDestinationResolver } from '../../src/enrichment/classify.js';
import { resolveDiallingPlan } from '../../src/enrichment/dialling-plan.js';
import { billedSeconds, createPricer, RateDeck, type Rate } from '../../src/enrichment/price.js';
import { loadEstimatedRates } from '../../src/reference/estimated-rates.js';
import { loadHighRiskList } from '../../src/reference/high-risk.js';
import { loadRateDeck } from '../../src/reference/rate-deck.js';
import { shippedDataFile } from '../../src/reference/package-root.js';

const US = resolveDiallingPlan(pbxSchema.parse({}));
const GB = resolveDiallingPlan(pbxSchema.parse({ homeCountry: 'GB' }));
const highRisk = loadHighRiskList();
const resolveUS = createDestinationResolver(US, highRisk);
const resolveGB = createDestinationResolver(GB, highRisk);
const estimates = loadEstimatedRates();

test('billed seconds follow the increments', () => {
  const cases: [billsec: number, first: number, next: number, billed: number][] = [
    [31, 30, 6, 36],
    [30, 30, 6, 30],
    [1, 30, 6, 30],
    [61, 60, 60, 120],
    [60, 60, 60, 60],
    [61, 1, 1, 61],
    [61, 60, 1, 61],
    [7, 6, 6, 12],
    [0, 60, 60, 0],
    [0, 1, 1, 0],
    [125, 0, 60, 180],
  ];
  for (const [billsec, first, next, billed] of cases) {
    assert.equal(billedSeconds(billsec, first, next), billed, `${first}/${next} on ${billsec}s`);
  }
});

function rate(prefix: string, ratePerMinute: number, extra: Partial<Rate> = {}): Rate {
  return { prefix, description: `rate ${prefix}`, ratePerMinute, connectionFee: 0, firstIncrement: 60, nextIncrement: 60, ...extra };
}

test('a rate deck prices by the longest prefix, with the connection fee on answered calls only', () => {
  const deck = new RateDeck([
    rate('44', 0.015, { firstIncrement: 1, nextIncrement: 1 }),
    rate('447', 0.04, { firstIncrement: 30, nextIncrement: 6, connectionFee: 0.1 }),
    rate('4479', 0.05, { firstIncrement: 30, nextIncrement: 6 }),
    rate('1', 0.01),
  ]);
  assert.equal(deck.match('+447911123456')?.prefix, '4479');
  assert.equal(deck.match('447011234567')?.prefix, '447');
  assert.equal(deck.match('+33123456789'), null);

  const price = createPricer(deck, estimates);
  const mobile = resolveUS('011447811123456');
  assert.deepEqual(price(mobile, 31), { cost: 0.1 + (36 / 60) * 0.04, estimated: false, ratePerMinute: 0.04, billedSeconds: 36, rateName: 'rate 447' });
  assert.deepEqual(price(mobile, 0), { cost: 0, estimated: false, ratePerMinute: 0.04, billedSeconds: 0, rateName: 'rate 447' });
  const fixed = resolveUS('011442079460000');
  assert.equal(price(fixed, 61).billedSeconds, 61);
  assert.equal(price(fixed, 61).cost, Math.round(((61 / 60) * 0.015) * 1e6) / 1e6);
  assert.equal(price(resolveUS('2125551234'), 61).cost, 0.02);
});

test('without a deck match the shipped estimates are used and say so', () => {
  const price = createPricer(new RateDeck([rate('1', 0.01)]), estimates);
  const thuraya = price(resolveUS('01188216123456'), 61);
  assert.deepEqual(thuraya, { cost: 2 * 4.65, estimated: true, ratePerMinute: 4.65, billedSeconds: 120, rateName: 'estimate: Thuraya' });
  assert.equal(price(resolveUS('0118821234567'), 8).ratePerMinute, 8.13);
  assert.equal(price(resolveUS('011881612345678'), 60).cost, 5.81);
  assert.equal(price(resolveUS('0115351234567'), 60).rateName, 'estimate: Cuba');
  assert.equal(price(resolveUS('0113716123452'), 60).ratePerMinute, 0.09);
  assert.equal(price(resolveUS('01137190012345'), 60).ratePerMinute, 2, 'a premium number takes the class figure when it is higher than its country');
  assert.equal(price(resolveUS('0112461234567'), 60).ratePerMinute, 2.12);
  // The deck's +1 covers the Caribbean here: the deck wins over estimates.
  assert.equal(price(resolveUS('18765551234'), 60).estimated, false);
});

test('estimates by class without any deck', () => {
  const price = createPricer(null, estimates);
  const byClass = (d: Destination) => price(d, 60);
  assert.deepEqual(byClass(resolveUS('19005551234')), { cost: 2, estimated: true, ratePerMinute: 2, billedSeconds: 60, rateName: 'estimate: domestic premium-rate (1-900 / 09x)' });
  assert.equal(byClass(resolveUS('18005551234')).cost, 0);
  assert.equal(byClass(resolveUS('911')).cost, 0);
  assert.equal(byClass(resolveUS('2125551234')).ratePerMinute, 0.01);
  assert.equal(byClass(resolveUS('5551234')).ratePerMinute, 0.01);
  assert.equal(byClass(resolveUS('18765551234')).rateName, 'estimate: high-risk destination');
  assert.equal(byClass(resolveUS('011442079460000')).rateName, 'estimate: international');
  assert.equal(byClass(resolveGB('07011234567')).ratePerMinute, 0.5);
  assert.equal(byClass(resolveGB('09012345678')).ratePerMinute, 2);
  assert.equal(byClass(resolveUS('x')).rateName, 'estimate: unrecognised number');
  assert.equal(price(resolveUS('19005551234'), 0).cost, 0);
});

test('the sample rate deck loads and prices the fixtures', () => {
  const deck = loadRateDeck(shippedDataFile('sample-rate-deck.csv'));
  const price = createPricer(deck, estimates);
  assert.deepEqual(price(resolveUS('19005551234'), 6), { cost: 0.5 + 1.99, estimated: false, ratePerMinute: 1.99, billedSeconds: 60, rateName: 'USA premium-rate' });
  assert.equal(price(resolveUS('0118821234567'), 8).rateName, 'International Networks');
  assert.equal(price(resolveUS('2125551234'), 3).billedSeconds, 6);
});
