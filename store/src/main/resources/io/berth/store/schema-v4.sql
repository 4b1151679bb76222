-- Berth metadata schema, version 4: networks and their endpoints (IPAM state). A network row holds
-- its configuration; an endpoint row says a container belongs to a network, with the options it
-- asked for, and — while the container runs — the address the network's IPAM handed it.

CREATE TABLE networks (
  id       TEXT PRIMARY KEY,
  name     TEXT NOT NULL UNIQUE,
  driver   TEXT NOT NULL,
  created  INTEGER NOT NULL,
  config   TEXT NOT NULL,
  ipam_last INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE endpoints (
  network_id   TEXT NOT NULL REFERENCES networks(id),
  container_id TEXT NOT NULL,
  seq          INTEGER NOT NULL,
  config       TEXT NOT NULL,
  address      INTEGER,
  mac          TEXT,
  if_name      TEXT,
  PRIMARY KEY (network_id, container_id)
);
CREATE UNIQUE INDEX endpoints_address ON endpoints(network_id, address);
CREATE INDEX endpoints_container_id ON endpoints(container_id);
