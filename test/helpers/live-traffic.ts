// Synthetic AMI call traffic in accelerated time, for the flood and 24-hour
// runs (test/live/bounded.test.ts) and the live-guard benchmark: each call is
// the event sequence Asterisk 22.7 writes for an outbound call (the captures'),
// Newchannel/Newstate/VarSet noise included, answered or busy, up for a while.
import { AmiMessage } from '../../src/actions/lockout/ami-message.js';

export interface TrafficOptions {
  /** Epoch ms of the first event. */
  start: number;
  seconds: number;
  /** Calls placed per second, spread over the extensions. */
  callsPerSecond: number;
  extensions: number;
  /** Longest call, seconds. */
  maxCallSeconds: number;
  /** Share of calls abroad (to +882, Cuba, the UK). */
  international: number;
  seed?: number;
}

const ABROAD = ['0118821612345', '01153581234', '0114420794601', '01188161234'];

/** Events in time order, each with its time; calls still up at the end are hung up after `seconds`. */
export function* traffic(o: TrafficOptions): Generator<{ at: number; m: AmiMessage }> {
  let seed = o.seed ?? 1;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const later = new Map<number, AmiMessage[]>();
  const at = (second: number, m: AmiMessage) => {
    const list = later.get(second);
    if (list) list.push(m);
    else later.set(second, [m]);
  };
  let n = 0;
  const last = o.seconds + o.maxCallSeconds + 2;
  for (let s = 0; s <= last; s++) {
    const due = later.get(s) ?? [];
    later.delete(s);
    const out: AmiMessage[] = [...due];
    if (s < o.seconds) {
      let calls = Math.floor(o.callsPerSecond) + (rand() < o.callsPerSecond % 1 ? 1 : 0);
      while (calls-- > 0) {
        n++;
        const ext = String(1000 + Math.floor(rand() * o.extensions));
        const ch = `PJSIP/${ext}-${n.toString(16).padStart(8, '0')}`;
        const far = `PJSIP/telco-${(n + 0x10000000).toString(16)}`;
        const uid = `1795750000.${2 * n}`;
        const fuid = `1795750000.${2 * n + 1}`;
        const number = rand() < o.international ? `${ABROAD[n % ABROAD.length]}${n % 10}` : `1212555${String(n % 10000).padStart(4, '0')}`;
        const caller: [string, string][] = [['Channel', ch], ['ChannelState', '4'], ['CallerIDNum', ext], ['Context', 'from-internal'], ['Exten', number], ['Uniqueid', uid], ['Linkedid', uid]];
        const dest: [string, string][] = [['DestChannel', far], ['DestChannelState', '5'], ['DestContext', 'from-internal'], ['DestUniqueid', fuid], ['DestLinkedid', uid]];
        out.push(new AmiMessage([['Event', 'Newchannel'], ['Privilege', 'call,all'], ...caller]));
        out.push(new AmiMessage([['Event', 'VarSet'], ['Privilege', 'dialplan,all'], ['Channel', ch], ['Variable', 'TG_EXT'], ['Value', ext]]));
        out.push(new AmiMessage([['Event', 'Newchannel'], ['Privilege', 'call,all'], ['Channel', far], ['Uniqueid', fuid], ['Linkedid', uid], ['Context', 'from-internal'], ['Exten', 's']]));
        out.push(new AmiMessage([['Event', 'DialBegin'], ['Privilege', 'call,all'], ...caller, ...dest, ['DialString', `${number}@telco`]]));
        const answered = rand() < 0.7;
        const up = 1 + Math.floor(rand() * o.maxCallSeconds);
        const ring = 1 + Math.floor(rand() * 5);
        at(s + ring, new AmiMessage([['Event', 'Newstate'], ['Privilege', 'call,all'], ['Channel', far], ['ChannelState', answered ? '6' : '5'], ['Uniqueid', fuid]]));
        at(s + ring, new AmiMessage([['Event', 'DialEnd'], ['Privilege', 'call,all'], ...caller, ...dest, ['DialStatus', answered ? 'ANSWER' : 'BUSY']]));
        if (answered) at(s + ring, new AmiMessage([['Event', 'BridgeEnter'], ['Privilege', 'call,all'], ['Channel', far], ['Uniqueid', fuid]]));
        const end = s + ring + (answered ? up : 0);
        at(end, new AmiMessage([['Event', 'Hangup'], ['Privilege', 'call,all'], ['Channel', far], ['Uniqueid', fuid], ['Cause', '16']]));
        at(end, new AmiMessage([['Event', 'Hangup'], ['Privilege', 'call,all'], ['Channel', ch], ['Uniqueid', uid], ['Cause', '16']]));
      }
    }
    for (let i = 0; i < out.length; i++) yield { at: o.start + s * 1000 + Math.floor((i * 1000) / out.length), m: out[i]! };
  }
}
