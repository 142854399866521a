// Every environment variable tollguard reads, the config key it sets and how
// its text is parsed. .env.example documents exactly this list (a test checks).
export type EnvKind = 'string' | 'list' | 'int' | 'number' | 'bool' | 'hours' | 'days';

export interface EnvVar {
  name: string;
  /** Key path in the configuration, e.g. ["pbx", "timezone"]. */
  path: string[];
  kind: EnvKind;
  /** Never printed: config check and logs show it redacted. */
  secret?: boolean;
}

export const ENV_VARS: EnvVar[] = [
  { name: 'PBX_TIMEZONE', path: ['pbx', 'timezone'], kind: 'string' },
  { name: 'HOME_COUNTRY', path: ['pbx', 'homeCountry'], kind: 'string' },
  { name: 'INTERNATIONAL_PREFIXES', path: ['pbx', 'internationalPrefixes'], kind: 'list' },
  { name: 'NATIONAL_PREFIX', path: ['pbx', 'nationalPrefix'], kind: 'string' },
  { name: 'TRUNK_ACCESS_CODES', path: ['pbx', 'trunkAccessCodes'], kind: 'list' },
  { name: 'EMERGENCY_NUMBERS', path: ['pbx', 'emergencyNumbers'], kind: 'list' },
  { name: 'INTERNAL_CONTEXTS', path: ['pbx', 'internalContexts'], kind: 'list' },
  { name: 'TRUNK_CONTEXTS', path: ['pbx', 'trunkContexts'], kind: 'list' },
  { name: 'TRUNKS', path: ['pbx', 'trunks'], kind: 'list' },
  { name: 'EXTENSION_MAX_DIGITS', path: ['pbx', 'extensionMaxDigits'], kind: 'int' },
  { name: 'BUSINESS_HOURS', path: ['pbx', 'businessHours'], kind: 'hours' },
  { name: 'BUSINESS_DAYS', path: ['pbx', 'businessHours', 'days'], kind: 'days' },
  { name: 'EXEMPT_EXTENSIONS', path: ['pbx', 'exemptExtensions'], kind: 'list' },
  { name: 'ALLOWED_FORWARDS', path: ['pbx', 'allowedForwards'], kind: 'list' },
  { name: 'CDR_SOURCE', path: ['cdr', 'source'], kind: 'string' },
  { name: 'CDR_CSV', path: ['cdr', 'csv'], kind: 'list' },
  { name: 'CDR_CSV_LAYOUT', path: ['cdr', 'csvLayout'], kind: 'string' },
  { name: 'CDR_USE_GMT', path: ['cdr', 'gmt'], kind: 'bool' },
  { name: 'CDR_READER_THREADS', path: ['cdr', 'readerThreads'], kind: 'int' },
  { name: 'CDR_QUARANTINE_FILE', path: ['cdr', 'quarantineFile'], kind: 'string' },
  { name: 'CDR_DATABASE_URL', path: ['cdr', 'database', 'url'], kind: 'string', secret: true },
  { name: 'CDR_TABLE', path: ['cdr', 'database', 'table'], kind: 'string' },
  { name: 'CDR_COLUMN_MAP', path: ['cdr', 'database', 'columns'], kind: 'string' },
  { name: 'CDR_OVERLAP_MINUTES', path: ['cdr', 'database', 'overlapMinutes'], kind: 'int' },
  { name: 'RATE_DECK', path: ['pricing', 'rateDeck'], kind: 'string' },
  { name: 'HIGH_RISK_LIST', path: ['pricing', 'highRiskList'], kind: 'string' },
  { name: 'CURRENCY', path: ['pricing', 'currency'], kind: 'string' },
  { name: 'LOOKBACK_DAYS', path: ['detection', 'lookbackDays'], kind: 'int' },
  { name: 'DAILY_COST_CAP', path: ['detection', 'rules', 'cost-cap', 'options', 'perExtension'], kind: 'number' },
  { name: 'PBX_DAILY_COST_CAP', path: ['detection', 'rules', 'pbx-cost-cap', 'options', 'perDay'], kind: 'number' },
  { name: 'DATABASE_URL', path: ['store', 'databaseUrl'], kind: 'string', secret: true },
  { name: 'TOLLGUARD_STATE', path: ['store', 'statePath'], kind: 'string' },
  { name: 'STORE_LOCK_WAIT', path: ['store', 'lockWaitSeconds'], kind: 'int' },
  { name: 'AMI_HOST', path: ['ami', 'host'], kind: 'string' },
  { name: 'AMI_PORT', path: ['ami', 'port'], kind: 'int' },
  { name: 'AMI_USERNAME', path: ['ami', 'username'], kind: 'string' },
  { name: 'AMI_SECRET', path: ['ami', 'secret'], kind: 'string', secret: true },
  { name: 'LOCKOUT_MODE', path: ['lockout', 'mode'], kind: 'string' },
  { name: 'LOCKOUT_RULES', path: ['lockout', 'rules'], kind: 'list' },
  { name: 'LOCKOUT_MIN_SEVERITY', path: ['lockout', 'minSeverity'], kind: 'string' },
  { name: 'LOCKOUT_MAX_PER_RUN', path: ['lockout', 'maxPerRun'], kind: 'int' },
  { name: 'LOCKOUT_NEVER', path: ['lockout', 'neverLock'], kind: 'list' },
  { name: 'LOCKOUT_MAX_AGE_HOURS', path: ['lockout', 'maxFindingAgeHours'], kind: 'number' },
  { name: 'LOCKOUT_EXPIRY_HOURS', path: ['lockout', 'expiryHours'], kind: 'number' },
  { name: 'LOCKOUT_HANGUP', path: ['lockout', 'hangup'], kind: 'bool' },
  { name: 'SMTP_URL', path: ['email', 'smtp', 'url'], kind: 'string', secret: true },
  { name: 'SMTP_HOST', path: ['email', 'smtp', 'host'], kind: 'string' },
  { name: 'SMTP_PORT', path: ['email', 'smtp', 'port'], kind: 'int' },
  { name: 'SMTP_USER', path: ['email', 'smtp', 'user'], kind: 'string' },
  { name: 'SMTP_PASSWORD', path: ['email', 'smtp', 'password'], kind: 'string', secret: true },
  { name: 'SMTP_TLS', path: ['email', 'smtp', 'tls'], kind: 'string' },
  { name: 'ALERT_EMAIL_FROM', path: ['email', 'from'], kind: 'string' },
  { name: 'ALERT_EMAIL_TO', path: ['email', 'to'], kind: 'list' },
  { name: 'ALERT_EMAIL_CRITICAL_TO', path: ['email', 'criticalTo'], kind: 'list' },
  { name: 'EMAIL_ALL_CLEAR', path: ['email', 'allClear'], kind: 'bool' },
  { name: 'ALERT_REPEAT_HOURS', path: ['email', 'repeatHours'], kind: 'number' },
  { name: 'EMAIL_OUTBOX', path: ['email', 'outboxDir'], kind: 'string' },
  { name: 'ALERT_WEBHOOK_URL', path: ['webhook', 'url'], kind: 'string', secret: true },
  { name: 'NIGHTLY_SCHEDULE', path: ['schedule', 'nightly', 'cron'], kind: 'string' },
  { name: 'NIGHTLY_ENABLED', path: ['schedule', 'nightly', 'enabled'], kind: 'bool' },
  { name: 'SWEEP_SCHEDULE', path: ['schedule', 'sweep', 'cron'], kind: 'string' },
  { name: 'SWEEP_ENABLED', path: ['schedule', 'sweep', 'enabled'], kind: 'bool' },
  { name: 'TOLLGUARD_LOG_FILE', path: ['schedule', 'logFile'], kind: 'string' },
  { name: 'AUDIT_ETC', path: ['audit', 'etc'], kind: 'string' },
];
