-- Berth metadata schema, version 3: the build cache. Each finished builder step records the image
-- it produced under a key made of the parent image, the instruction as executed and, for COPY and
-- ADD, the checksum of the files copied. A rebuild looks the key up instead of running the step.

CREATE TABLE build_cache (
  key        TEXT PRIMARY KEY,
  image_id   TEXT NOT NULL,
  parent     TEXT,
  created_by TEXT NOT NULL,
  created    INTEGER NOT NULL,
  last_used  INTEGER NOT NULL
);
CREATE INDEX build_cache_image_id ON build_cache(image_id);
