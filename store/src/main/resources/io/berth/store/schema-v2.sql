-- Berth metadata schema, version 2: an image's parent (the image a commit was made from), which
-- docker history and inspect's Parent show. NULL for pulled, loaded and imported images.

ALTER TABLE images ADD COLUMN parent TEXT;
