-- What an admin acknowledged by removing a lock (`tollguard lockout remove`): per
-- extension and day, the rules of the findings then and the calls and cost they
-- measured. The lockout policy locks again only on new evidence (more calls,
-- more cost, a rule not listed here).
CREATE TABLE lockout_acks (
  extension TEXT NOT NULL,
  day       TEXT NOT NULL,
  rules     TEXT NOT NULL,
  calls     INTEGER NOT NULL,
  cost      DOUBLE PRECISION NOT NULL,
  actor     TEXT NOT NULL,
  at        TEXT NOT NULL,
  PRIMARY KEY (extension, day)
);

-- `lockout remove --until DAY | --for 24h`: no automatic lock of the extension before `until`.
CREATE TABLE lockout_exemptions (
  extension TEXT PRIMARY KEY,
  until     TEXT NOT NULL,
  actor     TEXT NOT NULL,
  at        TEXT NOT NULL
);
