-- tollguard state store, PostgreSQL dialect. Keep parallel to ../sqlite/001_init.sql.
-- Days are 'YYYY-MM-DD' text, instants ISO-8601 text, list fields JSON text.

CREATE TABLE runs (
  id          bigserial PRIMARY KEY,
  job         TEXT NOT NULL,
  window_from TEXT,
  window_to   TEXT,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  status      TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed')),
  counts      TEXT NOT NULL DEFAULT '{}',
  message     TEXT
);
CREATE INDEX runs_job_idx ON runs (job, id);

-- One row at most: who holds the writer lock (a lease; a dead pid on this host frees it).
CREATE TABLE run_lock (
  id     INTEGER PRIMARY KEY CHECK (id = 1),
  run_id bigint NOT NULL,
  job    TEXT NOT NULL,
  pid    integer NOT NULL,
  host   TEXT NOT NULL,
  since  TEXT NOT NULL
);

CREATE TABLE daily_profiles (
  day                           TEXT NOT NULL,
  extension                     TEXT NOT NULL,
  weekday                       INTEGER NOT NULL,
  run_id                        bigint,
  outbound_calls                INTEGER NOT NULL,
  answered_calls                INTEGER NOT NULL,
  failed_calls                  INTEGER NOT NULL,
  billsec                       bigint NOT NULL,
  international_calls           INTEGER NOT NULL,
  international_answered        INTEGER NOT NULL,
  failed_international          INTEGER NOT NULL,
  premium_calls                 INTEGER NOT NULL,
  high_risk_calls               INTEGER NOT NULL,
  high_risk_answered            INTEGER NOT NULL,
  distinct_numbers              INTEGER NOT NULL,
  estimated_cost                double precision NOT NULL,
  cost_estimated                boolean NOT NULL,
  after_hours_calls             INTEGER NOT NULL,
  after_hours_international     INTEGER NOT NULL,
  peak_concurrent               INTEGER NOT NULL,
  peak_concurrent_international INTEGER NOT NULL,
  max_calls_in_10_min           INTEGER NOT NULL,
  longest_sequential_run        INTEGER NOT NULL,
  suspicious_context_calls      INTEGER NOT NULL,
  blocked_attempts              INTEGER NOT NULL,
  first_call                    bigint,
  last_call                     bigint,
  accountcodes                  TEXT NOT NULL,
  countries                     TEXT NOT NULL,
  suspicious_contexts           TEXT NOT NULL,
  top_destinations              TEXT NOT NULL,
  top_countries                 TEXT NOT NULL,
  examples                      TEXT NOT NULL,
  -- DailyProfile fields added after this migration, until one gives them columns.
  extra                         TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (day, extension)
);
CREATE INDEX daily_profiles_extension_idx ON daily_profiles (extension, day);

-- Every country an extension ever called: "first time ever" looks here, not at profiles.
CREATE TABLE known_destinations (
  extension  TEXT NOT NULL,
  country    TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  last_seen  TEXT NOT NULL,
  PRIMARY KEY (extension, country)
);
CREATE INDEX known_destinations_first_seen_idx ON known_destinations (first_seen);

CREATE TABLE findings (
  fingerprint    TEXT PRIMARY KEY,
  run_id         INTEGER NOT NULL,
  day            TEXT NOT NULL,
  extension      TEXT NOT NULL,
  severity       TEXT NOT NULL,
  rule           TEXT NOT NULL,
  title          TEXT NOT NULL,
  explanation    TEXT NOT NULL,
  estimated_cost double precision NOT NULL,
  currency       TEXT NOT NULL,
  evidence       TEXT NOT NULL,
  alerted_at     TEXT,
  alerted_calls  INTEGER,
  alerted_cost   double precision
);
CREATE INDEX findings_day_idx ON findings (day, extension);

CREATE TABLE lockouts (
  extension  TEXT PRIMARY KEY,
  status     TEXT NOT NULL CHECK (status IN ('active', 'pending', 'removed', 'failed', 'dry-run')),
  reason     TEXT NOT NULL,
  rule       TEXT,
  run_id     INTEGER,
  actor      TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  expires_at TEXT,
  error      TEXT
);

CREATE TABLE lockout_events (
  id        bigserial PRIMARY KEY,
  extension TEXT NOT NULL,
  action    TEXT NOT NULL,
  actor     TEXT NOT NULL,
  detail    TEXT NOT NULL,
  at        TEXT NOT NULL
);
CREATE INDEX lockout_events_extension_idx ON lockout_events (extension, id);

CREATE TABLE ingest_positions (
  source     TEXT PRIMARY KEY,
  identity   TEXT NOT NULL,
  position   TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE outbox (
  id         bigserial PRIMARY KEY,
  created_at TEXT NOT NULL,
  attempts   INTEGER NOT NULL,
  last_error TEXT,
  message    TEXT NOT NULL
);
