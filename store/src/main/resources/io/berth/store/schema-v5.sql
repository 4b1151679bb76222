-- Berth metadata schema, version 5: repository digests. Docker's reference store keeps, beside the
-- tags, digested references (repo@sha256:<manifest>) of the manifests an image was pulled by or
-- pushed as; they are the image's RepoDigests. One reference names one image.

CREATE TABLE repo_digests (
  ref      TEXT PRIMARY KEY,
  image_id TEXT NOT NULL REFERENCES images(id),
  created  INTEGER NOT NULL
);

CREATE INDEX repo_digests_image_id ON repo_digests(image_id);

-- Until now RepoDigests were derived from images.manifest_digest and each tag's repository: keep
-- what was shown. The repository of a tag is the reference up to its last ':' (a tag has no '/').
INSERT OR IGNORE INTO repo_digests(ref, image_id, created)
  SELECT substr(t.ref, 1, length(rtrim(t.ref, replace(t.ref, ':', ''))) - 1) || '@' || i.manifest_digest,
         i.id, t.created
  FROM tags t JOIN images i ON i.id = t.image_id
  WHERE i.manifest_digest IS NOT NULL;
