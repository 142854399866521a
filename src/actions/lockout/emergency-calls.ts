// A lock stops new calls; the Hangup that follows takes the calls in progress.
// An extension may be on an emergency call at that moment (the phone was stolen,
// not its owner's hands): that call must stay up. Which channel is one is read
// from CoreShowChannels, the same list `core show channels` prints.
import type { AmiMessage } from './ami-message.js';

/** The extension's live channels as CoreShowChannels lists them, split by whether each is an emergency call. */
export interface ExtensionChannels {
  emergency: { channel: string; number: string }[];
  other: string[];
}

/** The number a channel is calling, as far as CoreShowChannel shows it: Exten, the Dial string's target, the connected line. */
function numbersOf(e: AmiMessage): string[] {
  const out = [e.get('Exten') ?? '', e.get('ConnectedLineNum') ?? ''];
  // Dial(IAX2/carrier/911,60) or Dial(PJSIP/911@trunk): the first argument's last part, before any @.
  const target = (e.get('ApplicationData') ?? '').split(/[,&]/)[0]!.split('/').pop()!.split('@')[0]!;
  out.push(target);
  return out.map((n) => n.replace(/^\+/, '')).filter((n) => /^[0-9]+$/.test(n));
}

/**
 * Sorts the channels of `listing` that match `isExtensionChannel` into emergency calls
 * (any number of theirs is one of `emergency`) and the rest.
 */
export function classifyChannels(listing: readonly AmiMessage[], isExtensionChannel: (name: string) => boolean, emergency: readonly string[]): ExtensionChannels {
  const sos = new Set(emergency);
  const out: ExtensionChannels = { emergency: [], other: [] };
  for (const e of listing) {
    const channel = e.get('Channel') ?? '';
    if (!isExtensionChannel(channel)) continue;
    const number = numbersOf(e).find((n) => sos.has(n));
    if (number) out.emergency.push({ channel, number });
    else out.other.push(channel);
  }
  return out;
}
