/**
 * The registry's web page, served on the registry's own port next to /v2/: {@code GET /} lists
 * repositories, {@code /r/<repo>} a repository's tags, {@code /r/<repo>/t/<tag>} (and
 * {@code /r/<repo>/d/<digest>}) one image: layers, history, config, the pull command; an index shows
 * its platforms. Server-rendered HTML without scripts: {@link io.berth.registry.web.ImageReader}
 * reads the index and content store into {@link io.berth.registry.web.Views} records,
 * {@link io.berth.registry.web.Pages} renders them (everything from the registry is user data and is
 * escaped by {@link io.berth.registry.web.Html}), {@link io.berth.registry.web.WebPages} routes,
 * checks the same pull rights as the API and sends a strict Content-Security-Policy.
 */
package io.berth.registry.web;
