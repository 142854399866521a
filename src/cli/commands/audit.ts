import { SEVERITIES, severityRank, type Severity } from '../../detection/rule.js';
import { CHECKS } from '../../audit/checks/index.js';
import { renderAuditHtml } from '../../audit/render/html.js';
import { renderAuditJson } from '../../audit/render/json.js';
import { renderAuditText } from '../../audit/render/text.js';
import { auditFolder } from '../../audit/run.js';
import { CONFIG_OPTIONS, configFrom, parseOptions } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit.js';
import { checkOutPath, writeFileAtomic } from '../write-atomic.js';

const FORMATS = ['text', 'json', 'html'] as const;
type Format = (typeof FORMATS)[number];

export const audit: Command = {
  usage: `Usage: tollguard audit [--etc DIR] [--format text|json|html] [--out FILE]
                       [--fail-on info|warning|critical] [--config FILE]

Reads Asterisk's configuration as Asterisk does (#include and #tryinclude with
globs, templates, (+), block comments; #exec is named, never run) and checks it
against the hardening checklist: calls without a password that reach a trunk
(with the path through the dialplan), anonymous and guest endpoints, weak
passwords (the rule broken, never the password), open transports, AMI and HTTP
beyond loopback, international dialling with no class of service, DISA,
voicemail dial-out, tollguard's lock check, CDR settings.

  --etc DIR        the configuration folder (default AUDIT_ETC, else /etc/asterisk).
  --format F       text (default), json ({"findings": [...]}, file relative to
                   --etc) or html (one self-contained page).
  --out FILE       write there (atomically) instead of standard output.
  --fail-on S      exit with status 1 when a finding is at least this severe.

Checks: ${CHECKS.map((c) => c.meta.id).join(', ')}.`,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, {
      ...CONFIG_OPTIONS,
      etc: { type: 'string' },
      format: { type: 'string', default: 'text' },
      out: { type: 'string' },
      'fail-on': { type: 'string' },
    }, true);
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const format = values.format as Format;
    if (!FORMATS.includes(format)) throw new UsageError(`--format takes ${FORMATS.join(', ')}, not "${values.format}"`);
    const failOn = values['fail-on'] as Severity | undefined;
    if (failOn !== undefined && !SEVERITIES.includes(failOn)) throw new UsageError(`--fail-on takes ${SEVERITIES.join(' or ')}, not "${failOn}"`);
    if (values.out) checkOutPath(values.out);
    const config = configFrom(values);
    const etc = values.etc ?? config.audit.etc ?? '/etc/asterisk';
    const { result } = auditFolder(etc, config);
    const text = format === 'json' ? renderAuditJson(result) : format === 'html' ? renderAuditHtml(result) : renderAuditText(result, { color: !values.out && process.stdout.isTTY === true });
    if (values.out) writeFileAtomic(values.out, text);
    else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    if (failOn && result.findings.some((f) => severityRank(f.severity) >= severityRank(failOn))) return EXIT.findings;
    return EXIT.ok;
  },
};
