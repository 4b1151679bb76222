-- Berth metadata schema, version 1. Documented table by table in store/README.md.
-- Statements are separated by ';' at the end of a line. Times are epoch milliseconds; IDs and
-- digests are 'sha256:<hex>' strings.

CREATE TABLE snapshots (
  key     TEXT PRIMARY KEY,
  id      INTEGER NOT NULL UNIQUE,
  parent  TEXT REFERENCES snapshots(key),
  kind    TEXT NOT NULL CHECK (kind IN ('active', 'committed')),
  created INTEGER NOT NULL
);

CREATE TABLE layers (
  chain_id        TEXT PRIMARY KEY,
  diff_id         TEXT NOT NULL,
  parent          TEXT REFERENCES layers(chain_id),
  blob_digest     TEXT,
  blob_media_type TEXT,
  blob_size       INTEGER,
  size            INTEGER NOT NULL,
  created         INTEGER NOT NULL
);

CREATE TABLE images (
  id              TEXT PRIMARY KEY,
  manifest_digest TEXT,
  size            INTEGER NOT NULL,
  created         INTEGER NOT NULL
);

CREATE TABLE tags (
  ref      TEXT PRIMARY KEY,
  image_id TEXT NOT NULL REFERENCES images(id),
  created  INTEGER NOT NULL
);

CREATE INDEX tags_image_id ON tags(image_id);

CREATE TABLE containers (
  id       TEXT PRIMARY KEY,
  name     TEXT NOT NULL UNIQUE,
  image_id TEXT NOT NULL,
  created  INTEGER NOT NULL,
  config   TEXT NOT NULL,
  state    TEXT NOT NULL
);

CREATE INDEX containers_image_id ON containers(image_id);
