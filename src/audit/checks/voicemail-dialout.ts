// Voicemail's dialout= lets a mailbox owner place calls from VoiceMailMain,
// callback= calls back whoever left a message (a caller ID anyone can fake).
// When those contexts reach a trunk, a guessed mailbox PIN is a free phone line.
import { z } from 'zod';
import { defineAuditCheck, type AuditHit } from '../check.js';
import { objects, type ConfigVar } from '../config/types.js';
import { at, callerChooses, q, reachSentence, sentences } from './describe.js';

export const voicemailDialout = defineAuditCheck({
  meta: {
    id: 'voicemail-dialout',
    description: 'voicemail.conf dialout= and callback= contexts (in [general] or a mailbox\'s options) from which a trunk can be reached.',
    defaultSeverity: 'critical',
    files: ['voicemail.conf', 'extensions.conf'],
  },
  options: z.object({}),
  check({ pbx }) {
    const found: { option: string; context: string; v: ConfigVar; mailbox: string | null }[] = [];
    for (const cat of objects(pbx.files['voicemail.conf'])) {
      const name = cat.name.toLowerCase();
      if (name === 'zonemessages') continue;
      for (const v of cat.vars) {
        const key = v.name.toLowerCase();
        if (name === 'general' && (key === 'dialout' || key === 'callback')) {
          if (v.value.trim()) found.push({ option: key, context: v.value.trim(), v, mailbox: null });
          continue;
        }
        if (name === 'general') continue;
        // mailbox => password,name,email,pager,options  (options: a=b|c=d)
        const options = v.value.split(',').slice(4).join(',');
        for (const kv of options.split('|')) {
          const m = /^\s*(dialout|callback)\s*=\s*(\S+)\s*$/i.exec(kv);
          if (m) found.push({ option: m[1]!.toLowerCase(), context: m[2]!, v, mailbox: `${v.name}@${cat.name}` });
        }
      }
    }
    const hits: AuditHit[] = [];
    for (const f of found) {
      const reach = reachSentence(pbx, f.context);
      if (!reach.hit) continue;
      hits.push({
        file: f.v.file,
        line: f.v.line,
        severity: callerChooses(reach.hit.dialled) ? undefined : 'warning',
        title: `Voicemail ${f.option}= context ${q(f.context)} reaches a trunk${f.mailbox ? ` (mailbox ${q(f.mailbox, 30)})` : ''}`,
        explanation: sentences(
          `${f.option}=${f.context} at ${at(f.v)}`,
          f.option === 'dialout' ? 'Anyone who knows or guesses a mailbox PIN can place calls from the voicemail menu' : 'Voicemail calls back the caller ID of whoever left a message, and a caller ID is whatever the caller says',
          reach.sentence.replace(/^Its calls start/, 'Those calls start'),
        ),
        fix: `Remove ${f.option}=, or point it at a context that reaches only your own extensions`,
      });
    }
    return hits;
  },
});
