import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadEstimatedRates } from '../../src/reference/estimated-rates.js';
import { loadHighRiskList } from '../../src/reference/high-risk.js';
import { packageRoot, packageVersion } from '../../src/reference/package-root.js';
import { loadRateDeck } from '../../src/reference/rate-deck.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-ref-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(text: string): string {
  const path = join(dir, `f${++n}.csv`);
  writeFileSync(path, text);
  return path;
}

const HR_HEADER = 'prefix,name,category,severity,source\n';

test('package root holds package.json and the shipped data', () => {
  assert.ok(existsSync(join(packageRoot(), 'package.json')));
  assert.ok(existsSync(join(packageRoot(), 'data', 'high-risk.csv')));
  assert.match(packageVersion(), /^\d+\.\d+\.\d+/);
});

test('a high-risk override loads, with comments and a leading +', () => {
  const list = loadHighRiskList(file(`# mine\n${HR_HEADER}+4420,London,expensive,info,me\n"882","Networks, all",international-network,critical,me\n`));
  assert.equal(list.size, 2);
  assert.equal(list.match('+442079460000')?.name, 'London');
  assert.equal(list.match('8821234567')?.name, 'Networks, all');
});

test('high-risk list errors name the file and line', () => {
  const cases: [string, RegExp][] = [
    ['prefix,name,category\n1,a,expensive\n', /line 1: header lacks column\(s\) severity, source/],
    [`${HR_HEADER}53,Cuba,irsf-country,warning,x\n5x3,Bad,irsf-country,warning,x\n`, /line 3: prefix "5x3" is not 1 to 15 digits/],
    [`# comment\n\n${HR_HEADER}53,Cuba,irsf-country,warning,x\n`.replace('53,Cuba,irsf-country', '53,Cuba,risky'), /line 4: category "risky" is not one of/],
    [`${HR_HEADER}53,Cuba,irsf-country,loud,x\n`, /line 2: severity "loud" is not one of info, warning, critical/],
    [`${HR_HEADER}53,Cuba,irsf-country,warning,x\n371,Latvia,irsf-country,warning,x\n53,Cuba again,irsf-country,warning,x\n`, /line 4: prefix 53 is listed twice \(first on line 2\)/],
    [`${HR_HEADER}53,Cuba,irsf-country,warning\n`, /line 2: 4 columns, the header has 5/],
    [`${HR_HEADER}53,,irsf-country,warning,x\n`, /line 2: name is empty/],
    [`${HR_HEADER}53,"Cuba,irsf-country,warning,x\n`, /not valid CSV/],
    [HR_HEADER, /no entries/],
    ['', /empty file/],
  ];
  for (const [text, message] of cases) {
    const path = file(text);
    assert.throws(() => loadHighRiskList(path), (e: Error) => {
      assert.ok(e.message.startsWith(path), `${e.message} names the file`);
      assert.match(e.message, message);
      return true;
    });
  }
  assert.throws(() => loadHighRiskList(join(dir, 'missing.csv')), /missing\.csv: cannot read/);
});

test('rate decks accept common header spellings', () => {
  const deck = loadRateDeck(file('Dial Code,Destination,Rate Per Minute,Connect Fee,First Increment,Next Increment\n+44,UK,0.015,0.02,30,6\n4479,UK mobile,.05,,1,1\n'));
  assert.deepEqual(deck.match('+442079460000'), { prefix: '44', description: 'UK', ratePerMinute: 0.015, connectionFee: 0.02, firstIncrement: 30, nextIncrement: 6 });
  assert.deepEqual(deck.match('447911123456'), { prefix: '4479', description: 'UK mobile', ratePerMinute: 0.05, connectionFee: 0, firstIncrement: 1, nextIncrement: 1 });
  const minimal = loadRateDeck(file('PREFIX,PRICE,Billing\n1,0.01,6\n1900,2,\n'));
  assert.deepEqual([minimal.match('12125551234')?.firstIncrement, minimal.match('12125551234')?.nextIncrement], [6, 6]);
  assert.deepEqual([minimal.match('19005551234')?.firstIncrement, minimal.match('19005551234')?.description], [60, '']);
});

test('rate deck errors name the file and line', () => {
  const cases: [string, RegExp][] = [
    ['destination,cost\nUK,1\n', /line 1: header needs a prefix column/],
    ['prefix,rate,first_increment\n1,0.01,60\n', /line 1: first_increment and next_increment come together/],
    ['prefix,rate\n1,0.01\n44,abc\n', /line 3: rate "abc" is not a non-negative decimal number/],
    ['prefix,rate\n1,-0.01\n', /line 2: rate "-0.01" is not/],
    ['prefix,rate\n1,$0.01\n', /line 2: rate "\$0.01" is not/],
    ['prefix,rate,increment\n1,0.01,60-60\n', /line 2: increment "60-60" is not like 60\/60/],
    ['prefix,rate,increment\n1,0.01,60/0\n', /line 2: increment "0" is not a whole number of seconds of at least 1/],
    ['prefix,rate,connection_fee\n1,0.01,free\n', /line 2: connection_fee "free" is not/],
    ['prefix,rate\n1,0.01\n1,0.02\n', /line 3: prefix 1 is listed twice \(first on line 2\)/],
    ['prefix,rate\n+,0.01\n', /line 2: prefix "\+" is not 1 to 15 digits/],
    ['prefix,rate\n', /no rates/],
  ];
  for (const [text, message] of cases) {
    const path = file(text);
    assert.throws(() => loadRateDeck(path), (e: Error) => {
      assert.ok(e.message.startsWith(path), `${e.message} names the file`);
      assert.match(e.message, message);
      return true;
    });
  }
});

test('the shipped estimates load; a file missing a class is refused', () => {
  const estimates = loadEstimatedRates();
  assert.equal(estimates.byClass['toll-free'].ratePerMinute, 0);
  assert.equal(estimates.byPrefix.match('+8821234567')?.ratePerMinute, 8.13);
  const path = file('key,rate_per_minute,description\nnational-fixed,0.01,x\n');
  assert.throws(() => loadEstimatedRates(path), /no estimate for national-mobile/);
  const bad = file('key,rate_per_minute,description\ndomestic,0.01,x\n');
  assert.throws(() => loadEstimatedRates(bad), /line 2: key "domestic" is neither/);
});
