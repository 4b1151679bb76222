-- Berth metadata schema, version 6: volumes. A volume's data lives under
-- <data-root>/volumes/<name>/_data (Docker's layout); this table holds what inspect shows besides it.

CREATE TABLE volumes (
  name      TEXT PRIMARY KEY,
  driver    TEXT NOT NULL,
  created   INTEGER NOT NULL,
  anonymous INTEGER NOT NULL DEFAULT 0,
  config    TEXT NOT NULL
);
