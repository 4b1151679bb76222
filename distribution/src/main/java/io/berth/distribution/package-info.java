/**
 * The registry client berthd pulls and pushes with (OCI distribution spec): one class per endpoint
 * (blob head/get/upload, manifest get/put, tags), anonymous, basic and bearer-token authentication,
 * and credentials from {@code ~/.docker/config.json}.
 */
package io.berth.distribution;
