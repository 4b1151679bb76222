package io.berth.registry.web;

import static io.berth.registry.web.Html.text;

import io.berth.registry.storage.RepositorySummary;
import io.berth.registry.web.Views.HistoryRow;
import io.berth.registry.web.Views.ImageConfig;
import io.berth.registry.web.Views.ImageView;
import io.berth.registry.web.Views.IndexView;
import io.berth.registry.web.Views.LayerRow;
import io.berth.registry.web.Views.PlatformRow;
import io.berth.registry.web.Views.TagRow;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders the pages as complete HTML documents. Pure functions of their arguments (no I/O), so the
 * escaping can be tested directly. Every value that came from the registry (names, tags, labels,
 * history, the client's Host) is written through {@link Html#text}, and through {@link Html#path}
 * first where it is part of a link.
 */
public final class Pages {
  private Pages() {}

  /** {@code GET /}: the repositories. {@code truncated}: more exist than are listed. */
  public static String repositories(String host, List<RepositorySummary> repos, boolean truncated) {
    StringBuilder b = head("Repositories", host);
    b.append("<h1>Repositories</h1>\n");
    if (repos.isEmpty()) {
      b.append("<p class=\"empty\">No repositories yet. Push one: <code>docker push ").append(text(host))
          .append("/name:tag</code></p>\n");
    } else {
      b.append("<table id=\"repositories\">\n<thead><tr><th>Repository</th><th>Tags</th><th>Last pushed</th></tr></thead>\n<tbody>\n");
      for (RepositorySummary r : repos) {
        b.append("<tr><td class=\"repo\"><a href=\"").append(repoHref(r.name())).append("\">").append(text(r.name()))
            .append("</a></td><td class=\"num\">").append(r.tags()).append("</td><td>").append(Html.time(r.lastPush()))
            .append("</td></tr>\n");
      }
      b.append("</tbody>\n</table>\n");
      if (truncated) b.append("<p class=\"note\">Only the first ").append(repos.size()).append(" repositories are listed.</p>\n");
    }
    return foot(b);
  }

  /** {@code /r/<repo>}: its tags. */
  public static String tags(String host, String repo, List<TagRow> tags, boolean truncated) {
    StringBuilder b = head(repo, host);
    b.append("<nav><a href=\"/\">Repositories</a> / ").append(text(repo)).append("</nav>\n");
    b.append("<h1 class=\"repo\">").append(text(repo)).append("</h1>\n");
    b.append("<pre class=\"pull\">docker pull ").append(text(host)).append('/').append(text(repo)).append("</pre>\n");
    if (tags.isEmpty()) {
      b.append("<p class=\"empty\">No tags (only untagged manifests).</p>\n");
    } else {
      b.append("<table id=\"tags\">\n<thead><tr><th>Tag</th><th>Digest</th><th>Type</th><th>Size</th><th>Platform</th>"
          + "<th>Pushed</th></tr></thead>\n<tbody>\n");
      for (TagRow t : tags) {
        b.append("<tr><td class=\"tag\"><a href=\"").append(tagHref(repo, t.tag())).append("\">").append(text(t.tag()))
            .append("</a></td><td class=\"digest\" title=\"").append(text(t.digest().toString())).append("\"><code>")
            .append(text(Html.shortDigest(t.digest().toString()))).append("</code></td><td>").append(t.kind().label())
            .append("</td><td class=\"size\">").append(t.size().map(Pages::size).orElse("—"))
            .append("</td><td class=\"platform\">").append(text(String.join(", ", t.platforms())))
            .append("</td><td>").append(Html.time(t.pushed())).append("</td></tr>\n");
      }
      b.append("</tbody>\n</table>\n");
      if (truncated) b.append("<p class=\"note\">Only the first ").append(tags.size()).append(" tags are listed.</p>\n");
    }
    return foot(b);
  }

  /** {@code /r/<repo>/t/<tag>} of an image manifest. */
  public static String image(String host, ImageView v) {
    StringBuilder b = head(v.repo() + ":" + v.reference(), host);
    summary(b, host, v.repo(), v.reference(), v.digest().toString(), v.mediaType(), v.pushed().map(Html::time));
    b.append("<dl class=\"facts\">\n");
    fact(b, "Size", "size", size(v.size()));
    fact(b, "Layers", "layer-count", Integer.toString(v.layers().size()));
    fact(b, "Config", "config", text(v.configDigest().toString()));
    v.config().ifPresent(c -> {
      fact(b, "Platform", "platform", text(c.platform()));
      c.created().ifPresent(t -> fact(b, "Created", "created", text(t)));
    });
    b.append("</dl>\n");
    v.config().ifPresent(c -> config(b, c));
    b.append("<h2>Layers</h2>\n<table id=\"layers\">\n<thead><tr><th>#</th><th>Digest</th><th>Media type</th><th>Size</th></tr>"
        + "</thead>\n<tbody>\n");
    int i = 0;
    for (LayerRow l : v.layers()) {
      b.append("<tr><td class=\"num\">").append(++i).append("</td><td class=\"digest\"><code>").append(text(l.digest().toString()))
          .append("</code></td><td>").append(text(l.mediaType())).append("</td><td class=\"size\">").append(size(l.size()))
          .append("</td></tr>\n");
    }
    b.append("</tbody>\n</table>\n");
    v.config().ifPresent(c -> history(b, c.history()));
    return foot(b);
  }

  /** {@code /r/<repo>/t/<tag>} of an index: its platforms. */
  public static String index(String host, IndexView v) {
    StringBuilder b = head(v.repo() + ":" + v.reference(), host);
    summary(b, host, v.repo(), v.reference(), v.digest().toString(), v.mediaType(), v.pushed().map(Html::time));
    b.append("<h2>Platforms</h2>\n<table id=\"platforms\">\n<thead><tr><th>Platform</th><th>Digest</th><th>Media type</th>"
        + "<th>Manifest size</th></tr></thead>\n<tbody>\n");
    for (PlatformRow p : v.platforms()) {
      b.append("<tr><td class=\"platform\">").append(text(p.platform())).append("</td><td class=\"digest\">");
      if (p.present()) {
        b.append("<a href=\"").append(digestHref(v.repo(), p.digest().toString())).append("\"><code>")
            .append(text(p.digest().toString())).append("</code></a>");
      } else {
        b.append("<code>").append(text(p.digest().toString())).append("</code> (not in this repository)");
      }
      b.append("</td><td>").append(text(p.mediaType())).append("</td><td class=\"size\">").append(size(p.size()))
          .append("</td></tr>\n");
    }
    b.append("</tbody>\n</table>\n");
    return foot(b);
  }

  /** An error page (404, 401, 403) with a short message. */
  public static String error(String host, int status, String title, String message) {
    StringBuilder b = head(title, host);
    b.append("<nav><a href=\"/\">Repositories</a></nav>\n<h1>").append(status).append(' ').append(text(title)).append("</h1>\n<p>")
        .append(text(message)).append("</p>\n");
    return foot(b);
  }

  /** Size as docker prints it, with the exact byte count as a tooltip. */
  static String size(long bytes) {
    return "<span title=\"" + bytes + " bytes\">" + Html.size(bytes) + "</span>";
  }

  static String repoHref(String repo) {
    return text("/r/" + Html.path(repo));
  }

  static String tagHref(String repo, String tag) {
    return text("/r/" + Html.path(repo) + "/t/" + Html.path(tag).replace("/", "%2F"));
  }

  static String digestHref(String repo, String digest) {
    return text("/r/" + Html.path(repo) + "/d/" + Html.path(digest).replace("/", "%2F"));
  }

  private static void summary(StringBuilder b, String host, String repo, String reference, String digest, String mediaType,
      java.util.Optional<String> pushed) {
    boolean byDigest = reference.equals(digest);
    b.append("<nav><a href=\"/\">Repositories</a> / <a href=\"").append(repoHref(repo)).append("\">").append(text(repo))
        .append("</a> / ").append(text(byDigest ? Html.shortDigest(digest) : reference)).append("</nav>\n");
    b.append("<h1><span class=\"repo\">").append(text(repo)).append("</span>").append(byDigest ? "@" : ":")
        .append("<span class=\"tag\">").append(text(reference)).append("</span></h1>\n");
    b.append("<pre class=\"pull\" id=\"pull\">docker pull ").append(text(host)).append('/').append(text(repo))
        .append(byDigest ? "@" : ":").append(text(reference)).append("</pre>\n");
    b.append("<dl class=\"facts\">\n");
    fact(b, "Digest", "digest", text(digest));
    fact(b, "Media type", "media-type", text(mediaType));
    pushed.ifPresent(p -> fact(b, "Pushed", "pushed", text(p)));
    b.append("</dl>\n");
  }

  private static void config(StringBuilder b, ImageConfig c) {
    b.append("<h2>Configuration</h2>\n<dl class=\"facts\" id=\"config\">\n");
    if (!c.entrypoint().isEmpty()) fact(b, "Entrypoint", "entrypoint", text(json(c.entrypoint())));
    if (!c.cmd().isEmpty()) fact(b, "Cmd", "cmd", text(json(c.cmd())));
    c.workingDir().ifPresent(w -> fact(b, "Working dir", "workdir", text(w)));
    c.user().ifPresent(u -> fact(b, "User", "user", text(u)));
    if (!c.exposedPorts().isEmpty()) fact(b, "Exposed ports", "ports", text(String.join(" ", c.exposedPorts())));
    b.append("</dl>\n");
    if (!c.env().isEmpty()) {
      b.append("<h3>Environment</h3>\n<ul id=\"env\">\n");
      for (String e : c.env()) b.append("<li><code>").append(text(e)).append("</code></li>\n");
      b.append("</ul>\n");
    }
    if (!c.labels().isEmpty()) {
      b.append("<h3>Labels</h3>\n<table id=\"labels\">\n<tbody>\n");
      for (Map.Entry<String, String> l : new TreeMap<>(c.labels()).entrySet()) {
        b.append("<tr><th>").append(text(l.getKey())).append("</th><td>").append(text(l.getValue())).append("</td></tr>\n");
      }
      b.append("</tbody>\n</table>\n");
    }
  }

  private static void history(StringBuilder b, List<HistoryRow> history) {
    if (history.isEmpty()) return;
    b.append("<h2>History</h2>\n<table id=\"history\">\n<thead><tr><th>Created</th><th>Created by</th><th>Size</th></tr></thead>\n<tbody>\n");
    for (HistoryRow h : history) {
      b.append("<tr").append(h.emptyLayer() ? " class=\"empty-layer\"" : "").append("><td>").append(text(h.created().orElse("")))
          .append("</td><td class=\"created-by\"><code>").append(text(h.createdBy())).append("</code>");
      h.comment().ifPresent(c -> b.append("<div class=\"comment\">").append(text(c)).append("</div>"));
      b.append("</td><td class=\"size\">").append(h.layerSize().map(Pages::size).orElse("—")).append("</td></tr>\n");
    }
    b.append("</tbody>\n</table>\n");
  }

  private static void fact(StringBuilder b, String name, String id, String escapedValue) {
    b.append("<dt>").append(name).append("</dt><dd id=\"").append(id).append("\">").append(escapedValue).append("</dd>\n");
  }

  /** A JSON array of strings, as {@code docker inspect} shows Cmd and Entrypoint (escaped later as text). */
  private static String json(List<String> values) {
    return io.berth.oci.Json.string(values);
  }

  private static StringBuilder head(String title, String host) {
    return new StringBuilder(4096).append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>").append(text(title))
        .append(" · ").append(text(host)).append("</title>\n<link rel=\"stylesheet\" href=\"").append(WebPages.STYLE_PATH)
        .append("\">\n</head>\n<body>\n<header><a href=\"/\">berth registry</a> <span class=\"host\">").append(text(host))
        .append("</span></header>\n<main>\n");
  }

  private static String foot(StringBuilder b) {
    return b.append("</main>\n</body>\n</html>\n").toString();
  }
}
